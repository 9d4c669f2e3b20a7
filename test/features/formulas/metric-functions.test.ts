// =POSTHOG_METRIC through the formulas' cache: the first cell computes every metric of the type with one query per
// interval; every later cell, whatever the type's size, reads two cache entries under 32 KB and sends nothing.
import { describe, expect, it } from "vitest";
import { FormulaError } from "../../../src/features/formulas/messages.ts";
import { metricValues } from "../../../src/features/formulas/metric-functions.ts";
import { zeroValue } from "../../../src/features/metrics/metric-values.ts";
import { formulaWorld } from "../../fakes/formula-env.ts";
import { demoMetrics, expected, NOW, seedEvents } from "../../fakes/metric-events.ts";
import { companies } from "../../fakes/pull-deps.ts";

function world(groups: number) {
  const fake = companies(groups);
  seedEvents(fake, groups, 3);
  fake.metrics.set(0, demoMetrics());
  const w = formulaWorld(fake);
  w.time.advance(NOW - w.time.now());
  return w;
}

const key = (i: number) => `c${String(i).padStart(4, "0")}`;

describe("=POSTHOG_METRIC", () => {
  it("gives PostHog's value, previous, change and series; 0 for a group without events", () => {
    const w = world(30);
    for (const metric of demoMetrics())
      for (const k of [key(0), key(1), key(2)]) {
        const want = expected(w.fake, k, metric);
        expect(metricValues(w.cell(), "company", k, metric.name, "")).toBe(want.value);
        expect(metricValues(w.cell(), "companies", k, metric.name, "previous")).toBe(want.previous);
        expect(metricValues(w.cell(), 0, k, metric.name.toUpperCase(), "change")).toBe(
          want.changePct ?? "",
        );
      }
    const series = metricValues(w.cell(), "company", key(2), "Daily pageviews", "series");
    expect(series).toEqual([zeroValue(demoMetrics()[1] as never).series]);
    // Five metrics, two intervals: two queries for every cell above.
    expect(w.fake.count("POST query")).toBe(2);
    expect(w.fake.count("GET groups_types/metrics")).toBe(1);
  });

  it("a warm cell reads two cache entries and under 32 KB, for 20,000 groups", () => {
    const w = world(20_000);
    metricValues(w.cell(), "company", key(0), "Pageviews", "");
    for (const i of [1, 77, 19_999, 4_321]) {
      const entries = w.cache.entriesRead;
      const bytes = w.cache.bytesRead;
      const got = metricValues(w.cell(), "company", key(i), "Pageviews", "");
      expect(got).toBe(expected(w.fake, key(i), demoMetrics()[0] as never).value);
      expect(w.cache.entriesRead - entries).toBe(2);
      expect(w.cache.bytesRead - bytes).toBeLessThan(32 * 1024);
    }
    expect(w.fake.count("POST query")).toBe(2);
    expect(w.clients).toBe(1);
  });

  it("a shard evicted before its index is computed again, not answered wrongly", () => {
    const w = world(2_000);
    metricValues(w.cell(), "company", key(0), "Pageviews", "");
    for (const [k, value] of w.cache.data)
      if (value.includes(`"${key(3)}"`)) w.cache.data.delete(k);
    const got = metricValues(w.cell(), "company", key(3), "Pageviews", "");
    expect(got).toBe(expected(w.fake, key(3), demoMetrics()[0] as never).value);
    expect(w.fake.count("POST query")).toBe(4);
  });

  it("a range of keys gives a value per key; unknown metrics and fields say so", () => {
    const w = world(10);
    const got = metricValues(w.cell(), "company", [[key(0)], [key(1)], [""]], "Pageviews", "");
    expect(got).toEqual([
      [expected(w.fake, key(0), demoMetrics()[0] as never).value],
      [expected(w.fake, key(1), demoMetrics()[0] as never).value],
      [""],
    ]);
    const message = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        if (error instanceof FormulaError) return error.message;
        throw error;
      }
      return "no error";
    };
    expect(message(() => metricValues(w.cell(), "company", key(0), "Nope", ""))).toBe(
      'PostHog: unknown metric "Nope" of company',
    );
    expect(message(() => metricValues(w.cell(), "company", key(0), "Pageviews", "avg"))).toBe(
      'PostHog: field must be value, previous, change or series, not "avg"',
    );
  });
});

// Usage metric values for every group from one query per interval, equal to what PostHog's runner gives one group
// at a time; unsupported filters say so; pages of 50,000 groups.
import { describe, expect, it } from "vitest";
import { readMetricValues, zeroValue } from "../../../src/features/metrics/metric-values.ts";
import { fakeClient } from "../../fakes/fake-posthog.ts";
import {
  demoMetrics,
  expected,
  NOW,
  seedEvents,
  WAREHOUSE as TABLE,
} from "../../fakes/metric-events.ts";
import { companies } from "../../fakes/pull-deps.ts";

describe("readMetricValues", () => {
  it("computes 5 metrics in 2 intervals for 300 groups with 2 queries, as PostHog's runner would", () => {
    const fake = companies(300);
    seedEvents(fake, 300);
    const { client } = fakeClient(fake);
    const read = readMetricValues(client, 0, demoMetrics(), NOW);
    expect(read.requests).toBe(2);
    expect(fake.count("POST query")).toBe(2);
    expect(read.rowsRead).toBe(2 * 200); // the dormant third have no rows
    for (const { metric, values, unsupported } of read.metrics) {
      expect(unsupported).toBeUndefined();
      for (const key of ["c0000", "c0001", "c0002", "c0100", "c0299"]) {
        const got = values.get(key) ?? zeroValue(metric);
        const want = expected(fake, key, metric);
        expect({ key, metric: metric.name, ...pick(got) }).toEqual({
          key,
          metric: metric.name,
          ...want,
        });
        if (metric.display === "sparkline") {
          expect(got.series).toHaveLength(metric.interval + 1);
          expect(got.series?.reduce((a, b) => a + b, 0)).toBe(got.value);
        }
      }
    }
    // Growing and dormant accounts differ.
    const first = read.metrics[0];
    expect(first?.values.get("c0000")?.value).toBeGreaterThan(0);
    expect(first?.values.has("c0002")).toBe(false);
  });

  it("reads groups in keyset pages: a full page asks for the next after its last key", () => {
    const fake = companies(250);
    seedEvents(fake, 250);
    const { client } = fakeClient(fake);
    const metrics = demoMetrics().slice(0, 1);
    const read = readMetricValues(client, 0, metrics, NOW, { pageSize: 100 });
    const rows = 167; // groups with events
    expect(read.rowsRead).toBe(rows);
    expect(read.requests).toBe(Math.ceil(rows / 100));
    expect(read.metrics[0]?.values.size).toBe(rows);
    const afters = fake.requests.map((r) => JSON.parse(r.body ?? "{}").query.values.after);
    expect(afters[0]).toBe("");
    expect(afters[1]).not.toBe("");
  });

  it("says plainly which metrics it cannot compute yet, and sends no query for them", () => {
    const fake = companies(3);
    const { client } = fakeClient(fake);
    const base = demoMetrics()[0];
    if (!base) throw new Error("no metric");
    const read = readMetricValues(
      client,
      0,
      [
        { ...base, name: "actions", filters: { actions: [{ id: 3, type: "actions" }] } },
        {
          ...base,
          name: "cohort",
          filters: { events: [{ id: "x" }], properties: [{ type: "cohort", key: "id", value: 4 }] },
        },
        { ...base, name: "warehouse", filters: { source: "data_warehouse", table_name: "t" } },
        { ...base, name: "nothing", filters: {} },
        // PostHog parses a warehouse metric's fields as HogQL; the add-on takes plain column names only.
        {
          ...base,
          name: "expression",
          filters: { ...TABLE, timestamp_field: "toDateTime(created)" },
        },
        { ...base, name: "hostile key", filters: { ...TABLE, key_field: "x) > '' OR (1" } },
        { ...base, name: "summed", filters: TABLE, math: "sum", math_property: "amount * 100" },
      ],
      NOW,
    );
    expect(read.metrics.map((m) => m.unsupported)).toEqual([
      "metrics on actions are not supported yet",
      "metrics filtered on a cohort are not supported yet",
      "a data-warehouse metric needs table_name, timestamp_field and key_field",
      "PostHog computes no value for a metric without filters",
      "a data-warehouse timestamp_field that is not a plain column name",
      "a data-warehouse key_field that is not a plain column name",
      "a data-warehouse math_property that is not a plain column name",
    ]);
    expect(read.requests).toBe(0);
  });

  it("asks for the project's test-account filters only when a metric filters test accounts", () => {
    const fake = companies(3);
    const { client } = fakeClient(fake);
    const base = demoMetrics()[0];
    if (!base) throw new Error("no metric");
    let asked = 0;
    const testAccountFilters = () => {
      asked++;
      return [{ key: "internal", value: "true", operator: "is_not", type: "event" }];
    };
    readMetricValues(client, 0, [base], NOW, { testAccountFilters });
    expect(asked).toBe(0);
    const filtered = { ...base, filters: { ...base.filters, filter_test_accounts: true } };
    readMetricValues(client, 0, [filtered], NOW, { testAccountFilters });
    expect(asked).toBe(1);
    const sql = JSON.parse(fake.requests.at(-1)?.body ?? "{}").query.query as string;
    expect(sql).toContain("properties.internal != {v0}");
  });
});

function pick(v: { value: number; previous: number; changePct: number | null }) {
  return { value: v.value, previous: v.previous, changePct: v.changePct };
}

// A groups pull with its usage metrics as columns: PostHog's numbers for every row from one query per interval, a
// SPARKLINE trend the add-on writes from numbers, kept across a refresh, never pushed.
import { describe, expect, it } from "vitest";
import { sparklineFormula } from "../../../src/features/pull/metric-columns.ts";
import { startPull } from "../../../src/features/pull/pull-job.ts";
import { previewEdits } from "../../../src/features/push/preview.ts";
import { demoMetrics, expected, NOW, seedEvents } from "../../fakes/metric-events.ts";
import { companies, pullWorld } from "../../fakes/pull-deps.ts";

const REQUEST = { entity: "groups", groupTypeIndex: 0, metrics: true } as const;

function world(groups: number) {
  const fake = companies(groups);
  seedEvents(fake, groups);
  fake.metrics.set(0, demoMetrics());
  const w = pullWorld(fake);
  return { ...w, deps: () => w.deps({ clock: () => NOW }) };
}

describe("metric columns in a groups pull", () => {
  it("adds value, previous and change per metric and a trend for sparklines, from 2 queries for 5 metrics", () => {
    const w = world(60);
    startPull(w.deps(), REQUEST);
    const values = w.workbook.sheet("Companies").values();
    const header = (values[0] ?? []).map(String);
    const three = (name: string, days: number) => [
      `${name} (${days}d)`,
      `${name} (previous ${days}d)`,
      `${name} change %`,
    ];
    expect(header.slice(-16)).toEqual([
      ...three("Pageviews", 7),
      ...three("Daily pageviews", 7),
      "Daily pageviews trend",
      ...three("Revenue", 30),
      ...three("Pro pageviews", 30),
      ...three("Any activity", 7),
    ]);
    const metricQueries = w.fake.requests.filter((r) => (r.body ?? "").includes("FROM events"));
    expect(metricQueries).toHaveLength(2);
    for (const metric of demoMetrics()) {
      const at = header.indexOf(`${metric.name} (${metric.interval}d)`);
      for (let r = 1; r < values.length; r++) {
        const key = String(values[r]?.[0]);
        const want = expected(w.fake, key, metric);
        expect([key, values[r]?.[at], values[r]?.[at + 1], values[r]?.[at + 2]]).toEqual([
          key,
          want.value,
          want.previous,
          want.changePct ?? "",
        ]);
      }
    }
    // The trend cell is a formula over numbers, written by the add-on.
    const trendAt = header.indexOf("Daily pageviews trend");
    const content = w.workbook.sheet("Companies").read();
    expect(content.formulas[1]?.[trendAt]).toMatch(/^=SPARKLINE\(\{[\d,]+\}\)$/);
  });

  it("keeps its metric columns across a refresh, and a push preview never sends them", () => {
    const w = world(12);
    startPull(w.deps(), REQUEST);
    const before = w.workbook.sheet("Companies").values()[0]?.length;
    w.fake.events.push({
      event: "$pageview",
      at: NOW - 1000,
      groups: { 0: "c0002" },
      properties: {},
    });
    startPull(w.deps(), REQUEST);
    const values = w.workbook.sheet("Companies").values();
    expect(values[0]?.length).toBe(before);
    const header = (values[0] ?? []).map(String);
    const row = values.find((r) => r[0] === "c0002") ?? [];
    expect(row[header.indexOf("Pageviews (7d)")]).toBe(1); // the dormant account woke up
    const preview = previewEdits(w.deps() as never, w.workbook.sheet("Companies"), false);
    expect(preview.counts).toEqual({ sets: 0, removals: 0, creates: 0, blocked: 0 });
  });

  it("writes the trend from numbers only", () => {
    expect(sparklineFormula([1, 2.5, Number.NaN, 0])).toBe("=SPARKLINE({1,2.5,0,0})");
  });
});

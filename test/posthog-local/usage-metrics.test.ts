// UsageMetricsQuery: every seeded metric of a few companies equals a hand count/sum of the stored events.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventRow } from "../../posthog-local/events-table";
import { DAY, startWithRuntime } from "./events-kit";

let kit: Awaited<ReturnType<typeof startWithRuntime>>;
const M = "/api/projects/1/groups_types/0/metrics/";

const usage = (node: Record<string, unknown>, refresh = "force_blocking") =>
  kit.api.post("/api/projects/1/query/", {
    query: { kind: "UsageMetricsQuery", ...node },
    refresh,
  });

beforeAll(async () => {
  kit = await startWithRuntime({ groups: 80 });
});
afterAll(() => kit.close());

type Hand = {
  name: string;
  interval: number;
  pick: (r: EventRow) => boolean;
  measure: (r: EventRow) => number;
};
const emailOf = (r: EventRow) =>
  String(kit.rt.world.project(1)?.personsByUuid.get(r.personId)?.properties.email ?? "");
const notTest = (r: EventRow) =>
  !/^(localhost|127\.0\.0\.1)($|:)/.test(String(r.properties.$host ?? "")) &&
  !emailOf(r).toLowerCase().includes("@hogflix.example");
const SEEDED: Hand[] = [
  { name: "Events (7 days)", interval: 7, pick: (r) => r.event === "$pageview", measure: () => 1 },
  {
    name: "Revenue (30 days)",
    interval: 30,
    pick: (r) => r.event === "purchase",
    measure: (r) => r.properties.amount as number,
  },
  {
    name: "Features used (14 days)",
    interval: 14,
    pick: (r) => r.event === "feature_used" && notTest(r),
    measure: () => 1,
  },
  {
    name: "Chrome pageviews (7 days)",
    interval: 7,
    pick: (r) => r.event === "$pageview" && r.properties.$browser === "Chrome",
    measure: () => 1,
  },
];

/** value and previous over [now − interval, now] and [now − 2·interval, now − interval), by hand. */
function hand(key: string, m: Hand, now: number): [number, number] {
  let value = 0;
  let previous = 0;
  for (const r of kit.rows()) {
    if (r.groups[0] !== key || !m.pick(r)) continue;
    const t = r.timestampMs;
    if (t >= now - m.interval * DAY && t <= now) value += m.measure(r);
    else if (t >= now - 2 * m.interval * DAY && t < now - m.interval * DAY)
      previous += m.measure(r);
  }
  return [value, previous];
}

describe("UsageMetricsQuery", () => {
  it("gives every seeded metric's value, previous value and change for several companies, as counted by hand", async () => {
    const keys = [...new Set(kit.rows().map((r) => r.groups[0]))];
    const sample = [...keys.slice(0, 6), "no-such-company"];
    let compared = 0;
    for (const key of sample) {
      const before = kit.rt.world.now();
      const res = await usage({ group_type_index: 0, group_key: key });
      const after = kit.rt.world.now();
      expect(res.status).toBe(200);
      const results = res.json.results as Record<string, unknown>[];
      // The seeded warehouse metric is checked in warehouse.test.ts.
      expect(results.map((r) => r.name)).toEqual(
        [...SEEDED.map((m) => m.name), "Charges (30 days)"].sort().reverse(),
      );
      for (const m of SEEDED) {
        const got = results.find((r) => r.name === m.name) as Record<string, unknown>;
        expect([hand(key, m, before), hand(key, m, after)]).toContainEqual([
          got.value,
          got.previous,
        ]);
        const [value, previous] = [got.value as number, got.previous as number];
        expect(got.change_from_previous_pct).toEqual(
          previous > 0 ? ((value - previous) / previous) * 100 : null,
        );
        if (got.display === "sparkline") {
          const series = got.timeseries as number[];
          expect(series).toHaveLength(m.interval + 1);
          expect(series.reduce((s, x) => s + x, 0)).toBe(value);
          expect(got.timeseries_labels).toHaveLength(m.interval + 1);
          expect((got.timeseries_labels as string[]).at(-1)).toBe(
            new Date(after).toISOString().slice(0, 10),
          );
        } else expect(got.timeseries).toBeNull();
        if (value > 0 || previous > 0) compared++;
      }
    }
    expect(compared).toBeGreaterThan(10);
    const none = await usage({ group_type_index: 0, group_key: "no-such-company" });
    expect(none.json.results.every((r: { value: number }) => r.value === 0)).toBe(true);
    expect(none.json.hogql).toMatch(/GROUP BY day ORDER BY day ASC/);
  });

  it("applies person, group and event property filters with the standard operators", async () => {
    const key = kit.rows()[0]?.groups[0] as string;
    const filters = {
      events: [{ id: "$pageview", type: "events" }],
      properties: [
        { key: "email", value: "example.com", operator: "icontains", type: "person" },
        { key: "$pathname", value: ["/", "/dashboard"], operator: "exact", type: "event" },
        { key: "$browser", value: "Safari", operator: "is_not", type: "event" },
        { key: "name", operator: "is_set", type: "group", group_type_index: 0 },
      ],
    };
    const created = await kit.api.post(M, { name: "Filtered (7 days)", filters, interval: 7 });
    expect(created.status).toBe(201);
    const before = kit.rt.world.now();
    const res = await usage({ group_type_index: 0, group_key: key });
    const after = kit.rt.world.now();
    const got = res.json.results.find((r: { name: string }) => r.name === "Filtered (7 days)");
    const hasName = kit.rt.world.project(1)?.views.get(0)?.get(key)?.properties.name !== undefined;
    const m: Hand = {
      name: "Filtered",
      interval: 7,
      pick: (r) =>
        r.event === "$pageview" &&
        emailOf(r).toLowerCase().includes("example.com") &&
        ["/", "/dashboard"].includes(r.properties.$pathname as string) &&
        r.properties.$browser !== "Safari" &&
        hasName,
      measure: () => 1,
    };
    expect([hand(key, m, before), hand(key, m, after)]).toContainEqual([got.value, got.previous]);
    expect(got.value + got.previous).toBeGreaterThan(0);
    await kit.api.del(`${M}${created.json.id}/`);
  });

  it("misses the cache once a metric changes, and serves it from the cache otherwise", async () => {
    const key = kit.rows()[0]?.groups[0] as string;
    const first = await usage({ group_type_index: 0, group_key: key }, "blocking");
    const again = await usage({ group_type_index: 0, group_key: key }, "blocking");
    expect(again.json.is_cached).toBe(true);
    expect(again.json.results).toEqual(first.json.results);
    const created = await kit.api.post(M, {
      name: "Purchases (7 days)",
      filters: { events: [{ id: "purchase", type: "events" }] },
    });
    const changed = await usage({ group_type_index: 0, group_key: key }, "blocking");
    expect(changed.json.is_cached).toBe(false);
    expect(changed.json.results).toHaveLength(first.json.results.length + 1);
    await kit.api.del(`${M}${created.json.id}/`);
  });

  it("refuses what it cannot compute, and a query without a group or a person, plainly", async () => {
    const actions = await kit.api.post(M, {
      name: "By action",
      filters: { actions: [{ id: 3, type: "actions" }] },
    });
    const res = await usage({ group_type_index: 0, group_key: "acme-00012" });
    expect(res.status).toBe(400);
    expect(res.json.detail).toMatch(
      /usage metric filtered by actions is not supported by the local PostHog stand-in/,
    );
    await kit.api.del(`${M}${actions.json.id}/`);
    const dates = await kit.api.post(M, {
      name: "By date",
      filters: {
        events: [{ id: "$pageview", type: "events" }],
        properties: [{ key: "d", value: "2024-01-01", operator: "is_date_after", type: "event" }],
      },
    });
    expect((await usage({ group_type_index: 0, group_key: "acme-00012" })).json.detail).toMatch(
      /operator 'is_date_after'/,
    );
    await kit.api.del(`${M}${dates.json.id}/`);
    const neither = await usage({ group_type_index: 0 });
    expect(neither.status).toBe(400);
    expect(neither.json.detail).toBe("UsageMetricsQuery must have either group_key or person_id");
    const extra = await usage({ group_type_index: 0, group_key: "k", metric: "x" });
    expect(extra.json.detail).toMatch(/Extra inputs are not permitted/);
  });
});

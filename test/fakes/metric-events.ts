// Demo usage for the fakes: companies with events over 30 days (some growing, some dormant) and five metrics in two
// intervals (count and sum, number and sparkline), plus the plain-JS answer PostHog's runner would give.
import type { GroupUsageMetric } from "../../src/api/types.ts";
import type { FakeEvent } from "./fake-events.ts";
import type { FakePostHog } from "./fake-posthog.ts";

export const NOW = Date.parse("2026-12-02T07:40:00Z");
const DAY = 86_400_000;

const metric = (
  id: string,
  name: string,
  interval: number,
  filters: Record<string, unknown>,
  extra: Partial<GroupUsageMetric> = {},
): GroupUsageMetric => ({
  id,
  name,
  format: "numeric",
  interval,
  display: "number",
  filters,
  math: "count",
  math_property: null,
  ...extra,
});

/** A data-warehouse metric's filters on a Stripe-like charges table (the runner's DW tests use the same shape). */
export const WAREHOUSE = {
  source: "data_warehouse",
  table_name: "stripe_charges",
  timestamp_field: "created",
  key_field: "customer_id",
};

/** Five metrics in two intervals (7 and 30 days). */
export function demoMetrics(): GroupUsageMetric[] {
  const pageviews = { events: [{ id: "$pageview", type: "events" }] };
  return [
    metric("m1", "Pageviews", 7, pageviews),
    metric("m2", "Daily pageviews", 7, pageviews, { display: "sparkline" }),
    metric(
      "m3",
      "Revenue",
      30,
      { events: [{ id: "purchase", type: "events" }] },
      {
        math: "sum",
        math_property: "amount",
        format: "currency",
      },
    ),
    metric("m4", "Pro pageviews", 30, {
      events: [{ id: "$pageview", type: "events" }],
      properties: [{ key: "plan", value: ["pro"], operator: "exact", type: "event" }],
    }),
    metric("m5", "Any activity", 7, {
      events: [
        { id: "$pageview", type: "events" },
        { id: "purchase", type: "events" },
      ],
    }),
  ];
}

/** Companies c0000… (group type 0): every third is dormant, the others grow or shrink; a few events each day. */
export function seedEvents(fake: FakePostHog, groups: number, perGroup = 6): void {
  const events: FakeEvent[] = [];
  for (let g = 0; g < groups; g++) {
    if (g % 3 === 2) continue;
    const key = `c${String(g).padStart(4, "0")}`;
    for (let i = 0; i < perGroup; i++) {
      const ago = g % 3 === 0 ? (i * 61) % (14 * 24) : ((i * 97) % (60 * 24)) + 3;
      const at = NOW - ago * 3_600_000 - (g % 60) * 1000;
      const purchase = i % 4 === 3;
      events.push({
        event: purchase ? "purchase" : "$pageview",
        at,
        groups: { 0: key },
        properties: purchase ? { amount: (g % 7) * 10 + i } : { plan: i % 2 ? "pro" : "free" },
      });
    }
  }
  fake.events.push(...events);
}

/** What UsageMetricsQuery answers for one group, computed plainly from the fake's events. */
export function expected(fake: FakePostHog, key: string, m: GroupUsageMetric) {
  const to = NOW;
  const from = to - m.interval * DAY;
  const prev = to - 2 * m.interval * DAY;
  const names = (m.filters.events as Array<{ id: string }>).map((e) => e.id);
  const props = (m.filters.properties ?? []) as Array<{ key: string; value: string[] }>;
  const match = (e: FakeEvent) =>
    e.groups[0] === key &&
    names.includes(e.event) &&
    props.every((p) => p.value.includes(String(e.properties[p.key])));
  const amount = (e: FakeEvent) =>
    m.math === "sum" ? Number(e.properties[m.math_property ?? ""]) || 0 : 1;
  const total = (lo: number, hi: number, inclusive: boolean) =>
    fake.events
      .filter((e) => match(e) && e.at >= lo && (inclusive ? e.at <= hi : e.at < hi))
      .reduce((s, e) => s + amount(e), 0);
  const value = total(from, to, true);
  const previous = total(prev, from, false);
  return {
    value,
    previous,
    changePct: previous > 0 ? ((value - previous) / previous) * 100 : null,
  };
}

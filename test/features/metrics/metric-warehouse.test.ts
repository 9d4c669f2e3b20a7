// Usage metrics on a data-warehouse table: read from the table by its key field, one query per (table, timestamp,
// key) and interval beside the events queries, equal to PostHog's runner; names from the metric are quoted or refused.
import { describe, expect, it } from "vitest";
import type { GroupUsageMetric } from "../../../src/api/types.ts";
import { identifier } from "../../../src/features/metrics/metric-filters.ts";
import { warehouseSource } from "../../../src/features/metrics/metric-sources.ts";
import {
  intervalQuery,
  readMetricValues,
  zeroValue,
} from "../../../src/features/metrics/metric-values.ts";
import { fakeClient } from "../../fakes/fake-posthog.ts";
import { demoMetrics, NOW, seedEvents, WAREHOUSE as TABLE } from "../../fakes/metric-events.ts";
import { companies } from "../../fakes/pull-deps.ts";

const DAY = 86_400_000;
const dw = (
  name: string,
  interval: number,
  extra: Partial<GroupUsageMetric> = {},
): GroupUsageMetric => ({
  id: name,
  name,
  format: "currency",
  interval,
  display: "number",
  filters: TABLE,
  math: "count",
  math_property: null,
  ...extra,
});

/** Charges of every company but the dormant third over 60 days, a guest's charges and a charge with no customer. */
function charges(groups: number): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (let g = 0; g < groups; g++) {
    if (g % 3 === 2) continue;
    for (let i = 0; i < 5; i++)
      rows.push({
        id: `ch_${g}_${i}`,
        customer_id: `c${String(g).padStart(4, "0")}`,
        created: new Date(NOW - ((i * 11 + g) % 60) * DAY - g * 1000).toISOString(),
        amount: 2.5 * (g % 9) + i,
      });
  }
  rows.push({
    id: "guest",
    customer_id: "cus_guest",
    created: new Date(NOW).toISOString(),
    amount: 9,
  });
  rows.push({ id: "orphan", customer_id: null, created: new Date(NOW).toISOString(), amount: 9 });
  return rows;
}

/** What UsageMetricsQuery answers for one group: the rows whose key field equals its key, per window. */
function expected(rows: Record<string, unknown>[], key: string, m: GroupUsageMetric) {
  let value = 0;
  let previous = 0;
  for (const r of rows) {
    if (r.customer_id !== key) continue;
    const t = Date.parse(String(r.created));
    const n = m.math === "sum" ? Number(r[m.math_property ?? ""]) : 1;
    if (t >= NOW - m.interval * DAY && t <= NOW) value += n;
    else if (t >= NOW - 2 * m.interval * DAY && t < NOW - m.interval * DAY) previous += n;
  }
  return {
    value,
    previous,
    changePct: previous > 0 ? ((value - previous) / previous) * 100 : null,
  };
}

describe("warehouse metrics", () => {
  it("read their table by its key field with one query per table and interval, beside the events queries", () => {
    const fake = companies(300);
    seedEvents(fake, 300);
    const rows = charges(300);
    fake.warehouse.set("stripe_charges", rows);
    const { client } = fakeClient(fake);
    const metrics = [
      ...demoMetrics(), // 2 intervals over events
      dw("Charges", 30, { math: "sum", math_property: "amount", display: "sparkline" }),
      dw("Charge count", 30),
      dw("Charges this week", 7, { math: "sum", math_property: "amount" }),
    ];
    const read = readMetricValues(client, 0, metrics, NOW);
    expect(read.requests).toBe(4);
    const sqls = fake.requests.map((r) => JSON.parse(r.body ?? "{}").query.query as string);
    const onTable = sqls.filter((s) => s.includes(" FROM stripe_charges "));
    expect(onTable).toHaveLength(2);
    expect(onTable[0]).toMatch(
      /^SELECT toString\(customer_id\) AS group_key, .* WHERE created >= toDateTime\(\{prev\}\) AND created <= toDateTime\(\{to\}\) AND toString\(customer_id\) > \{after\} GROUP BY group_key ORDER BY group_key ASC LIMIT 50000$/,
    );
    for (const { metric, values, unsupported } of read.metrics.slice(5)) {
      expect(unsupported).toBeUndefined();
      for (const key of ["c0000", "c0001", "c0002", "c0100", "c0299", "nobody"]) {
        const got = values.get(key) ?? zeroValue(metric);
        expect({ key, value: got.value, previous: got.previous, changePct: got.changePct }).toEqual(
          { key, ...expected(rows, key, metric) },
        );
        if (metric.display === "sparkline") {
          expect(got.series).toHaveLength(31);
          expect(got.series?.reduce((a, b) => a + b, 0)).toBeCloseTo(got.value);
        }
      }
      expect(values.has("c0002")).toBe(false); // dormant: no row, so 0
      expect(values.has("cus_guest")).toBe(true); // a key that is no group of the type is read and left unused
      expect(values.has("")).toBe(false);
    }
    expect(read.metrics[5]?.values.get("c0001")?.value).toBeGreaterThan(0);
  });

  it("pages by key like the events queries", () => {
    const fake = companies(250);
    const rows = charges(250);
    fake.warehouse.set("stripe_charges", rows);
    const { client } = fakeClient(fake);
    const read = readMetricValues(client, 0, [dw("Charges", 60)], NOW, { pageSize: 50 });
    const keys = new Set(rows.map((r) => r.customer_id).filter((k) => k !== null));
    expect(read.rowsRead).toBe(keys.size);
    expect(read.requests).toBe(Math.ceil((keys.size + 1) / 50));
    const afters = fake.requests.map((r) => JSON.parse(r.body ?? "{}").query.values.after);
    expect(afters.slice(0, 2)).toEqual(["", "c0073"]);
  });

  it("quote the table name as one HogQL identifier, so a hostile name cannot break out", () => {
    const hostile = "t` WHERE 1 UNION ALL SELECT secret FROM `persons";
    const source = warehouseSource(dw("x", 7, { filters: { ...TABLE, table_name: hostile } }));
    if ("unsupported" in source) throw new Error(source.unsupported);
    const members = [{ metric: dw("x", 7), values: new Map() }];
    const { sql } = intervalQuery(source, members, 7, NOW, "", { testAccounts: [], pageSize: 10 });
    const quoted = identifier(hostile);
    expect(quoted).toBe("`t\\` WHERE 1 UNION ALL SELECT secret FROM \\`persons`");
    expect(sql).toContain(` FROM ${quoted} WHERE `);
    const rest = sql.split(quoted).join("");
    expect(rest).not.toContain("`");
    expect(rest).not.toMatch(/UNION|secret|persons/);
  });
});

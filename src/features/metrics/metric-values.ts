// Usage metric values for every group of a type from a few HogQL queries: one per interval (the metrics sharing it
// side by side), grouped by the group's key, in keyset pages of up to 50,000 groups. The numbers follow PostHog's
// UsageMetricsQuery (products/customer_analytics/backend/hogql_queries/usage_metrics_query_runner.py): current
// window [now − interval, now], previous [now − 2·interval, now − interval), change in % only when previous > 0.
import type { PostHogClient } from "../../api";
import { badResponse } from "../../api/errors";
import { MAX_QUERY_ROWS } from "../../api/query-sql";
import type { GroupUsageMetric } from "../../api/types";
import { type Bind, identifier, metricCondition } from "./metric-filters";

const DAY_MS = 86_400_000;

/** One group's numbers for one metric; `series` (sparkline metrics) has one value per UTC day of the current window. */
export interface MetricValue {
  value: number;
  previous: number;
  changePct: number | null;
  series?: number[];
}

/** One metric's values by group key (a group with no events is absent: its numbers are 0), or why there are none. */
export interface MetricValues {
  metric: GroupUsageMetric;
  unsupported?: string;
  values: Map<string, MetricValue>;
}

export interface MetricsRead {
  /** The one `now` of all windows (ms since the epoch). */
  now: number;
  metrics: MetricValues[];
  /** Query requests sent and rows they returned. */
  requests: number;
  rowsRead: number;
}

export interface MetricsOptions {
  /** The project's test-account filters (asked only when a metric filters test accounts). */
  testAccountFilters?: () => readonly unknown[];
  /** @default 50000 */
  pageSize?: number;
}

/** The numbers of a group absent from the rows: no events, so 0 (PostHog's countIf over no rows). */
export function zeroValue(metric: GroupUsageMetric): MetricValue {
  return {
    value: 0,
    previous: 0,
    changePct: null,
    ...(metric.display === "sparkline" ? { series: new Array(metric.interval + 1).fill(0) } : {}),
  };
}

/** The value the runner gives: `if(previous > 0, ((value - previous) / previous) * 100, NULL)`. */
export function changePct(value: number, previous: number): number | null {
  return previous > 0 ? ((value - previous) / previous) * 100 : null;
}

/** The project's test-account filters (Team.test_account_filters), read only when a metric asks for them. */
export function testAccountsOf(client: PostHogClient): MetricsOptions {
  return {
    testAccountFilters: () => {
      const filters = client.projects.get().test_account_filters;
      return Array.isArray(filters) ? filters : [];
    },
  };
}

/** Reads every metric's values for every group of the type, with one `now`. */
export function readMetricValues(
  client: PostHogClient,
  groupTypeIndex: number,
  metrics: readonly GroupUsageMetric[],
  now: number,
  options: MetricsOptions = {},
): MetricsRead {
  const read: MetricsRead = { now, metrics: [], requests: 0, rowsRead: 0 };
  let testAccounts: readonly unknown[] | null = null;
  const byInterval = new Map<number, MetricValues[]>();
  for (const metric of metrics) {
    const entry: MetricValues = { metric, values: new Map() };
    read.metrics.push(entry);
    const probe: Record<string, unknown> = {};
    if (metric.filters?.filter_test_accounts === true && testAccounts === null)
      testAccounts = options.testAccountFilters?.() ?? [];
    // The condition is built again with the query's own placeholders; this pass only checks it translates.
    const condition = metricCondition(metric.filters ?? {}, binder(probe, "x"), testAccounts ?? []);
    if ("unsupported" in condition) {
      entry.unsupported = condition.unsupported;
      continue;
    }
    const interval = Number.isInteger(metric.interval) && metric.interval > 0 ? metric.interval : 7;
    byInterval.set(interval, [...(byInterval.get(interval) ?? []), entry]);
  }
  for (const [interval, members] of byInterval) {
    let after = "";
    for (;;) {
      const request = intervalQuery(groupTypeIndex, members, interval, now, after, {
        testAccounts: testAccounts ?? [],
        pageSize: options.pageSize ?? MAX_QUERY_ROWS,
      });
      const response = client.query.run(request);
      read.requests++;
      read.rowsRead += response.results.length;
      for (const row of response.results) readRow(row, members, interval);
      const last = response.results[response.results.length - 1];
      if (response.results.length < request.pageSize || !last) break;
      after = String(last[0]);
    }
  }
  return read;
}

function binder(values: Record<string, unknown>, prefix: string): Bind {
  let n = 0;
  return (value) => {
    const name = `${prefix}${n++}`;
    values[name] = value;
    return `{${name}}`;
  };
}

/** The start of each UTC day of the current window, the first one cut at the window's start. */
export function dayStarts(now: number, interval: number): number[] {
  const from = now - interval * DAY_MS;
  const firstDay = Math.floor(from / DAY_MS) * DAY_MS;
  return Array.from({ length: interval + 1 }, (_, i) => (i === 0 ? from : firstDay + i * DAY_MS));
}

/** One page of one interval's metrics: per group, each metric's current and previous values (and daily series). */
export function intervalQuery(
  groupTypeIndex: number,
  members: readonly MetricValues[],
  interval: number,
  now: number,
  after: string,
  options: { testAccounts: readonly unknown[]; pageSize: number },
) {
  const values: Record<string, unknown> = {
    to: new Date(now).toISOString(),
    from: new Date(now - interval * DAY_MS).toISOString(),
    prev: new Date(now - 2 * interval * DAY_MS).toISOString(),
    after,
  };
  const bind = binder(values, "v");
  const days = dayStarts(now, interval);
  days.forEach((start, i) => {
    values[`d${i}`] = new Date(start).toISOString();
  });
  const group = `$group_${groupTypeIndex}`;
  const columns: string[] = [];
  const conditions: string[] = [];
  members.forEach((member, m) => {
    const built = metricCondition(member.metric.filters ?? {}, bind, options.testAccounts);
    if (!("sql" in built)) throw new Error("a metric's filters stopped translating");
    conditions.push(built.sql);
    const sum = member.metric.math === "sum" && member.metric.math_property;
    const agg = (when: string) =>
      sum
        ? `sumIf(ifNull(toFloat(properties.${identifier(String(member.metric.math_property))}), 0), ${when} AND (${built.sql}))`
        : `countIf(${when} AND (${built.sql}))`;
    columns.push(`${agg("timestamp >= toDateTime({from})")} AS m${m}_value`);
    columns.push(`${agg("timestamp < toDateTime({from})")} AS m${m}_previous`);
    if (member.metric.display === "sparkline")
      days.forEach((_, i) => {
        const upper = i < days.length - 1 ? ` AND timestamp < toDateTime({d${i + 1}})` : "";
        columns.push(`${agg(`timestamp >= toDateTime({d${i}})${upper}`)} AS m${m}_day${i}`);
      });
  });
  const anyMetric = conditions.map((c) => `(${c})`).join(" OR ");
  const sql =
    `SELECT ${group} AS group_key, ${columns.join(", ")} FROM events` +
    ` WHERE timestamp >= toDateTime({prev}) AND timestamp <= toDateTime({to}) AND ${group} > {after}` +
    ` AND (${anyMetric}) GROUP BY group_key ORDER BY group_key ASC LIMIT ${options.pageSize}`;
  return { sql, values, pageSize: options.pageSize, name: "sheets-addon/usage-metrics" };
}

function numberAt(row: unknown[], i: number): number {
  const n = Number(row[i] ?? 0);
  if (!Number.isFinite(n))
    throw badResponse({ method: "POST", path: "query" }, 200, "a metric value is not a number");
  return n;
}

/** Reads one row: the key, then each member's value, previous and daily series, in the query's column order. */
function readRow(row: unknown[], members: readonly MetricValues[], interval: number): void {
  const key = String(row[0] ?? "");
  let at = 1;
  for (const member of members) {
    const value = numberAt(row, at++);
    const previous = numberAt(row, at++);
    const found: MetricValue = { value, previous, changePct: changePct(value, previous) };
    if (member.metric.display === "sparkline") {
      found.series = [];
      for (let i = 0; i <= interval; i++) found.series.push(numberAt(row, at++));
    }
    member.values.set(key, found);
  }
}

// Usage metric values for every group of a type from a few HogQL queries: one per source and interval (the metrics
// sharing them side by side: `events` by `$group_N`, or a data-warehouse table by its key field), grouped by the
// group's key, in keyset pages of up to 50,000 groups. The numbers follow PostHog's
// UsageMetricsQuery (products/customer_analytics/backend/hogql_queries/usage_metrics_query_runner.py): current
// window [now − interval, now], previous [now − 2·interval, now − interval), change in % only when previous > 0.
import type { PostHogClient } from "../../api";
import { badResponse } from "../../api/errors";
import { MAX_QUERY_ROWS } from "../../api/query-sql";
import type { GroupUsageMetric } from "../../api/types";
import { DAY_MS } from "../../shared/day";
import { type Bind, metricCondition } from "./metric-filters";
import { eventsSource, type MetricSource, warehouseSource } from "./metric-sources";

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
  const batches = new Map<string, Batch>();
  for (const metric of metrics) {
    const entry: MetricValues = { metric, values: new Map() };
    read.metrics.push(entry);
    let source: MetricSource | { unsupported: string };
    if (metric.filters?.source === "data_warehouse") source = warehouseSource(metric);
    else {
      if (metric.filters?.filter_test_accounts === true && testAccounts === null)
        testAccounts = options.testAccountFilters?.() ?? [];
      // The condition is built again with the query's own placeholders; this pass only checks it translates.
      const condition = metricCondition(metric.filters ?? {}, binder({}, "x"), testAccounts ?? []);
      source = "unsupported" in condition ? condition : eventsSource(groupTypeIndex);
    }
    if ("unsupported" in source) {
      entry.unsupported = source.unsupported;
      continue;
    }
    const interval = Number.isInteger(metric.interval) && metric.interval > 0 ? metric.interval : 7;
    const id = `${source.id}/${interval}`;
    const batch = batches.get(id) ?? { source, interval, members: [] };
    batch.members.push(entry);
    batches.set(id, batch);
  }
  for (const { source, interval, members } of batches.values()) {
    let after = "";
    for (;;) {
      const request = intervalQuery(source, members, interval, now, after, {
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

/** The metrics one query computes: one source (events or a warehouse table) and one interval, as PostHog batches. */
interface Batch {
  source: MetricSource;
  interval: number;
  members: MetricValues[];
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

/** One page of one batch's metrics: per group, each metric's current and previous values (and daily series). */
export function intervalQuery(
  source: MetricSource,
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
  const { time, key } = source;
  const columns: string[] = [];
  const conditions: string[] = [];
  members.forEach((member, m) => {
    let own = "";
    if (source.filtered) {
      const built = metricCondition(member.metric.filters ?? {}, bind, options.testAccounts);
      if (!("sql" in built)) throw new Error("a metric's filters stopped translating");
      conditions.push(built.sql);
      own = ` AND (${built.sql})`;
    }
    const sum = member.metric.math === "sum" && member.metric.math_property;
    const agg = (when: string) =>
      sum
        ? `sumIf(ifNull(toFloat(${source.summed(String(member.metric.math_property))}), 0), ${when}${own})`
        : `countIf(${when}${own})`;
    columns.push(`${agg(`${time} >= toDateTime({from})`)} AS m${m}_value`);
    columns.push(`${agg(`${time} < toDateTime({from})`)} AS m${m}_previous`);
    if (member.metric.display === "sparkline")
      days.forEach((_, i) => {
        const upper = i < days.length - 1 ? ` AND ${time} < toDateTime({d${i + 1}})` : "";
        columns.push(`${agg(`${time} >= toDateTime({d${i}})${upper}`)} AS m${m}_day${i}`);
      });
  });
  const anyMetric = conditions.length
    ? ` AND (${conditions.map((c) => `(${c})`).join(" OR ")})`
    : "";
  const sql =
    `SELECT ${key} AS group_key, ${columns.join(", ")} FROM ${source.from}` +
    ` WHERE ${time} >= toDateTime({prev}) AND ${time} <= toDateTime({to}) AND ${key} > {after}` +
    `${anyMetric} GROUP BY group_key ORDER BY group_key ASC LIMIT ${options.pageSize}`;
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

// UsageMetricsQuery, as products/customer_analytics/backend/hogql_queries/usage_metrics_query_runner.py runs it:
// every metric of the team, one HogQL query over `events` per interval, grouped by UTC day, summed per window.
import { errors } from "./errors";
import { unsupported } from "./hogql/errors";
import { parseEventsQuery, runEventsQuery } from "./hogql/events-query";
import { hogqlString, metricFilterExpr } from "./metric-filters";
import type { ProjectData, World } from "./store";
import type { UsageMetric } from "./types";

const DAY = 86_400_000;

export interface UsageMetricsTarget {
  groupTypeIndex: number | null;
  groupKey: string | null;
  personId: string | null;
}

function pydantic(loc: string, message: string, type: string): never {
  throw errors.validation(
    `1 validation error for QueryRequest\nquery.UsageMetricsQuery.${loc}\n  ${message} [type=${type}]`,
  );
}

const FIELDS = new Set([
  "kind",
  "group_type_index",
  "group_key",
  "person_id",
  "modifiers",
  "response",
  "tags",
  "version",
]);

/** The schema's UsageMetricsQuery (extra fields forbidden) and the runner's either-group-or-person rule. */
export function usageMetricsTarget(node: Record<string, unknown>): UsageMetricsTarget {
  for (const k of Object.keys(node))
    if (!FIELDS.has(k)) pydantic(k, "Extra inputs are not permitted", "extra_forbidden");
  const index = node.group_type_index ?? null;
  if (index !== null && (typeof index !== "number" || !Number.isInteger(index)))
    pydantic("group_type_index", "Input should be a valid integer", "int_type");
  for (const k of ["group_key", "person_id"])
    if (node[k] !== undefined && node[k] !== null && typeof node[k] !== "string")
      pydantic(k, "Input should be a valid string", "string_type");
  const target = {
    groupTypeIndex: index as number | null,
    groupKey: (node.group_key as string | null | undefined) ?? null,
    personId: (node.person_id as string | null | undefined) ?? null,
  };
  const isGroup = !!target.groupKey && target.groupTypeIndex !== null;
  if (!isGroup && !target.personId)
    throw errors.validation("UsageMetricsQuery must have either group_key or person_id");
  if (isGroup && target.personId)
    throw errors.validation("UsageMetricsQuery must have either group_key or person_id, not both");
  return target;
}

interface Planned {
  metric: UsageMetric;
  filter: string;
}

/** The metric results and the last query's HogQL, for `now` = the server clock. */
export function runUsageMetrics(
  world: World,
  data: ProjectData,
  target: UsageMetricsTarget,
): { results: Record<string, unknown>[]; hogql: string | null } {
  // The runner reads every metric of the team, whatever its group_type_index (its own PoC note).
  const byInterval = new Map<number, Planned[]>();
  for (const metric of data.metrics) {
    if (metric.math === "sum" && !metric.mathProperty) continue;
    if (metric.filters.source === "data_warehouse") {
      if (target.personId) continue; // the runner skips warehouse metrics on person profiles
      throw unsupported(
        `The data-warehouse usage metric '${metric.name}' (the stand-in has no warehouse tables)`,
      );
    }
    const filter = metricFilterExpr(metric.filters, data.project);
    if (filter === null) continue; // no real filter: the runner skips rather than scan every event
    const list = byInterval.get(metric.interval) ?? [];
    list.push({ metric, filter });
    byInterval.set(metric.interval, list);
  }
  const now = world.now();
  const results: Record<string, unknown>[] = [];
  let hogql: string | null = null;
  for (const [interval, group] of byInterval) {
    const from = now - interval * DAY;
    const prevFrom = now - 2 * interval * DAY;
    const entity =
      target.personId !== null && !(target.groupKey && target.groupTypeIndex !== null)
        ? `person_id = ${hogqlString(target.personId)}`
        : `$group_${target.groupTypeIndex} = ${hogqlString(target.groupKey ?? "")}`;
    const current = "timestamp >= toDateTime({date_from}) AND timestamp <= toDateTime({date_to})";
    const previous =
      "timestamp >= toDateTime({prev_date_from}) AND timestamp < toDateTime({date_from})";
    const selects = group.flatMap(({ metric, filter }, i) => {
      const aggregate = (window: string) =>
        metric.math === "sum"
          ? `ifNull(sumIf(toFloat(properties[${hogqlString(metric.mathProperty ?? "")}]), (${filter}) AND ${window}), 0)`
          : `toFloat(countIf((${filter}) AND ${window}))`;
      return [`${aggregate(current)} AS m${i}_value`, `${aggregate(previous)} AS m${i}_previous`];
    });
    // No LIMIT, as in the runner: HogQL's default of 100 rows applies (posthog/hogql/constants.py).
    const sql = `SELECT toStartOfDay(toTimeZone(timestamp, 'UTC')) AS day, ${selects.join(", ")} FROM events WHERE ${entity} AND timestamp >= toDateTime({prev_date_from}) AND timestamp <= toDateTime({date_to}) GROUP BY day ORDER BY day ASC`;
    const values = {
      date_from: new Date(from).toISOString(),
      date_to: new Date(now).toISOString(),
      prev_date_from: new Date(prevFrom).toISOString(),
    };
    const out = runEventsQuery(parseEventsQuery(sql), values, data, world);
    hogql = out.hogql;
    const byDay = new Map<string, number[]>();
    for (const row of out.results as [string, ...number[]][])
      byDay.set(row[0].slice(0, 10), row.slice(1) as number[]);
    const currentDays = dayRange(from, now);
    const previousDays = dayRange(prevFrom, from - 1000);
    group.forEach(({ metric }, i) => {
      const daily = (days: string[], col: number) =>
        days.map((d) => Number(byDay.get(d)?.[col] ?? 0));
      const currentDaily = daily(currentDays, i * 2);
      const value = sum(currentDaily);
      const prev = sum(daily(previousDays, i * 2 + 1));
      const sparkline = metric.display === "sparkline";
      results.push({
        id: metric.id,
        name: metric.name,
        format: metric.format,
        display: metric.display,
        interval: metric.interval,
        value,
        previous: prev,
        change_from_previous_pct: prev > 0 ? ((value - prev) / prev) * 100 : null,
        timeseries: sparkline ? currentDaily : null,
        timeseries_labels: sparkline ? currentDays : null,
      });
    });
  }
  // results.sort(key=lambda x: x.name, reverse=True)
  results.sort((a, b) =>
    String(a.name) < String(b.name) ? 1 : String(a.name) > String(b.name) ? -1 : 0,
  );
  return { results, hogql };
}

/** UTC dates from the day of `fromMs` to the day of `toMs`, inclusive, as `YYYY-MM-DD`. */
function dayRange(fromMs: number, toMs: number): string[] {
  const out: string[] = [];
  for (let d = Math.floor(fromMs / DAY) * DAY; d <= toMs; d += DAY)
    out.push(new Date(d).toISOString().slice(0, 10));
  return out;
}

function sum(xs: number[]): number {
  return xs.reduce((s, x) => s + x, 0);
}

// UsageMetricsQuery, as products/customer_analytics/backend/hogql_queries/usage_metrics_query_runner.py runs it:
// every metric of the team, one HogQL query per source (`events`, or a data-warehouse table read by its key field) and
// interval, grouped by UTC day, summed per window.
import { errors } from "./errors";
import { Cursor } from "./hogql/cursor";
import { unsupported } from "./hogql/errors";
import { parseEventsQuery, runEventsQuery } from "./hogql/events-query";
import { parseExpr } from "./hogql/expr";
import { tokenize } from "./hogql/lexer";
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
  /** The metric's own condition (none for a warehouse metric: its filters are its table). */
  filter: string | null;
}

/** One query's worth: the metrics sharing a source (table, timestamp and key) and an interval. */
interface Batch {
  from: string;
  time: string;
  entity: string;
  interval: number;
  members: Planned[];
}

/**
 * A warehouse metric's field as the runner reads it: parse_expr of the user's text (a column, or any HogQL
 * expression), so one whole expression or a syntax error.
 */
function userExpr(name: string, text: unknown): string {
  if (typeof text !== "string" || text === "")
    throw errors.validation(`data_warehouse usage metric is missing '${name}' in filters`);
  const c = new Cursor(text, tokenize(text));
  parseExpr(c);
  if (c.tok.t !== "eof") c.fail();
  return `(${text})`;
}

/** The table as the runner names it (ast.Field(chain=[table_name])); the stand-in's tables have plain names. */
function tableName(name: unknown): string {
  const text = String(name ?? "");
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(text))
    throw unsupported(
      `The warehouse table name '${text}' (the stand-in's tables have plain names)`,
    );
  return text;
}

/** The metric results and the last query's HogQL, for `now` = the server clock. */
export function runUsageMetrics(
  world: World,
  data: ProjectData,
  target: UsageMetricsTarget,
): { results: Record<string, unknown>[]; hogql: string | null } {
  // The runner reads every metric of the team, whatever its group_type_index (its own PoC note), and batches
  // them by source (events, or a warehouse table with its timestamp and key fields) and interval.
  const batches = new Map<string, Batch>();
  for (const metric of data.metrics) {
    if (metric.math === "sum" && !metric.mathProperty) continue;
    let batch: Omit<Batch, "members" | "interval">;
    let filter: string | null = null;
    const f = metric.filters;
    if (f.source === "data_warehouse") {
      if (target.personId) continue; // the runner skips warehouse metrics on person profiles
      batch = {
        from: tableName(f.table_name),
        time: userExpr("timestamp_field", f.timestamp_field),
        // _entity_filter_for: parse_expr(key_field) = group_key.
        entity: `${userExpr("key_field", f.key_field)} = ${hogqlString(target.groupKey ?? "")}`,
      };
    } else {
      filter = metricFilterExpr(f, data.project);
      if (filter === null) continue; // no real filter: the runner skips rather than scan every event
      const byPerson =
        target.personId !== null && !(target.groupKey && target.groupTypeIndex !== null);
      batch = {
        from: "events",
        time: "timestamp",
        entity: byPerson
          ? `person_id = ${hogqlString(target.personId ?? "")}`
          : `$group_${target.groupTypeIndex} = ${hogqlString(target.groupKey ?? "")}`,
      };
    }
    const key = [batch.from, batch.time, batch.entity, metric.interval].join("\u0000");
    const found = batches.get(key) ?? { ...batch, interval: metric.interval, members: [] };
    found.members.push({ metric, filter });
    batches.set(key, found);
  }
  const now = world.now();
  const results: Record<string, unknown>[] = [];
  let hogql: string | null = null;
  for (const { from: table, time, entity, interval, members: group } of batches.values()) {
    const from = now - interval * DAY;
    const prevFrom = now - 2 * interval * DAY;
    const current = `${time} >= toDateTime({date_from}) AND ${time} <= toDateTime({date_to})`;
    const previous = `${time} >= toDateTime({prev_date_from}) AND ${time} < toDateTime({date_from})`;
    const selects = group.flatMap(({ metric, filter }, i) => {
      const when = (window: string) => (filter === null ? window : `(${filter}) AND ${window}`);
      // _build_conditional_aggregation: an event property, or parse_expr(math_property) on a warehouse table.
      const summed = () =>
        table === "events"
          ? `properties[${hogqlString(metric.mathProperty ?? "")}]`
          : userExpr("math_property", metric.mathProperty);
      const aggregate = (window: string) =>
        metric.math === "sum"
          ? `ifNull(sumIf(toFloat(${summed()}), ${when(window)}), 0)`
          : `toFloat(countIf(${when(window)}))`;
      return [`${aggregate(current)} AS m${i}_value`, `${aggregate(previous)} AS m${i}_previous`];
    });
    // No LIMIT, as in the runner: HogQL's default of 100 rows applies (posthog/hogql/constants.py).
    const sql = `SELECT toStartOfDay(toTimeZone(${time}, 'UTC')) AS day, ${selects.join(", ")} FROM ${table} WHERE ${entity} AND ${time} >= toDateTime({prev_date_from}) AND ${time} <= toDateTime({date_to}) GROUP BY day ORDER BY day ASC`;
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

// Where a batch of usage metrics reads its rows, as PostHog's runner groups them (usage_metrics_query_runner.py
// _source_descriptor): `events` keyed by `$group_N`, or a data-warehouse table keyed by the metric's key field.
import type { GroupUsageMetric } from "../../api/types";
import { identifier } from "./metric-filters";

/** A table to read, as HogQL text; every name from the metric goes through `identifier`, never raw. */
export interface MetricSource {
  /** Metrics with the same id (and interval) share one query. */
  id: string;
  from: string;
  /** The group key of a row, as text. */
  key: string;
  time: string;
  /** Whether each metric adds its own filter condition (events); a warehouse metric reads every row of its table. */
  filtered: boolean;
  /** What a `sum` metric adds up per row. */
  summed(property: string): string;
}

export function eventsSource(groupTypeIndex: number): MetricSource {
  const group = `$group_${groupTypeIndex}`;
  return {
    id: "events",
    from: "events",
    key: group,
    time: "timestamp",
    filtered: true,
    summed: (property) => `properties.${identifier(property)}`,
  };
}

const FIELDS = ["table_name", "timestamp_field", "key_field"] as const;

/**
 * A warehouse metric's table (`filters.table_name`, one identifier as the runner's ast.Field(chain=[table_name])),
 * grouped by its key field as text. PostHog parses the fields as HogQL expressions (parse_expr); the add-on takes
 * plain column names only, and says so for anything else rather than put a user's text into its query.
 */
export function warehouseSource(metric: GroupUsageMetric): MetricSource | { unsupported: string } {
  const filters = metric.filters ?? {};
  const [table, time, key] = FIELDS.map((f) => filters[f]);
  if (FIELDS.some((f) => typeof filters[f] !== "string" || filters[f] === ""))
    return {
      unsupported: "a data-warehouse metric needs table_name, timestamp_field and key_field",
    };
  const columns: [string, unknown][] = [
    ["timestamp_field", time],
    ["key_field", key],
  ];
  if (metric.math === "sum") columns.push(["math_property", metric.math_property]);
  for (const [name, value] of columns)
    if (typeof value !== "string" || identifier(value) !== value)
      return { unsupported: `a data-warehouse ${name} that is not a plain column name` };
  return {
    id: JSON.stringify(["data_warehouse", table, time, key]),
    from: identifier(table as string),
    key: `toString(${identifier(key as string)})`,
    time: identifier(time as string),
    filtered: false,
    summed: (property) => identifier(property),
  };
}

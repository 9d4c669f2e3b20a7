// A groups pull's usage-metric columns: per metric its value now, in the previous window, the change in %, and for a
// sparkline metric a trend cell. The trend is a SPARKLINE over a literal array the add-on writes itself from numbers
// only (never from PostHog's text), so it draws without a request.
import type { PostHogClient } from "../../api";
import type { CellValue } from "../../sheets/cells";
import {
  type MetricValue,
  readMetricValues,
  testAccountsOf,
  zeroValue,
} from "../metrics/metric-values";
import { teamMetrics } from "../metrics/team-metrics";

export interface MetricColumns {
  headers: string[];
  /** The cells of one group's row, in the order of `headers`. */
  cells(key: string): CellValue[];
  /** Each computed metric's value in the current window, by its value column's header (what a history records). */
  values(key: string): Record<string, number>;
  valueHeaders: string[];
  /** Query requests sent and rows read. */
  requests: number;
  rowsRead: number;
}

/** `=SPARKLINE({1,2,3})` from finite numbers only. */
export function sparklineFormula(series: readonly number[]): string {
  const numbers = series.map((n) => (Number.isFinite(n) ? String(n) : "0"));
  return `=SPARKLINE({${numbers.join(",")}})`;
}

/**
 * Reads the metrics PostHog shows for a group of this type (the team's, under every one of `typeIndexes`) and their
 * values for every group (one `now`), and lays them out as columns.
 */
export function metricColumns(
  client: PostHogClient,
  groupTypeIndex: number,
  typeIndexes: readonly number[],
  canQuery: boolean,
  now: number,
): MetricColumns {
  const metrics = teamMetrics(client, typeIndexes);
  if (!canQuery) {
    const note = "'Not supported yet: metric values need the query:read scope";
    return {
      headers: metrics.map((m) => m.name),
      cells: () => metrics.map(() => note),
      values: () => ({}),
      valueHeaders: [],
      requests: 0,
      rowsRead: 0,
    };
  }
  const read = readMetricValues(client, groupTypeIndex, metrics, now, testAccountsOf(client));

  const headers: string[] = [];
  const builders: Array<(key: string) => CellValue[]> = [];
  const valueHeaders: string[] = [];
  const currentValues: Array<(key: string) => number> = [];
  for (const { metric, values, unsupported } of read.metrics) {
    if (unsupported) {
      headers.push(metric.name);
      builders.push(() => [`'Not supported yet: ${unsupported}`]);
      continue;
    }
    const span = `${metric.interval}d`;
    const valueHeader = `${metric.name} (${span})`;
    headers.push(valueHeader, `${metric.name} (previous ${span})`);
    headers.push(`${metric.name} change %`);
    if (metric.display === "sparkline") headers.push(`${metric.name} trend`);
    const at = (key: string): MetricValue => values.get(key) ?? zeroValue(metric);
    valueHeaders.push(valueHeader);
    currentValues.push((key) => at(key).value);
    builders.push((key) => {
      const v = at(key);
      const row: CellValue[] = [v.value, v.previous, v.changePct ?? ""];
      if (v.series) row.push(sparklineFormula(v.series));
      return row;
    });
  }
  return {
    headers,
    cells: (key) => builders.flatMap((b) => b(key)),
    values: (key) =>
      Object.fromEntries(valueHeaders.map((h, i) => [h, currentValues[i]?.(key) ?? 0])),
    valueHeaders,
    requests: read.requests,
    rowsRead: read.rowsRead,
  };
}

// Recording a refresh of a sheet that keeps history: what changed between the snapshot the refresh replaces and the
// records it wrote, and the pushes logged since the previous refresh (the snapshot already follows those, so the
// push log says who made them). Old values come from the old snapshot: no request to PostHog.
import type { Clock } from "../../api/transport";
import { type CellValue, toCell } from "../../sheets/cells";
import type { TableRecord } from "../../sheets/records";
import type { PulledSheetMeta } from "../../sheets/sheet-meta";
import { readSnapshot } from "../../sheets/snapshot";
import type { SheetHandle, Workbook } from "../../sheets/workbook";
import { logCell, readLog } from "../push/log";
import { appendHistory, type HistoryKind, type HistoryRow, timeOf } from "./history-sheet";
import { readHistorySetting } from "./settings";

/** What a refresh of a history-keeping sheet holds on to before it replaces the snapshot. */
export interface HistoryCapture {
  sheet: SheetHandle;
  days: number;
  groupTypeIndex: number;
  /** The previous pull or refresh: pushes logged after it are this refresh's to record. */
  since: string;
  before: TableRecord[];
  /** Properties of the sheet's metric columns (recorded with kind "metric"). */
  metrics: Set<string>;
}

/** A refresh's metric columns: their value headers, and the sheet as it showed them before the refresh. */
export interface MetricSnapshot {
  headers: readonly string[];
  /** The sheet as it was before the refresh wrote it (header row first, the key in the first column). */
  shownBefore: readonly (readonly CellValue[])[];
}

/** The records with each row's metric values added as properties (recorded with kind "metric"). */
export function withMetricValues(
  records: readonly TableRecord[],
  valuesOf: (key: string) => Record<string, unknown>,
): TableRecord[] {
  return records.map((r) => ({ ...r, properties: { ...r.properties, ...valuesOf(r.key) } }));
}

/** The metric values the sheet showed before the refresh, by key: read from the sheet, the snapshot has none. */
export function shownMetricValues(
  shown: readonly (readonly CellValue[])[],
  headers: readonly string[],
): (key: string) => Record<string, unknown> {
  const columns = headers
    .map((h) => [h, (shown[0] ?? []).indexOf(h)] as const)
    .filter(([, at]) => at >= 0);
  const byKey = new Map(
    shown
      .slice(1)
      .map((row) => [
        String(row[0] ?? ""),
        Object.fromEntries(columns.map(([h, at]) => [h, row[at]])),
      ]),
  );
  return (key) => byKey.get(key) ?? {};
}

/**
 * Before a refresh replaces the snapshot: the records the old `snapshot` held (the refresh has it in hand), when the
 * sheet keeps history (else null).
 */
export function captureHistory(
  snapshot: SheetHandle | null,
  sheet: SheetHandle,
  previous: PulledSheetMeta | null,
  metrics?: MetricSnapshot,
): HistoryCapture | null {
  const setting = readHistorySetting(sheet);
  if (!setting || previous?.request.entity !== "groups" || !snapshot) return null;
  const records = readSnapshot(snapshot.read().values);
  return {
    sheet,
    days: setting.days,
    groupTypeIndex: previous.request.groupTypeIndex,
    since: previous.pulledAt,
    before: metrics
      ? withMetricValues(records, shownMetricValues(metrics.shownBefore, metrics.headers))
      : records,
    metrics: new Set(metrics?.headers ?? []),
  };
}

const same = (a: unknown, b: unknown): boolean =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const cellOf = (value: unknown): CellValue => toCell(value).cell;

/** One row per property whose value differs between `before` and `after`, and one per account that came or went. */
export function changedRows(
  capture: HistoryCapture,
  after: readonly TableRecord[],
  now: number,
): HistoryRow[] {
  const row = (
    key: string,
    property: string,
    old: unknown,
    value: unknown,
    kind: HistoryKind,
  ): HistoryRow => ({
    "Time seen": new Date(now),
    "Sheet id": capture.sheet.id,
    "Group type": capture.groupTypeIndex,
    "Group key": `'${key}`,
    Property: property ? `'${property}` : "",
    "Old value": cellOf(old),
    "New value": cellOf(value),
    Kind: kind,
    Source: "refresh",
    Who: "",
    Sheet: `'${capture.sheet.name()}`,
  });
  const was = new Map(capture.before.map((r) => [r.key, r]));
  const rows: HistoryRow[] = [];
  for (const record of after) {
    const old = was.get(record.key);
    was.delete(record.key);
    if (!old) {
      rows.push(row(record.key, "", "", "added", "account"));
      continue;
    }
    const names = new Set([...Object.keys(old.properties), ...Object.keys(record.properties)]);
    for (const name of names) {
      const from = old.properties[name];
      const to = record.properties[name];
      if (!same(from, to))
        rows.push(
          row(record.key, name, from, to, capture.metrics.has(name) ? "metric" : "property"),
        );
    }
  }
  for (const key of was.keys()) rows.push(row(key, "", "", "removed", "account"));
  return rows;
}

/** A push log cell back to the value it holds (the log keeps values as JSON text). */
export function logValue(cell: CellValue): unknown {
  if (typeof cell !== "string" || cell === "") return cell;
  try {
    return JSON.parse(cell);
  } catch {
    return cell;
  }
}

/** The sheet's pushes that PostHog took, logged after `since` and up to `now`, as history rows (oldest first). */
export function pushedRows(workbook: Workbook, capture: HistoryCapture, now: number): HistoryRow[] {
  const log = readLog(workbook);
  if (!log || log.at("When") < 0 || log.at("Sheet id") < 0) return [];
  const since = Date.parse(capture.since);
  const rows: Array<HistoryRow & { at: number }> = [];
  for (const line of log.rows) {
    const at = timeOf(logCell(log, line, "When"));
    const result = String(logCell(log, line, "Result"));
    if (Number(logCell(log, line, "Sheet id")) !== capture.sheet.id || !result.startsWith("sent"))
      continue;
    if (!(at > since && at <= now)) continue;
    const property = String(logCell(log, line, "Property"));
    rows.push({
      at,
      "Time seen": new Date(at),
      "Sheet id": capture.sheet.id,
      "Group type": capture.groupTypeIndex,
      "Group key": `'${String(logCell(log, line, "Group key"))}`,
      Property: property ? `'${property}` : "",
      "Old value": cellOf(logValue(logCell(log, line, "Old value"))),
      "New value": property ? cellOf(logValue(logCell(log, line, "New value"))) : "created",
      Kind: property ? (capture.metrics.has(property) ? "metric" : "property") : "account",
      Source: `'push (${String(logCell(log, line, "Change"))})`,
      Who: `'${String(logCell(log, line, "Who"))}`,
      Sheet: `'${capture.sheet.name()}`,
    });
  }
  return rows.sort((a, b) => a.at - b.at).map(({ at: _at, ...r }) => r);
}

/** After the refresh wrote the sheet: appends what changed (pushes first, by time), or nothing at all. */
export function recordRefresh(
  deps: { workbook: Workbook; clock: Clock },
  capture: HistoryCapture,
  after: readonly TableRecord[],
): number {
  const now = deps.clock();
  const rows = [...pushedRows(deps.workbook, capture, now), ...changedRows(capture, after, now)];
  appendHistory(deps.workbook, rows, { sheetId: capture.sheet.id, days: capture.days, now });
  return rows.length;
}

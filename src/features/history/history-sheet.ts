// The "PostHog history" sheet: one row per change seen, written and read by header name (like the push log), and
// kept to the days each sheet's setting allows.
import { DAY_MS } from "../../shared/day";
import type { CellValue } from "../../sheets/cells";
import { checkAppendSize } from "../../sheets/size-guard";
import type { SheetHandle, Workbook } from "../../sheets/workbook";
import { appendByHeader, columnsOf } from "../push/log";
import { runsFromEnd } from "../refresh/refresh-plan";

export const HISTORY_SHEET = "PostHog history";
/** Time and sheet id first: the bound reads only those two columns. */
export const HISTORY_HEADER = [
  "Time seen",
  "Sheet id",
  "Group type",
  "Group key",
  "Property",
  "Old value",
  "New value",
  "Kind",
  "Source",
  "Who",
  "Sheet",
] as const;

export type HistoryField = (typeof HISTORY_HEADER)[number];
export type HistoryRow = Record<HistoryField, CellValue>;
/** What a history row says it records: a property, a metric column's value, or an account coming or going. */
export type HistoryKind = "property" | "metric" | "account";

/** A cell as a time in ms (a date cell, or text a person typed), NaN when it is none. */
export function timeOf(cell: CellValue | undefined): number {
  if (cell instanceof Date) return cell.getTime();
  if (typeof cell === "number") return Number.NaN;
  return Date.parse(String(cell ?? ""));
}

/**
 * Appends `rows` (in time order) after checking the spreadsheet has room, then drops the rows of sheet `sheetId`
 * older than `days` before `now`. Nothing at all is read or written for no rows.
 */
export function appendHistory(
  workbook: Workbook,
  rows: readonly HistoryRow[],
  bound: { sheetId: number; days: number; now: number },
): void {
  if (rows.length === 0) return;
  const existing = workbook.sheetByName(HISTORY_SHEET);
  checkAppendSize(workbook, existing, rows.length, HISTORY_HEADER.length, "The account history");
  const sheet = appendByHeader(workbook, HISTORY_SHEET, HISTORY_HEADER, rows);
  if (sheet) dropExpired(sheet, bound.sheetId, bound.now - bound.days * DAY_MS);
}

/** Deletes the sheet's rows older than `cutoff` as whole rows, in runs (rows are appended in time order). */
function dropExpired(sheet: SheetHandle, sheetId: number, cutoff: number): void {
  const last = sheet.lastRow();
  if (last < 2) return;
  const at = columnsOf(sheet.readRows(1, 1, sheet.lastColumn())[0] ?? []);
  const timeAt = at("Time seen");
  const idAt = at("Sheet id");
  if (timeAt < 0 || idAt < 0) return;
  const rows = sheet.readRows(2, last - 1, Math.max(timeAt, idAt) + 1);
  const expired: number[] = [];
  rows.forEach((row, i) => {
    if (Number(row[idAt]) === sheetId && timeOf(row[timeAt]) < cutoff) expired.push(i + 2);
  });
  for (const [first, count] of runsFromEnd(expired)) sheet.deleteRows(first, count);
}

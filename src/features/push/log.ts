// The "PostHog push log" sheet: one row per item pushed, written and read by header name, so a column a person
// inserts, moves or adds does not shift what the add-on reads (docs/design.md, "The push log").
import { UserFacingError } from "../../shared/failures";
import type { CellValue } from "../../sheets/cells";
import type { SheetHandle, Workbook } from "../../sheets/workbook";

export const LOG_SHEET = "PostHog push log";
/** The log's headers, in the order a new log gets them. "Sheet id" came later: older logs get it appended. */
export const LOG_HEADER = [
  "When",
  "Who",
  "Sheet",
  "Push",
  "Change",
  "Group key",
  "Property",
  "Old value",
  "New value",
  "Result",
  "Sheet id",
] as const;

export type LogField = (typeof LOG_HEADER)[number];
export type LogRow = Record<LogField, CellValue>;

/** A log as read: its rows (header excluded) and where each header is (-1 when missing). */
export interface LogTable {
  sheet: SheetHandle;
  rows: CellValue[][];
  at(field: LogField): number;
}

/** Where each header is in a header row (-1 when missing). */
export const columnsOf = (header: readonly CellValue[]) => {
  const names = header.map((h) => String(h ?? "").trim());
  return (field: string) => names.indexOf(field);
};

/** Appends rows under the log's own headers; a header the log lacks (a new log, an older one) is added at the end. */
export function appendLog(workbook: Workbook, rows: readonly LogRow[]): void {
  appendByHeader(workbook, LOG_SHEET, LOG_HEADER, rows);
}

/**
 * Appends rows to the sheet `name` (made when missing) under its own header row, by header name: a header the sheet
 * lacks is added at the end, so columns a person moved or added stay as they are. The push log and the history use it.
 */
export function appendByHeader<F extends string>(
  workbook: Workbook,
  name: string,
  fields: readonly F[],
  rows: readonly Record<F, CellValue>[],
): SheetHandle | null {
  if (rows.length === 0) return null;
  const sheet = workbook.sheetByName(name) ?? workbook.insert(name);
  const width = sheet.lastColumn();
  const header: CellValue[] = width > 0 ? (sheet.readRows(1, 1, width)[0] ?? []) : [];
  const missing = fields.filter((h) => columnsOf(header)(h) < 0);
  if (missing.length > 0) {
    sheet.writeAt(1, header.length + 1, [[...missing]]);
    header.push(...missing);
  }
  const at = columnsOf(header);
  const cells = rows.map((row) => {
    const line: CellValue[] = header.map(() => "");
    for (const field of fields) line[at(field)] = row[field];
    return line;
  });
  sheet.write(sheet.lastRow() + 1, cells);
  return sheet;
}

/** The log, or null when there is none. */
export function readLog(workbook: Workbook): LogTable | null {
  const sheet = workbook.sheetByName(LOG_SHEET);
  if (!sheet) return null;
  const [header = [], ...rows] = sheet.read().values;
  return { sheet, rows, at: columnsOf(header) };
}

/** Refuses, in plain words, a log whose headers the caller needs were renamed or deleted. */
export function requireColumns(log: LogTable, fields: readonly LogField[]): void {
  const missing = fields.filter((f) => log.at(f) < 0);
  if (missing.length > 0)
    throw new UserFacingError(
      "log_column_missing",
      `The "${LOG_SHEET}" sheet has no ${missing.map((f) => `"${f}"`).join(", ")} column (renamed or deleted?). Put the header back, then try again.`,
    );
}

/** A cell of a log row by header ("" when the log has no such column). */
export function logCell(log: LogTable, row: readonly CellValue[], field: LogField): CellValue {
  const at = log.at(field);
  return at < 0 ? "" : (row[at] ?? "");
}

/** Replaces the Result column of the rows after the header (one write). */
export function writeResults(log: LogTable, results: readonly CellValue[]): void {
  const at = log.at("Result");
  if (at < 0 || results.length === 0) return;
  log.sheet.writeAt(
    2,
    at + 1,
    results.map((r) => [r]),
  );
}

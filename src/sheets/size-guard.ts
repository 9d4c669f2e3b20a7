// Sheets' size limits, checked before a pull writes: 10,000,000 cells a spreadsheet, 18,278 columns a sheet.

import { UserFacingError } from "../shared/failures";
import { countOf } from "../shared/wording";
import type { SheetHandle, Workbook } from "./workbook";

/** Google Drive Help, support.google.com/drive/answer/37603 (docs/apps-script.md, "Sheet size"). */
export const MAX_CELLS = 10_000_000;
export const MAX_COLUMNS = 18_278;
/** The grid insertSheet gives a new sheet. */
export const NEW_SHEET: Grid = { rows: 1000, columns: 26 };

export interface Grid {
  rows: number;
  columns: number;
}

/** What a pull will write, as far as it is known. */
export interface PullSize {
  /** Data rows of the visible sheet (the header comes on top). */
  rows: number;
  /** Columns of the visible sheet. */
  columns: number;
  /** Rows of the hidden snapshot (the layout row included) and the cells each takes. */
  snapshotRows: number;
  snapshotWidth: number;
}

const cells = (grid: Grid): number => grid.rows * grid.columns;
const grown = (grid: Grid, rows: number, columns: number): Grid => ({
  rows: Math.max(grid.rows, rows),
  columns: Math.max(grid.columns, columns),
});
const count = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/** Every sheet's grid counts, hidden ones and empty cells too. */
export function spreadsheetCells(workbook: Workbook): number {
  return workbook.sheets().reduce((sum, sheet) => sum + cells(sheet.gridSize()), 0);
}

const BIGGER =
  "For a project this large, PostHog's batch exports to BigQuery, read in Google Sheets through Connected Sheets, " +
  'work better (see the README, "When a spreadsheet is not enough").';

/**
 * Refuses a pull that would take the spreadsheet past 10,000,000 cells or its sheet past 18,278 columns, counting
 * the visible sheet and the hidden snapshot at their largest. `target` and `staging` are null before they exist.
 */
export function checkPullSize(
  workbook: Workbook,
  size: PullSize,
  target: SheetHandle | null,
  staging: SheetHandle | null,
): void {
  if (size.columns > MAX_COLUMNS) {
    throw new UserFacingError(
      "too_wide",
      `This pull needs ${countOf(size.columns, "column")}, and a sheet holds at most ${count(MAX_COLUMNS)}. ` +
        `Pick fewer columns in the column picker, then pull again. ${BIGGER}`,
    );
  }
  const targetNow = target?.gridSize() ?? null;
  const stagingNow = staging?.gridSize() ?? null;
  const targetAfter = grown(targetNow ?? NEW_SHEET, size.rows + 1, size.columns);
  const stagingAfter = grown(stagingNow ?? NEW_SHEET, size.snapshotRows, size.snapshotWidth);
  const now = spreadsheetCells(workbook);
  const added =
    cells(targetAfter) -
    (targetNow ? cells(targetNow) : 0) +
    cells(stagingAfter) -
    (stagingNow ? cells(stagingNow) : 0);
  if (now + added > MAX_CELLS) {
    throw new UserFacingError(
      "too_many_cells",
      `This pull needs about ${countOf(added, "more cell", "more cells")} (${countOf(size.rows, "row")} × ${countOf(size.columns, "column")}, ` +
        `with the hidden copy the add-on keeps to find your edits). This spreadsheet has ${countOf(now, "cell")} and ` +
        `Google Sheets allows ${count(MAX_CELLS)}. Pick fewer columns or add a search, or pull into a new ` +
        `spreadsheet. ${BIGGER}`,
    );
  }
}

/**
 * Refuses appending `rows` rows of `columns` cells to `sheet` (null: a new sheet) when the spreadsheet would pass
 * 10,000,000 cells; `what` names the sheet in the message (the account history uses it).
 */
export function checkAppendSize(
  workbook: Workbook,
  sheet: SheetHandle | null,
  rows: number,
  columns: number,
  what: string,
): void {
  const before = sheet?.gridSize() ?? null;
  const after = grown(before ?? NEW_SHEET, (sheet?.lastRow() ?? 0) + rows + 1, columns);
  const added = cells(after) - (before ? cells(before) : 0);
  const now = spreadsheetCells(workbook);
  if (added > 0 && now + added > MAX_CELLS)
    throw new UserFacingError(
      "too_many_cells",
      `${what} needs ${countOf(added, "more cell", "more cells")}, and this spreadsheet has ${countOf(now, "cell")} of ` +
        `the ${count(MAX_CELLS)} Google Sheets allows. Keep history for fewer days, or remove sheets you no longer need.`,
    );
}

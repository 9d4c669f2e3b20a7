// Node-side access to the model for tests and the runtime: reads and seeds cells without counting calls.

import { parseA1 } from "./a1.ts";
import { readGrid, recalculateDocument, writeInputs } from "./cells.ts";
import {
  type Cell,
  cellAt,
  type GridRect,
  getDocument,
  lastColumn,
  lastRow,
  type SheetModel,
  type SpreadsheetStore,
  sheetByName,
  type Toast,
} from "./model.ts";
import { type CellValue, displayValue } from "./values.ts";

function dataRect(sheet: SheetModel): GridRect {
  return { row: 1, column: 1, numRows: lastRow(sheet), numColumns: lastColumn(sheet) };
}

function rectOf(sheet: SheetModel, a1: string): GridRect {
  const ref = parseA1(a1);
  if (!ref) throw new Error(`Not an A1 reference: ${a1}`);
  const row = ref.row ?? 1;
  const column = ref.column ?? 1;
  const endRow = ref.endRow ?? sheet.maxRows;
  const endColumn = ref.endColumn ?? sheet.maxColumns;
  return { row, column, numRows: endRow - row + 1, numColumns: endColumn - column + 1 };
}

const value = (c: Cell | undefined): CellValue => {
  const v = c?.value;
  return v === undefined ? "" : v instanceof Date ? new Date(v.getTime()) : v;
};

/** Values from A1 to the last row/column with content ([] on an empty sheet); empty cells are "". */
export function sheetValues(
  store: SpreadsheetStore,
  docId: string,
  sheetName: string,
): CellValue[][] {
  const sheet = sheetByName(store, docId, sheetName);
  return readGrid(sheet, dataRect(sheet), value);
}

/** Formulas over the same area as `sheetValues`; "" for cells without one. */
export function sheetFormulas(
  store: SpreadsheetStore,
  docId: string,
  sheetName: string,
): string[][] {
  const sheet = sheetByName(store, docId, sheetName);
  return readGrid(sheet, dataRect(sheet), (c) => c?.formula ?? "");
}

/** Display strings over the same area as `sheetValues`. */
export function sheetDisplayValues(
  store: SpreadsheetStore,
  docId: string,
  sheetName: string,
): string[][] {
  const sheet = sheetByName(store, docId, sheetName);
  const tz = getDocument(store, docId).timeZone;
  return readGrid(sheet, dataRect(sheet), (c) =>
    c?.value === undefined ? "" : displayValue(c.value, tz),
  );
}

/** A copy of one cell's model ("B2"), or undefined when nothing was ever stored there. */
export function cellModel(
  store: SpreadsheetStore,
  docId: string,
  sheetName: string,
  a1: string,
): Cell | undefined {
  const sheet = sheetByName(store, docId, sheetName);
  const { row, column } = rectOf(sheet, a1);
  const cell = cellAt(sheet, row, column);
  return cell ? structuredClone(cell) : undefined;
}

/** Writes rows of typed input at `topLeft` ("A1"), parsed as setValues parses them, without counting. */
export function seedValues(
  store: SpreadsheetStore,
  docId: string,
  sheetName: string,
  topLeft: string,
  rows: unknown[][],
): void {
  const doc = getDocument(store, docId);
  const sheet = sheetByName(store, docId, sheetName);
  const { row, column } = rectOf(sheet, topLeft);
  const rect = { row, column, numRows: rows.length, numColumns: rows[0]?.length ?? 0 };
  if (rect.numRows === 0 || rect.numColumns === 0) return;
  if (row + rect.numRows - 1 > sheet.maxRows || column + rect.numColumns - 1 > sheet.maxColumns) {
    throw new Error(
      `seedValues: ${topLeft} + ${rect.numRows}x${rect.numColumns} is outside ${sheetName}`,
    );
  }
  writeInputs(store, doc, sheet, rect, rows);
}

/** Selects `a1` ("B2:C3") on a sheet, as the person at the keyboard would (e.g. the cell a custom function is in). */
export function setSelection(
  store: SpreadsheetStore,
  docId: string,
  sheetName: string,
  a1: string,
): void {
  const sheet = sheetByName(store, docId, sheetName);
  getDocument(store, docId).selection = { sheetId: sheet.id, rect: rectOf(sheet, a1) };
}

/** Toasts shown so far on a document, oldest first. */
export function toasts(store: SpreadsheetStore, docId: string): Toast[] {
  return getDocument(store, docId).toasts.map((t) => ({ ...t }));
}

/** Re-evaluates every formula of a document through `store.evaluateFormula`. */
export function recalculate(store: SpreadsheetStore, docId: string): void {
  recalculateDocument(store, getDocument(store, docId));
}

/** Marks rows as hidden by the sheet's filter (this fake has no filter criteria). Throws when there is no filter. */
export function setRowsHiddenByFilter(
  store: SpreadsheetStore,
  docId: string,
  sheetName: string,
  rows: number[],
): void {
  const sheet = sheetByName(store, docId, sheetName);
  if (!sheet.filter) throw new Error(`Sheet ${sheetName} has no filter`);
  sheet.filter.hiddenRows = new Set(rows);
}

/** Sheet names in tab order. */
export function sheetNames(store: SpreadsheetStore, docId: string): string[] {
  return getDocument(store, docId).sheets.map((s) => s.name);
}

// Reading and writing blocks of cells: shape checks, typed-input parsing, formulas and their array results.

import {
  type Cell,
  cellAt,
  cellFor,
  type DocumentModel,
  type GridRect,
  hasContent,
  type SheetModel,
  type SpreadsheetStore,
} from "./model.ts";
import { dateMs, fail, isDate } from "./realm.ts";
import {
  type CellValue,
  checkCellLength,
  type ParsedInput,
  parseInput,
  TEXT_FORMAT,
} from "./values.ts";

/** What getNumberFormat returns for a cell nobody formatted (as seen from Apps Script; inferred default). */
export const DEFAULT_NUMBER_FORMAT = "0.###############";

function typeName(value: unknown): string {
  if (Array.isArray(value)) return `${value.length ? typeName(value[0]) : "Object"}[]`;
  if (value === null) return "null";
  if (isDate(value)) return "Date";
  if (typeof value === "number") return "number";
  if (typeof value === "string") return "String";
  if (typeof value === "boolean") return "Boolean";
  return typeof value === "object" ? "Object" : String(typeof value);
}

/**
 * Checks that `data` is a 2D array matching `rect` exactly, with Apps Script's messages. The signature text for
 * non-arrays is modelled on "The parameters (number[]) don't match the method signature for …" (inferred wording
 * of the type names).
 */
export function checkShape(data: unknown, rect: GridRect, method: string): unknown[][] {
  const signature = (v: unknown) =>
    `The parameters (${typeName(v)}) don't match the method signature for SpreadsheetApp.Range.${method}.`;
  if (!Array.isArray(data)) fail(signature(data));
  if (data.some((row) => !Array.isArray(row))) fail(signature(data));
  if (data.length !== rect.numRows) {
    fail(
      `The number of rows in the data does not match the number of rows in the range. The data has ${data.length} but the range has ${rect.numRows}.`,
    );
  }
  for (const row of data as unknown[][]) {
    if (row.length !== rect.numColumns) {
      fail(
        `The number of columns in the data does not match the number of columns in the range. The data has ${row.length} but the range has ${rect.numColumns}.`,
      );
    }
  }
  return data as unknown[][];
}

/** A grid of `pick(cell)` over `rect`. */
export function readGrid<T>(
  sheet: SheetModel,
  rect: GridRect,
  pick: (cell: Cell | undefined) => T,
): T[][] {
  const out: T[][] = [];
  for (let r = 0; r < rect.numRows; r++) {
    const source = sheet.rows[rect.row - 1 + r];
    const line: T[] = new Array(rect.numColumns);
    for (let c = 0; c < rect.numColumns; c++) line[c] = pick(source?.[rect.column - 1 + c]);
    out.push(line);
  }
  return out;
}

/** Applies `update` to every cell of `rect` (creating cells). */
export function eachCell(
  sheet: SheetModel,
  rect: GridRect,
  update: (cell: Cell, r: number, c: number) => void,
): void {
  for (let r = 0; r < rect.numRows; r++) {
    for (let c = 0; c < rect.numColumns; c++)
      update(cellFor(sheet, rect.row + r, rect.column + c), r, c);
  }
}

/** A stored value as getValues returns it: empty → "", Dates copied. */
export function outValue(cell: Cell | undefined): CellValue {
  const v = cell?.value;
  if (v === undefined) return "";
  return isDate(v) ? new Date(dateMs(v)) : v;
}

/** Removes the cells an earlier array result of this formula cell spilled into. */
function clearSpill(sheet: SheetModel, row: number, column: number, cell: Cell): void {
  const spill = cell.spill;
  if (!spill) return;
  delete cell.spill;
  for (let r = 0; r < spill.rows; r++) {
    for (let c = 0; c < spill.columns; c++) {
      if (r === 0 && c === 0) continue;
      const other = cellAt(sheet, row + r, column + c);
      if (other?.spilled) {
        delete other.spilled;
        delete other.value;
      }
    }
  }
}

/** Empties a cell's content (value and formula), keeping its formats and note. */
export function clearCellContent(sheet: SheetModel, row: number, column: number, cell: Cell): void {
  clearSpill(sheet, row, column, cell);
  delete cell.value;
  delete cell.formula;
  delete cell.spilled;
}

/** Converts one value returned by a formula hook (from any realm). */
function resultValue(v: unknown): CellValue | undefined {
  if (v === null || v === undefined || v === "") return undefined;
  if (typeof v === "number") return Number.isFinite(v) ? v : "#NUM!";
  if (typeof v === "string" || typeof v === "boolean") return v;
  if (isDate(v)) return new Date(dateMs(v));
  return String(v);
}

/** Computes a formula cell's value through the store's hook; array results spill right and down. */
export function evaluateCell(
  store: SpreadsheetStore,
  doc: DocumentModel,
  sheet: SheetModel,
  row: number,
  column: number,
): void {
  const cell = cellAt(sheet, row, column);
  if (!cell?.formula) return;
  clearSpill(sheet, row, column, cell);
  let result: unknown = "#NAME?";
  if (store.evaluateFormula) {
    try {
      result = store.evaluateFormula(cell.formula, {
        store,
        documentId: doc.id,
        sheetName: sheet.name,
        row,
        column,
      });
    } catch {
      result = "#ERROR!";
    }
  }
  // (inferred) a 1D array fills a column.
  const grid: unknown[][] = Array.isArray(result)
    ? result.map((line: unknown) => (Array.isArray(line) ? line : [line]))
    : [[result]];
  const rows = grid.length;
  const columns = Math.max(0, ...grid.map((line) => line.length));
  const set = (target: Cell, v: unknown) => {
    const value = resultValue(v);
    if (value === undefined) delete target.value;
    else target.value = value;
  };
  if (rows <= 1 && columns <= 1) {
    set(cell, grid[0]?.[0]);
    return;
  }
  // An array result only expands into empty cells inside the sheet; otherwise the formula shows #REF!.
  const fits = row + rows - 1 <= sheet.maxRows && column + columns - 1 <= sheet.maxColumns;
  let blocked = !fits;
  for (let r = 0; r < rows && !blocked; r++) {
    for (let c = 0; c < columns && !blocked; c++) {
      if ((r || c) && hasContent(cellAt(sheet, row + r, column + c))) blocked = true;
    }
  }
  if (blocked) {
    cell.value = "#REF!";
    return;
  }
  set(cell, grid[0]?.[0]);
  cell.spill = { rows, columns };
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      if (!r && !c) continue;
      const target = cellFor(sheet, row + r, column + c);
      set(target, grid[r]?.[c]);
      target.spilled = true;
    }
  }
}

/**
 * Writes typed input into `rect` (setValues / setValue / appendRow): everything is parsed first so a bad cell
 * leaves the sheet untouched, then stored, then formulas are evaluated in reading order.
 */
export function writeInputs(
  store: SpreadsheetStore,
  doc: DocumentModel,
  sheet: SheetModel,
  rect: GridRect,
  data: unknown[][],
  force?: "formula",
): void {
  const parsed: ParsedInput[][] = data.map((line, r) =>
    line.map((input, c) => {
      if (force === "formula" && typeof input === "string" && input.startsWith("=")) {
        checkCellLength(input);
        return { kind: "formula", formula: input };
      }
      const plain = cellAt(sheet, rect.row + r, rect.column + c)?.numberFormat === TEXT_FORMAT;
      return parseInput(input, plain, doc.timeZone);
    }),
  );
  store.cellsWritten += rect.numRows * rect.numColumns;
  const formulas: Array<[number, number]> = [];
  eachCell(sheet, rect, (cell, r, c) => {
    const row = rect.row + r;
    const column = rect.column + c;
    clearCellContent(sheet, row, column, cell);
    const p = parsed[r]?.[c] ?? { kind: "empty" };
    if (p.kind === "value") cell.value = p.value;
    else if (p.kind === "formula") {
      cell.formula = p.formula;
      formulas.push([row, column]);
    }
  });
  for (const [row, column] of formulas) evaluateCell(store, doc, sheet, row, column);
}

/** Re-evaluates every formula of a document (or one sheet), e.g. after the hook's data changed. */
export function recalculateDocument(
  store: SpreadsheetStore,
  doc: DocumentModel,
  only?: SheetModel,
): void {
  for (const sheet of only ? [only] : doc.sheets) {
    sheet.rows.forEach((line, r) => {
      line?.forEach((cell, c) => {
        if (cell?.formula) evaluateCell(store, doc, sheet, r + 1, c + 1);
      });
    });
  }
}

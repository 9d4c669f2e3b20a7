// Reading and writing blocks of cells: shape checks, typed-input parsing, formulas and their array results.

import {
  type Cell,
  cellAt,
  cellFor,
  type DocumentModel,
  type GridRect,
  type SheetModel,
  type SpreadsheetStore,
} from "./model.ts";
import { dateMs, fail, isDate } from "./realm.ts";
import { breakSpillAt, clearSpill, evaluateCell, reexpand } from "./spill.ts";
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

/** Empties a cell's content (value and formula), keeping its formats, note and validation. A spilled value is not
 * the cell's content: clearing it leaves it (the array formula owns it). */
export function clearCellContent(sheet: SheetModel, row: number, column: number, cell: Cell): void {
  if (cell.spilled) return;
  clearSpill(sheet, row, column, cell);
  delete cell.value;
  delete cell.formula;
  delete cell.blocked;
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
      return parseInput(input, plain ? store.plainText : false, doc.timeZone);
    }),
  );
  store.cellsWritten += rect.numRows * rect.numColumns;
  const formulas: Array<[number, number]> = [];
  let emptied = false;
  eachCell(sheet, rect, (cell, r, c) => {
    const row = rect.row + r;
    const column = rect.column + c;
    const p = parsed[r]?.[c] ?? { kind: "empty" };
    if (p.kind === "empty") emptied = true;
    if (cell.spilled) {
      // (inferred) Writing nothing into an array's result leaves it; writing content breaks the array.
      if (p.kind === "empty") return;
      breakSpillAt(sheet, row, column);
      delete cell.spilled;
    }
    clearCellContent(sheet, row, column, cell);
    if (p.kind === "value") cell.value = p.value;
    else if (p.kind === "formula") {
      cell.formula = p.formula;
      formulas.push([row, column]);
    }
  });
  for (const [row, column] of formulas) evaluateCell(store, doc, sheet, row, column);
  if (emptied) reexpand(store, doc, sheet, rect);
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

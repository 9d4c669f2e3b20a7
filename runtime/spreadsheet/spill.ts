// Array results: a formula's 2D result spills into the empty cells right and below; typing into the spill breaks it.
// Rules: docs/apps-script.md "Rows, formulas and spills" (Google: https://support.google.com/docs/answer/3093275,
// https://developers.google.com/apps-script/guides/sheets/functions#return_values).

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
import { dateMs, isDate } from "./realm.ts";
import { BROKEN_REF, hasBrokenRef } from "./references.ts";
import type { CellValue } from "./values.ts";

/** Sheets that ever had a blocked array formula: only those are searched again after a write. */
const withBlocked = new WeakSet<SheetModel>();

function block(sheet: SheetModel, cell: Cell, size: { rows: number; columns: number }): void {
  cell.value = BROKEN_REF;
  cell.blocked = size;
  withBlocked.add(sheet);
}

/** Removes the values an earlier array result of this formula cell spilled into. */
export function clearSpill(sheet: SheetModel, row: number, column: number, cell: Cell): void {
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
  delete cell.blocked;
  let result: unknown = "#NAME?";
  if (hasBrokenRef(cell.formula)) result = BROKEN_REF;
  else if (store.evaluateFormula) {
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
    block(sheet, cell, { rows, columns });
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

/** An array formula of the sheet, where it is and the area its result covers (or wanted to cover). */
export interface Anchor {
  cell: Cell;
  area: GridRect;
}

/** Every array formula of a sheet (spilled or blocked), with its area. */
export function anchorsOf(sheet: SheetModel): Anchor[] {
  const out: Anchor[] = [];
  sheet.rows.forEach((line, r) => {
    line?.forEach((cell, c) => {
      const size = cell?.spill ?? cell?.blocked;
      if (cell && size)
        out.push({
          cell,
          area: { row: r + 1, column: c + 1, numRows: size.rows, numColumns: size.columns },
        });
    });
  });
  return out;
}

function contains(area: GridRect, row: number, column: number): boolean {
  return (
    row >= area.row &&
    row < area.row + area.numRows &&
    column >= area.column &&
    column < area.column + area.numColumns
  );
}

export function intersects(a: GridRect, b: GridRect): boolean {
  return (
    a.row < b.row + b.numRows &&
    b.row < a.row + a.numRows &&
    a.column < b.column + b.numColumns &&
    b.column < a.column + a.numColumns
  );
}

/**
 * Content written into a spilled cell breaks its array: the formula shows #REF! ("Array result was not expanded
 * because it would overwrite data") and the rest of its result disappears.
 */
export function breakSpillAt(sheet: SheetModel, row: number, column: number): void {
  for (const { cell, area } of anchorsOf(sheet)) {
    if (!cell.spill || !contains(area, row, column)) continue;
    clearSpill(sheet, area.row, area.column, cell);
    block(sheet, cell, { rows: area.numRows, columns: area.numColumns });
  }
}

/** Array formulas blocked by content in `rect` are computed again once it was emptied: they spill if they now fit. */
export function reexpand(
  store: SpreadsheetStore,
  doc: DocumentModel,
  sheet: SheetModel,
  rect: GridRect,
): void {
  if (!withBlocked.has(sheet)) return;
  for (const { cell, area } of anchorsOf(sheet)) {
    if (cell.blocked && intersects(area, rect))
      evaluateCell(store, doc, sheet, area.row, area.column);
  }
}

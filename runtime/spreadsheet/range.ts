// The Range fake: values and formulas, position and shape, selection and filters (formats live in range-format).

import { type A1Open, formatA1 } from "./a1.ts";
import { checkShape, clearCellContent, eachCell, readGrid, writeInputs } from "./cells.ts";
import { type Ctx, int } from "./context.ts";
import { Filter } from "./filter.ts";
import {
  type Cell,
  type DocumentModel,
  type GridRect,
  hasContent,
  type SheetModel,
} from "./model.ts";
import {
  fill,
  firstCell,
  RangeCore,
  type RangeParts,
  readRange,
  writeRange,
} from "./range-core.ts";
import { clearFormats, RangeFormats } from "./range-format.ts";
import { dateMs, fail, isDate } from "./realm.ts";
import { Sheet } from "./sheet.ts";
import { reexpand } from "./spill.ts";
import { type CellValue, displayValue } from "./values.ts";

/** Builds a Range after Apps Script's argument checks. */
export function makeRange(
  ctx: Ctx,
  doc: DocumentModel,
  sheet: SheetModel,
  row: unknown,
  column: unknown,
  numRows: unknown = 1,
  numColumns: unknown = 1,
  open: A1Open = {},
): Range {
  const rect = {
    row: int(row),
    column: int(column),
    numRows: int(numRows),
    numColumns: int(numColumns),
  };
  if (rect.row < 1) fail("The starting row of the range is too small.");
  if (rect.column < 1) fail("The starting column of the range is too small.");
  if (rect.numRows < 1) fail("The number of rows in the range must be at least 1.");
  if (rect.numColumns < 1) fail("The number of columns in the range must be at least 1.");
  if (
    rect.row + rect.numRows - 1 > sheet.maxRows ||
    rect.column + rect.numColumns - 1 > sheet.maxColumns
  ) {
    fail("The coordinates of the range are outside the dimensions of the sheet.");
  }
  return new Range({ ctx, doc, sheet, rect, open });
}

/** getValues' view of a cell: "" when empty, Dates copied. */
function cellValue(cell: Cell | undefined): CellValue {
  const v = cell?.value;
  if (v === undefined) return "";
  return isDate(v) ? new Date(dateMs(v)) : v;
}

/** getValues over a rectangle (also for Sheet.getSheetValues). */
export function readValues(p: RangeParts): CellValue[][] {
  return readGrid(p.sheet, p.rect, cellValue);
}

function displayOf(p: RangeParts, cell: Cell | undefined): string {
  const v = cell?.value;
  return v === undefined ? "" : displayValue(v, p.doc.timeZone);
}

/** Empties the range; array formulas it was blocking spill again. */
function clearContents(p: RangeParts): void {
  const { row, column } = p.rect;
  eachCell(p.sheet, p.rect, (cell, r, c) => clearCellContent(p.sheet, row + r, column + c, cell));
  reexpand(p.ctx.store, p.doc, p.sheet, p.rect);
}

export class Range extends RangeFormats {
  /** The sheet model and rectangle of a Range handed back by the bundle. */
  static model(range: unknown): { sheet: SheetModel; rect: GridRect } {
    const p = RangeCore.parts(range);
    return { sheet: p.sheet, rect: { ...p.rect } };
  }

  getValue(): CellValue {
    return readRange(this, "getValue", (p) => cellValue(firstCell(p)));
  }
  getValues(): CellValue[][] {
    return readRange(this, "getValues", readValues);
  }
  getDisplayValue(): string {
    return readRange(this, "getDisplayValue", (p) => displayOf(p, firstCell(p)));
  }
  getDisplayValues(): string[][] {
    return readRange(this, "getDisplayValues", (p) =>
      readGrid(p.sheet, p.rect, (c) => displayOf(p, c)),
    );
  }
  getFormula(): string {
    return readRange(this, "getFormula", (p) => firstCell(p)?.formula ?? "");
  }
  getFormulas(): string[][] {
    return readRange(this, "getFormulas", (p) =>
      readGrid(p.sheet, p.rect, (c) => c?.formula ?? ""),
    );
  }

  /** Every cell of the range gets `value`, parsed like typed input. */
  setValue(value: unknown): this {
    return writeRange(this, "setValue", (p) =>
      writeInputs(p.ctx.store, p.doc, p.sheet, p.rect, fill(p, value)),
    );
  }
  setValues(values: unknown[][]): this {
    return writeRange(this, "setValues", (p) => {
      writeInputs(p.ctx.store, p.doc, p.sheet, p.rect, checkShape(values, p.rect, "setValues"));
    });
  }
  /** (inferred) References are not shifted per cell as Sheets does; every cell gets the same text. */
  setFormula(formula: string): this {
    return writeRange(this, "setFormula", (p) => {
      writeInputs(p.ctx.store, p.doc, p.sheet, p.rect, fill(p, formula), "formula");
    });
  }
  setFormulas(formulas: string[][]): this {
    return writeRange(this, "setFormulas", (p) => {
      writeInputs(
        p.ctx.store,
        p.doc,
        p.sheet,
        p.rect,
        checkShape(formulas, p.rect, "setFormulas"),
        "formula",
      );
    });
  }

  /** Contents and formats; `{contentsOnly}` or `{formatOnly}` narrow it. Notes stay (use clearNote). */
  clear(options?: { contentsOnly?: boolean; formatOnly?: boolean }): this {
    return writeRange(this, "clear", (p) => {
      const both = !options?.contentsOnly && !options?.formatOnly;
      if (both || options?.contentsOnly) clearContents(p);
      if (both || options?.formatOnly) eachCell(p.sheet, p.rect, clearFormats);
    });
  }
  clearContent(): this {
    return writeRange(this, "clearContent", clearContents);
  }

  getRow(): number {
    return readRange(this, "getRow", (p) => p.rect.row);
  }
  getRowIndex(): number {
    return readRange(this, "getRowIndex", (p) => p.rect.row);
  }
  getColumn(): number {
    return readRange(this, "getColumn", (p) => p.rect.column);
  }
  getNumRows(): number {
    return readRange(this, "getNumRows", (p) => p.rect.numRows);
  }
  getNumColumns(): number {
    return readRange(this, "getNumColumns", (p) => p.rect.numColumns);
  }
  getHeight(): number {
    return readRange(this, "getHeight", (p) => p.rect.numRows);
  }
  getWidth(): number {
    return readRange(this, "getWidth", (p) => p.rect.numColumns);
  }
  /** The range's own end row (not the sheet's last row with content). */
  getLastRow(): number {
    return readRange(this, "getLastRow", (p) => p.rect.row + p.rect.numRows - 1);
  }
  getLastColumn(): number {
    return readRange(this, "getLastColumn", (p) => p.rect.column + p.rect.numColumns - 1);
  }
  getA1Notation(): string {
    return readRange(this, "getA1Notation", ({ rect, open }) =>
      formatA1(rect.row, rect.column, rect.numRows, rect.numColumns, open),
    );
  }
  getGridId(): number {
    return readRange(this, "getGridId", (p) => p.sheet.id);
  }
  getSheet(): Sheet {
    return readRange(
      this,
      "getSheet",
      (p) => new Sheet({ ctx: p.ctx, doc: p.doc, sheet: p.sheet }),
    );
  }
  isBlank(): boolean {
    return readRange(this, "isBlank", (p) =>
      readGrid(p.sheet, p.rect, hasContent).every((r) => !r.includes(true)),
    );
  }
  offset(rowOffset: number, columnOffset: number, numRows?: number, numColumns?: number): Range {
    return readRange(this, "offset", (p) => {
      const row = p.rect.row + int(rowOffset);
      const column = p.rect.column + int(columnOffset);
      const rows = numRows ?? p.rect.numRows;
      const columns = numColumns ?? p.rect.numColumns;
      return makeRange(p.ctx, p.doc, p.sheet, row, column, rows, columns);
    });
  }
  /** A cell relative to this range, 1-based. */
  getCell(row: number, column: number): Range {
    return readRange(this, "getCell", (p) => {
      const r = int(row);
      const c = int(column);
      if (r < 1 || c < 1 || r > p.rect.numRows || c > p.rect.numColumns)
        fail("Cell reference out of range");
      const rect = {
        row: p.rect.row + r - 1,
        column: p.rect.column + c - 1,
        numRows: 1,
        numColumns: 1,
      };
      return new Range({ ctx: p.ctx, doc: p.doc, sheet: p.sheet, rect, open: {} });
    });
  }
  /** Selects this range (and its sheet). (inferred) Needs document write, like other selection changes. */
  activate(): this {
    return writeRange(this, "activate", (p) => {
      p.doc.selection = { sheetId: p.sheet.id, rect: { ...p.rect } };
    });
  }
  getFilter(): Filter | null {
    return readRange(this, "getFilter", (p) =>
      p.sheet.filter ? new Filter(p.ctx, p.doc, p.sheet) : null,
    );
  }
  createFilter(): Filter {
    let made: Filter | undefined;
    writeRange(this, "createFilter", (p) => {
      // (inferred) wording of the error when the sheet already has a filter.
      if (p.sheet.filter) fail("You can't create a filter in a sheet that already has a filter.");
      p.sheet.filter = { rect: { ...p.rect }, hiddenRows: new Set() };
      made = new Filter(p.ctx, p.doc, p.sheet);
    });
    return made as Filter;
  }
}

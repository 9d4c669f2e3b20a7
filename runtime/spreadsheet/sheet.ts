// The Sheet fake: name, index, ranges by coordinates or A1, appendRow, clearing, hiding, filter, metadata.

import { parseA1 } from "./a1.ts";
import { clearCellContent, writeInputs } from "./cells.ts";
import type { Ctx } from "./context.ts";
import { Filter } from "./filter.ts";
import { insertLines } from "./grid.ts";
import { addMetadata, type DeveloperMetadata, listMetadata } from "./metadata.ts";
import {
  checkCellBudget,
  checkColumnBudget,
  type DocumentModel,
  findSheet,
  lastColumn,
  lastRow,
  nameClashError,
  type SheetModel,
} from "./model.ts";
import { makeRange, type Range, readValues } from "./range.ts";
import { RangeCore } from "./range-core.ts";
import { clearFormats } from "./range-format.ts";
import { fail } from "./realm.ts";
import { readSheet, SheetCore, type SheetParts, writeSheet } from "./sheet-core.ts";
import { SheetLayout } from "./sheet-layout.ts";
import { Spreadsheet } from "./spreadsheet.ts";

/** Resolves "A1:C3", "A:C", "2:4", "B2" or "Sheet1!A1" against `sheet` (or the sheet the reference names). */
export function rangeFromA1(
  ctx: Ctx,
  doc: DocumentModel,
  sheet: SheetModel | undefined,
  text: unknown,
): Range {
  const ref = typeof text === "string" ? parseA1(text) : null;
  if (!ref) return fail("Range not found");
  const target = ref.sheetName === undefined ? sheet : findSheet(doc, ref.sheetName);
  if (!target) return fail("Range not found");
  const row = ref.row ?? 1;
  const column = ref.column ?? 1;
  const endRow = ref.endRow ?? target.maxRows;
  const endColumn = ref.endColumn ?? target.maxColumns;
  // (inferred) an A1 reference beyond the grid is reported as "Range not found".
  if (endRow > target.maxRows || endColumn > target.maxColumns) return fail("Range not found");
  const open = { rows: ref.endRow === undefined, columns: ref.endColumn === undefined };
  return makeRange(ctx, doc, target, row, column, endRow - row + 1, endColumn - column + 1, open);
}

function clearAll(p: SheetParts, content: boolean, format: boolean, notes: boolean): void {
  p.sheet.rows.forEach((line, r) => {
    line?.forEach((cell, c) => {
      if (!cell) return;
      if (content) clearCellContent(p.sheet, r + 1, c + 1, cell);
      if (format) clearFormats(cell);
      if (notes) delete cell.note;
    });
  });
}

/** Writes after the last row with content, parsed like setValues; grows the grid when it is full (inferred). */
function appendRow(p: SheetParts, contents: unknown): void {
  if (!Array.isArray(contents)) {
    fail(
      "The parameters (String) don't match the method signature for SpreadsheetApp.Sheet.appendRow.",
    );
  }
  if (contents.length === 0) fail("The number of columns in the range must be at least 1.");
  const { doc, sheet } = p;
  const row = lastRow(sheet) + 1;
  const extraRows = Math.max(0, row - sheet.maxRows);
  const extraColumns = Math.max(0, contents.length - sheet.maxColumns);
  checkColumnBudget(sheet, extraColumns);
  checkCellBudget(doc, extraRows * sheet.maxColumns + extraColumns * (sheet.maxRows + extraRows));
  if (extraRows) insertLines(doc, sheet, "rows", sheet.maxRows + 1, extraRows);
  if (extraColumns) insertLines(doc, sheet, "columns", sheet.maxColumns + 1, extraColumns);
  const rect = { row, column: 1, numRows: 1, numColumns: contents.length };
  writeInputs(p.ctx.store, doc, sheet, rect, [contents]);
}

export class Sheet extends SheetLayout {
  /** The model behind a Sheet handed back by the bundle. */
  static model(sheet: unknown): SheetModel {
    return SheetCore.parts(sheet).sheet;
  }

  getName(): string {
    return readSheet(this, "getName", (p) => p.sheet.name);
  }
  getSheetName(): string {
    return readSheet(this, "getSheetName", (p) => p.sheet.name);
  }
  /** Names are unique per document, compared case-insensitively (inferred). */
  setName(name: string): this {
    return writeSheet(this, "setName", (p) => {
      if (typeof name !== "string" || name.trim() === "") fail("Invalid argument: name");
      const other = findSheet(p.doc, name);
      if (other && other !== p.sheet) fail(nameClashError(name));
      p.sheet.name = name;
    });
  }
  getSheetId(): number {
    return readSheet(this, "getSheetId", (p) => p.sheet.id);
  }
  getIndex(): number {
    return readSheet(this, "getIndex", (p) => p.doc.sheets.indexOf(p.sheet) + 1);
  }
  getParent(): Spreadsheet {
    return readSheet(this, "getParent", (p) => new Spreadsheet(p.ctx, p.doc));
  }
  getRange(
    a1OrRow: string | number,
    column?: number,
    numRows?: number,
    numColumns?: number,
  ): Range {
    return readSheet(this, "getRange", (p) => {
      if (typeof a1OrRow === "string" && column === undefined)
        return rangeFromA1(p.ctx, p.doc, p.sheet, a1OrRow);
      return makeRange(p.ctx, p.doc, p.sheet, a1OrRow, column, numRows ?? 1, numColumns ?? 1);
    });
  }
  getSheetValues(
    startRow: number,
    startColumn: number,
    numRows: number,
    numColumns: number,
  ): unknown[][] {
    return readSheet(this, "getSheetValues", (p) => {
      const range = makeRange(p.ctx, p.doc, p.sheet, startRow, startColumn, numRows, numColumns);
      return readValues(RangeCore.parts(range));
    });
  }
  /** A1 to the last row and column with content; just A1 on an empty sheet. */
  getDataRange(): Range {
    return readSheet(this, "getDataRange", (p) => {
      const rows = Math.max(1, lastRow(p.sheet));
      return makeRange(p.ctx, p.doc, p.sheet, 1, 1, rows, Math.max(1, lastColumn(p.sheet)));
    });
  }
  getLastRow(): number {
    return readSheet(this, "getLastRow", (p) => lastRow(p.sheet));
  }
  getLastColumn(): number {
    return readSheet(this, "getLastColumn", (p) => lastColumn(p.sheet));
  }
  getMaxRows(): number {
    return readSheet(this, "getMaxRows", (p) => p.sheet.maxRows);
  }
  getMaxColumns(): number {
    return readSheet(this, "getMaxColumns", (p) => p.sheet.maxColumns);
  }

  appendRow(rowContents: unknown[]): this {
    return writeSheet(this, "appendRow", (p) => appendRow(p, rowContents));
  }
  /** Contents and formats of the whole sheet; `{contentsOnly}` / `{formatOnly}` narrow it. */
  clear(options?: { contentsOnly?: boolean; formatOnly?: boolean }): this {
    return writeSheet(this, "clear", (p) => {
      const both = !options?.contentsOnly && !options?.formatOnly;
      clearAll(p, both || !!options?.contentsOnly, both || !!options?.formatOnly, false);
    });
  }
  clearContents(): this {
    return writeSheet(this, "clearContents", (p) => clearAll(p, true, false, false));
  }
  clearFormats(): this {
    return writeSheet(this, "clearFormats", (p) => clearAll(p, false, true, false));
  }
  clearNotes(): this {
    return writeSheet(this, "clearNotes", (p) => clearAll(p, false, false, true));
  }

  isSheetHidden(): boolean {
    return readSheet(this, "isSheetHidden", (p) => p.sheet.hidden);
  }
  hideSheet(): this {
    return writeSheet(this, "hideSheet", ({ doc, sheet }) => {
      const visible = doc.sheets.filter((s) => !s.hidden && s !== sheet);
      if (!sheet.hidden && visible.length === 0)
        fail("You can't hide all the sheets in a document.");
      sheet.hidden = true;
      const next = visible[0];
      // (inferred) hiding the active sheet moves the selection to the first visible sheet.
      if (next && doc.selection.sheetId === sheet.id) {
        doc.selection = {
          sheetId: next.id,
          rect: { row: 1, column: 1, numRows: 1, numColumns: 1 },
        };
      }
    });
  }
  showSheet(): this {
    return writeSheet(this, "showSheet", (p) => {
      p.sheet.hidden = false;
    });
  }
  /** Makes this the active sheet (A1 selected). (inferred) Needs document write, like other selection changes. */
  activate(): this {
    return writeSheet(this, "activate", ({ doc, sheet }) => {
      if (doc.selection.sheetId === sheet.id) return;
      doc.selection = { sheetId: sheet.id, rect: { row: 1, column: 1, numRows: 1, numColumns: 1 } };
    });
  }
  getFilter(): Filter | null {
    return readSheet(this, "getFilter", (p) =>
      p.sheet.filter ? new Filter(p.ctx, p.doc, p.sheet) : null,
    );
  }

  /** Overloads: (key), (key, value), (key, visibility), (key, value, visibility). */
  addDeveloperMetadata(...args: unknown[]): this {
    return writeSheet(this, "addDeveloperMetadata", (p) =>
      addMetadata(p.ctx.store, p.doc, p.sheet.metadata, args),
    );
  }
  getDeveloperMetadata(): DeveloperMetadata[] {
    return readSheet(this, "getDeveloperMetadata", (p) =>
      listMetadata(p.ctx, p.doc, p.sheet.metadata, "SHEET"),
    );
  }
}

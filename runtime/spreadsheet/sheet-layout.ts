// Sheet layout: inserting, deleting and hiding rows and columns, frozen panes, column widths.

import { int } from "./context.ts";
import { deleteLines, insertLines } from "./grid.ts";
import { moveLines } from "./line-moves.ts";
import { fail } from "./realm.ts";
import { readSheet, SheetCore, type SheetParts, writeSheet } from "./sheet-core.ts";

type Axis = "rows" | "columns";

/** Inserts before (offset 0) or after (offset 1) a 1-based position that must exist. */
function insert(p: SheetParts, axis: Axis, position: unknown, count: unknown, offset: 0 | 1): void {
  const at = int(position);
  const n = int(count);
  const max = axis === "rows" ? p.sheet.maxRows : p.sheet.maxColumns;
  // (inferred) the deletion message is reused for a position or count that makes no sense.
  if (at < 1 || at > max || n < 1) fail(`Those ${axis} are out of bounds.`);
  const change = {
    sheetName: p.sheet.name,
    axis,
    kind: "insert" as const,
    at: at + offset,
    count: n,
  };
  moveLines(p.ctx.store, p.doc, p.sheet, change, () =>
    insertLines(p.doc, p.sheet, axis, at + offset, n),
  );
}

function remove(p: SheetParts, axis: Axis, position: unknown, count: unknown): void {
  const change = {
    sheetName: p.sheet.name,
    axis,
    kind: "delete" as const,
    at: int(position),
    count: int(count),
  };
  moveLines(p.ctx.store, p.doc, p.sheet, change, () =>
    deleteLines(p.doc, p.sheet, axis, change.at, change.count),
  );
}

function flag(p: SheetParts, axis: Axis, index: unknown, count: unknown, on: boolean): void {
  const at = int(index);
  const n = int(count ?? 1);
  const max = axis === "rows" ? p.sheet.maxRows : p.sheet.maxColumns;
  if (at < 1 || n < 1 || at + n - 1 > max) fail(`Those ${axis} are out of bounds.`);
  const set = axis === "rows" ? p.sheet.hiddenRows : p.sheet.hiddenColumns;
  for (let i = at; i < at + n; i++) {
    if (on) set.add(i);
    else set.delete(i);
  }
}

/** (inferred messages) Freezing must leave at least one unfrozen row or column. */
function freeze(p: SheetParts, axis: Axis, count: unknown): void {
  const n = int(count);
  const max = axis === "rows" ? p.sheet.maxRows : p.sheet.maxColumns;
  if (n < 0 || n >= max) fail(`Sorry, it is not possible to freeze all ${axis}.`);
  if (axis === "rows") p.sheet.frozenRows = n;
  else p.sheet.frozenColumns = n;
}

/** Default column width in pixels in Sheets. */
const DEFAULT_COLUMN_WIDTH = 100;

export class SheetLayout extends SheetCore {
  insertRowsBefore(beforePosition: number, howMany: number): this {
    return writeSheet(this, "insertRowsBefore", (p) =>
      insert(p, "rows", beforePosition, howMany, 0),
    );
  }
  insertRowsAfter(afterPosition: number, howMany: number): this {
    return writeSheet(this, "insertRowsAfter", (p) => insert(p, "rows", afterPosition, howMany, 1));
  }
  insertRowBefore(beforePosition: number): this {
    return writeSheet(this, "insertRowBefore", (p) => insert(p, "rows", beforePosition, 1, 0));
  }
  insertRowAfter(afterPosition: number): this {
    return writeSheet(this, "insertRowAfter", (p) => insert(p, "rows", afterPosition, 1, 1));
  }
  insertRows(rowIndex: number, numRows?: number): void {
    writeSheet(this, "insertRows", (p) => insert(p, "rows", rowIndex, numRows ?? 1, 0));
  }
  insertColumnsBefore(beforePosition: number, howMany: number): this {
    return writeSheet(this, "insertColumnsBefore", (p) =>
      insert(p, "columns", beforePosition, howMany, 0),
    );
  }
  insertColumnsAfter(afterPosition: number, howMany: number): this {
    return writeSheet(this, "insertColumnsAfter", (p) =>
      insert(p, "columns", afterPosition, howMany, 1),
    );
  }
  insertColumnBefore(beforePosition: number): this {
    return writeSheet(this, "insertColumnBefore", (p) =>
      insert(p, "columns", beforePosition, 1, 0),
    );
  }
  insertColumnAfter(afterPosition: number): this {
    return writeSheet(this, "insertColumnAfter", (p) => insert(p, "columns", afterPosition, 1, 1));
  }
  insertColumns(columnIndex: number, numColumns?: number): void {
    writeSheet(this, "insertColumns", (p) => insert(p, "columns", columnIndex, numColumns ?? 1, 0));
  }
  deleteRow(rowPosition: number): this {
    return writeSheet(this, "deleteRow", (p) => remove(p, "rows", rowPosition, 1));
  }
  deleteRows(rowPosition: number, howMany: number): void {
    writeSheet(this, "deleteRows", (p) => remove(p, "rows", rowPosition, howMany));
  }
  deleteColumn(columnPosition: number): this {
    return writeSheet(this, "deleteColumn", (p) => remove(p, "columns", columnPosition, 1));
  }
  deleteColumns(columnPosition: number, howMany: number): void {
    writeSheet(this, "deleteColumns", (p) => remove(p, "columns", columnPosition, howMany));
  }

  hideRows(rowIndex: number, numRows?: number): void {
    writeSheet(this, "hideRows", (p) => flag(p, "rows", rowIndex, numRows, true));
  }
  showRows(rowIndex: number, numRows?: number): void {
    writeSheet(this, "showRows", (p) => flag(p, "rows", rowIndex, numRows, false));
  }
  hideColumns(columnIndex: number, numColumns?: number): void {
    writeSheet(this, "hideColumns", (p) => flag(p, "columns", columnIndex, numColumns, true));
  }
  showColumns(columnIndex: number, numColumns?: number): void {
    writeSheet(this, "showColumns", (p) => flag(p, "columns", columnIndex, numColumns, false));
  }
  isRowHiddenByUser(rowPosition: number): boolean {
    return readSheet(this, "isRowHiddenByUser", (p) => p.sheet.hiddenRows.has(int(rowPosition)));
  }
  isColumnHiddenByUser(columnPosition: number): boolean {
    return readSheet(this, "isColumnHiddenByUser", (p) =>
      p.sheet.hiddenColumns.has(int(columnPosition)),
    );
  }
  /** True only for rows a test marked with `setRowsHiddenByFilter` (no filter criteria in this fake). */
  isRowHiddenByFilter(rowPosition: number): boolean {
    return readSheet(
      this,
      "isRowHiddenByFilter",
      (p) => !!p.sheet.filter?.hiddenRows.has(int(rowPosition)),
    );
  }

  getFrozenRows(): number {
    return readSheet(this, "getFrozenRows", (p) => p.sheet.frozenRows);
  }
  setFrozenRows(rows: number): void {
    writeSheet(this, "setFrozenRows", (p) => freeze(p, "rows", rows));
  }
  getFrozenColumns(): number {
    return readSheet(this, "getFrozenColumns", (p) => p.sheet.frozenColumns);
  }
  setFrozenColumns(columns: number): void {
    writeSheet(this, "setFrozenColumns", (p) => freeze(p, "columns", columns));
  }

  getColumnWidth(columnPosition: number): number {
    return readSheet(
      this,
      "getColumnWidth",
      (p) => p.sheet.columnWidths.get(int(columnPosition)) ?? DEFAULT_COLUMN_WIDTH,
    );
  }
  setColumnWidth(columnPosition: number, width: number): this {
    return writeSheet(this, "setColumnWidth", (p) =>
      p.sheet.columnWidths.set(int(columnPosition), int(width)),
    );
  }
  setColumnWidths(startColumn: number, numColumns: number, width: number): this {
    return writeSheet(this, "setColumnWidths", (p) => {
      const start = int(startColumn);
      for (let c = start; c < start + int(numColumns); c++) p.sheet.columnWidths.set(c, int(width));
    });
  }
  /** No layout engine: counted, no effect. */
  autoResizeColumn(columnPosition: number): this {
    return writeSheet(this, "autoResizeColumn", () => int(columnPosition));
  }
  autoResizeColumns(startColumn: number, numColumns: number): this {
    return writeSheet(this, "autoResizeColumns", () => [int(startColumn), int(numColumns)]);
  }
}

// Inserting and deleting rows and columns: shifts cells, hidden flags, filters, frozen panes and selection.

import {
  checkCellBudget,
  checkColumnBudget,
  type DocumentModel,
  type GridRect,
  type SheetModel,
} from "./model.ts";
import { fail } from "./realm.ts";

/** Inserts `count` empty slots at 0-based `index` of a sparse array (holes stay holes). */
function insertSlots<T>(items: Array<T | undefined>, index: number, count: number): void {
  if (index >= items.length) return;
  const tail = items.splice(index);
  items.length = index + count;
  tail.forEach((item, i) => {
    items[index + count + i] = item;
  });
}

function shiftSet(
  set: Set<number>,
  at: number,
  delta: number,
  removeFrom?: number,
  removeTo?: number,
): Set<number> {
  const out = new Set<number>();
  for (const n of set) {
    if (removeFrom !== undefined && removeTo !== undefined && n >= removeFrom && n <= removeTo)
      continue;
    out.add(n >= at ? n + delta : n);
  }
  return out;
}

/** A span [start, start+len) after inserting `n` at `at` (an insertion inside the span grows it). */
function spanAfterInsert(start: number, len: number, at: number, n: number): [number, number] {
  if (at <= start) return [start + n, len];
  if (at < start + len) return [start, len + n];
  return [start, len];
}

/** A span after deleting [at, at+n); null when nothing is left of it. */
function spanAfterDelete(
  start: number,
  len: number,
  at: number,
  n: number,
): [number, number] | null {
  const end = start + len; // exclusive
  const cutEnd = at + n;
  const kept = len - Math.max(0, Math.min(end, cutEnd) - Math.max(start, at));
  if (kept <= 0) return null;
  const newStart = start < at ? start : Math.max(at, start - n);
  return [newStart, kept];
}

type Axis = "rows" | "columns";

function moveRect(rect: GridRect, axis: Axis, span: [number, number]): GridRect {
  return axis === "rows"
    ? { ...rect, row: span[0], numRows: span[1] }
    : { ...rect, column: span[0], numColumns: span[1] };
}

function rectSpan(rect: GridRect, axis: Axis): [number, number] {
  return axis === "rows" ? [rect.row, rect.numRows] : [rect.column, rect.numColumns];
}

/** Inserts `count` rows or columns before 1-based `position` (position may be max+1 to append). */
export function insertLines(
  doc: DocumentModel,
  sheet: SheetModel,
  axis: Axis,
  position: number,
  count: number,
): void {
  const other = axis === "rows" ? sheet.maxColumns : sheet.maxRows;
  if (axis === "columns") checkColumnBudget(sheet, count);
  checkCellBudget(doc, count * other);
  if (axis === "rows") {
    insertSlots(sheet.rows, position - 1, count);
    sheet.maxRows += count;
    sheet.hiddenRows = shiftSet(sheet.hiddenRows, position, count);
    // (inferred) inserting inside the frozen rows grows the frozen area, as in the Sheets UI.
    if (position <= sheet.frozenRows) sheet.frozenRows += count;
  } else {
    for (const row of sheet.rows) if (row) insertSlots(row, position - 1, count);
    sheet.maxColumns += count;
    sheet.hiddenColumns = shiftSet(sheet.hiddenColumns, position, count);
    if (position <= sheet.frozenColumns) sheet.frozenColumns += count;
    const widths = new Map<number, number>();
    for (const [c, w] of sheet.columnWidths) widths.set(c >= position ? c + count : c, w);
    sheet.columnWidths = widths;
  }
  if (sheet.filter) {
    const [s, l] = rectSpan(sheet.filter.rect, axis);
    sheet.filter.rect = moveRect(sheet.filter.rect, axis, spanAfterInsert(s, l, position, count));
    if (axis === "rows")
      sheet.filter.hiddenRows = shiftSet(sheet.filter.hiddenRows, position, count);
  }
  if (doc.selection.sheetId === sheet.id) {
    const [s, l] = rectSpan(doc.selection.rect, axis);
    doc.selection.rect = moveRect(doc.selection.rect, axis, spanAfterInsert(s, l, position, count));
  }
}

/** Deletes `count` rows or columns from 1-based `position`, with Sheets' errors. */
export function deleteLines(
  doc: DocumentModel,
  sheet: SheetModel,
  axis: Axis,
  position: number,
  count: number,
): void {
  const max = axis === "rows" ? sheet.maxRows : sheet.maxColumns;
  const frozen = axis === "rows" ? sheet.frozenRows : sheet.frozenColumns;
  if (position < 1 || count < 1 || position + count - 1 > max)
    fail(`Those ${axis} are out of bounds.`);
  if (max - count <= frozen) fail(`Sorry, it is not possible to delete all non-frozen ${axis}.`);
  const last = position + count - 1;
  const frozenCut = Math.max(0, Math.min(frozen, last) - position + 1);
  if (axis === "rows") {
    sheet.rows.splice(position - 1, count);
    sheet.maxRows -= count;
    sheet.hiddenRows = shiftSet(sheet.hiddenRows, position, -count, position, last);
    sheet.frozenRows -= frozenCut;
  } else {
    for (const row of sheet.rows) if (row) row.splice(position - 1, count);
    sheet.maxColumns -= count;
    sheet.hiddenColumns = shiftSet(sheet.hiddenColumns, position, -count, position, last);
    sheet.frozenColumns -= frozenCut;
    const widths = new Map<number, number>();
    for (const [c, w] of sheet.columnWidths) {
      if (c < position) widths.set(c, w);
      else if (c > last) widths.set(c - count, w);
    }
    sheet.columnWidths = widths;
  }
  if (sheet.filter) {
    const [s, l] = rectSpan(sheet.filter.rect, axis);
    const span = spanAfterDelete(s, l, position, count);
    // (inferred) deleting every row or column under a filter removes the filter.
    if (span === null) sheet.filter = null;
    else {
      sheet.filter.rect = moveRect(sheet.filter.rect, axis, span);
      if (axis === "rows")
        sheet.filter.hiddenRows = shiftSet(
          sheet.filter.hiddenRows,
          position,
          -count,
          position,
          last,
        );
    }
  }
  if (doc.selection.sheetId === sheet.id) {
    const [s, l] = rectSpan(doc.selection.rect, axis);
    const span = spanAfterDelete(s, l, position, count) ?? [Math.min(s, max - count), 1];
    doc.selection.rect = moveRect(doc.selection.rect, axis, span);
  }
}

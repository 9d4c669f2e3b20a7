// Inserting or deleting rows and columns as formulas see it: references move, arrays crossing the change re-spill.
// Rules: docs/apps-script.md "Rows, formulas and spills".

import type { Cell, DocumentModel, SheetModel, SpreadsheetStore } from "./model.ts";
import { type LineChange, shiftFormula } from "./references.ts";
import { anchorsOf, clearSpill, evaluateCell } from "./spill.ts";

/** True when the array's area on the change's axis is cut by it (an insertion inside it, or a deletion touching it). */
function crosses(start: number, size: number, change: LineChange): boolean {
  const end = start + size - 1;
  if (change.kind === "insert") return start < change.at && change.at <= end;
  return start <= change.at + change.count - 1 && end >= change.at;
}

/**
 * Runs `move` (which shifts the cells of `sheet`), then rewrites every formula of the document that refers to the
 * moved lines and computes again those formulas and the arrays the change cut through. Appending at the end
 * moves nothing and costs nothing.
 */
export function moveLines(
  store: SpreadsheetStore,
  doc: DocumentModel,
  sheet: SheetModel,
  change: LineChange,
  move: () => void,
): void {
  const max = change.axis === "rows" ? sheet.maxRows : sheet.maxColumns;
  if (change.kind === "insert" && change.at > max) {
    move();
    return;
  }
  const cut = new Set<Cell>();
  for (const { cell, area } of anchorsOf(sheet)) {
    const [start, size] =
      change.axis === "rows" ? [area.row, area.numRows] : [area.column, area.numColumns];
    if (!crosses(start, size, change)) continue;
    // Its result is laid out again after the move (cells inside it may be gone or new).
    clearSpill(sheet, area.row, area.column, cell);
    cut.add(cell);
  }
  try {
    move();
  } catch (error) {
    // A refused change (out of bounds…) leaves the sheet as it was: lay the arrays out again.
    sheet.rows.forEach((line, r) => {
      line?.forEach((cell, c) => {
        if (cell && cut.has(cell)) evaluateCell(store, doc, sheet, r + 1, c + 1);
      });
    });
    throw error;
  }
  const due: Array<[SheetModel, number, number]> = [];
  for (const other of doc.sheets) {
    other.rows.forEach((line, r) => {
      line?.forEach((cell, c) => {
        if (!cell?.formula) return;
        const moved = shiftFormula(cell.formula, other.name, { ...change, sheetName: sheet.name });
        if (moved === cell.formula && !cut.has(cell)) return;
        cell.formula = moved;
        due.push([other, r + 1, c + 1]);
      });
    });
  }
  for (const [other, row, column] of due) evaluateCell(store, doc, other, row, column);
}

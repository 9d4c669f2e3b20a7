// Counts what the person changed in a pulled sheet since its snapshot, with the push's own diff, so the refresh
// guard and "Preview changes" always agree on what is an edit.

import type { TableRecord } from "../../sheets/records";
import type { PulledSheetMeta } from "../../sheets/sheet-meta";
import type { SheetContent } from "../../sheets/table";
import { diffSheet } from "../push/diff";

export interface EditSummary {
  /** Cells whose value differs from what was pulled (sendable or not: a refresh would lose them all). */
  changedCells: number;
  /** Rows whose key was not pulled (typed in by the person). */
  newRows: number;
}

/** Counts unpushed edits in the add-on's columns; the person's own columns never count. */
export function findEdits(
  current: SheetContent,
  meta: PulledSheetMeta,
  snapshot: readonly TableRecord[],
  timeZone?: string,
): EditSummary {
  // Removals count as edits: a cleared cell is lost by a refresh whether or not it would be sent. Declared columns
  // are the person's own, which a refresh never writes: nothing of theirs is lost.
  const diff = diffSheet(current, { ...meta, declared: [] }, snapshot, {
    includeRemovals: true,
    ...(timeZone ? { timeZone } : {}),
  });
  const pulled = new Map<string, number>();
  for (const r of snapshot) pulled.set(r.key, (pulled.get(r.key) ?? 0) + 1);
  const newKeys = new Set<string>();
  let changedCells = 0;
  for (const item of diff.items) {
    if (item.kind === "create") newKeys.add(item.key);
    else changedCells++;
  }
  // Edits that cannot be sent are still edits; a deleted row or a renamed header is not in a cell (row 0).
  for (const blocked of diff.blocked) {
    if (blocked.row === 0 || !blocked.key) continue;
    const times = pulled.get(blocked.key) ?? 0;
    // Some kinds of sheet (not groups) can pull one key on several rows: those rows are not an edit.
    if (times > 1 && blocked.property === "") continue;
    if (times > 0) changedCells++;
    else newKeys.add(blocked.key);
  }
  return { changedCells, newRows: newKeys.size };
}

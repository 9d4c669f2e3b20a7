// Finds what the person changed in a pulled sheet since its snapshot, matched by key, whatever the row order.
import { cellShows } from "./cells";
import type { TableRecord } from "./records";
import { addonHeaders, type PulledSheetMeta } from "./sheet-meta";
import { keyText, type SheetContent } from "./table";

export interface EditSummary {
  /** Cells whose value differs from what was pulled. */
  changedCells: number;
  /** Rows whose key was not pulled (typed in by the person). */
  newRows: number;
}

/** Counts unpushed edits in the add-on's columns; the person's own columns never count. */
export function findEdits(
  current: SheetContent,
  meta: PulledSheetMeta,
  snapshot: readonly TableRecord[],
): EditSummary {
  const header = (current.values[0] ?? []).map((h) => String(h));
  const keyAt = header.indexOf(meta.fixedHeaders[0] ?? "");
  const byKey = new Map(snapshot.map((r) => [r.key, r]));
  const owned = addonHeaders(meta);
  const fixedAt = new Map(meta.fixedHeaders.map((h, i) => [h, i]));
  const propertyOf = new Map(meta.columns.map((c) => [c.header, c.property]));
  let changedCells = 0;
  let newRows = 0;
  if (keyAt < 0) return { changedCells: 0, newRows: 0 };
  current.values.slice(1).forEach((row, i) => {
    const key = keyText(row[keyAt]);
    if (!key) return;
    const record = byKey.get(key);
    if (!record) {
      newRows++;
      return;
    }
    for (const name of owned) {
      const at = header.indexOf(name);
      if (at < 0) continue;
      const fixed = fixedAt.get(name);
      const original =
        fixed !== undefined ? record.fixed[fixed] : record.properties[propertyOf.get(name) ?? ""];
      const formula = current.formulas[i + 1]?.[at] ?? "";
      if (formula || !cellShows(row[at], original)) changedCells++;
    }
  });
  return { changedCells, newRows };
}

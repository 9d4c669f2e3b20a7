// What a pulled sheet remembers about itself: a small tag in the sheet's developer metadata (it moves with the
// sheet), and its layout (request, headers, columns) in the first row of its hidden snapshot sheet.
import { readLayout, type SheetLayout } from "./snapshot";
import type { SheetHandle, Workbook } from "./workbook";

export const META_KEY = "posthog.sheet";

/**
 * The sheet's developer metadata: a few hundred characters whatever the width, since Google allows 30,000 per
 * sheet and per spreadsheet, keys and values together (docs/apps-script.md, "Developer metadata limits").
 */
export interface SheetTag {
  v: 2;
  host: string;
  projectId: number;
  /** ISO time of the pull. */
  pulledAt: string;
  rows: number;
  /** Name of the hidden sheet holding the snapshot; its first row is the layout. */
  snapshotSheet: string;
}

/** What grows with the data: kept in the snapshot sheet's first row. */
export type { SheetLayout };

export type PulledSheetMeta = Omit<SheetTag, "v"> & SheetLayout;

/** Sheets pulled before the tag: everything in the metadata, the snapshot from row 1 (read, never written). */
interface OldMeta extends Omit<SheetTag, "v">, SheetLayout {
  v: 1;
}

function parse(text: string | null): SheetTag | OldMeta | null {
  if (!text) return null;
  try {
    const meta = JSON.parse(text) as SheetTag | OldMeta;
    if (meta.v === 2 && typeof meta.snapshotSheet === "string") return meta;
    return meta.v === 1 && Array.isArray(meta.fixedHeaders) && Array.isArray(meta.columns)
      ? meta
      : null;
  } catch {
    return null;
  }
}

/** Whether the add-on pulled this sheet (the tag alone: one metadata read, no snapshot read). */
export function isPulled(sheet: SheetHandle): boolean {
  return parse(sheet.getMeta(META_KEY)) !== null;
}

/** The tag's fields (time, rows, snapshot name) without reading the snapshot sheet. */
export function readTag(sheet: SheetHandle): Omit<SheetTag, "v"> | null {
  return parse(sheet.getMeta(META_KEY));
}

/** A pulled sheet's whole memory: the tag with the layout from its snapshot sheet (or an old sheet's metadata). */
export function readMeta(workbook: Workbook, sheet: SheetHandle): PulledSheetMeta | null {
  const tag = parse(sheet.getMeta(META_KEY));
  if (!tag) return null;
  if (tag.v === 1) {
    const { v: _v, ...meta } = tag;
    return meta;
  }
  const snapshot = workbook.sheetByName(tag.snapshotSheet);
  const layout = snapshot ? readLayout(snapshot.readRows(1, 1, snapshot.lastColumn())[0]) : null;
  if (!layout) return null;
  const { v: _v, ...rest } = tag;
  return { ...rest, ...layout };
}

/** The tag written for a pull. */
export function tagText(meta: PulledSheetMeta): string {
  const tag: SheetTag = {
    v: 2,
    host: meta.host,
    projectId: meta.projectId,
    pulledAt: meta.pulledAt,
    rows: meta.rows,
    snapshotSheet: meta.snapshotSheet,
  };
  return JSON.stringify(tag);
}

/** Every header the add-on owns in this sheet; any other column is the person's own. */
export function addonHeaders(
  meta: Pick<PulledSheetMeta, "fixedHeaders" | "columns" | "metricHeaders">,
): string[] {
  return [
    ...meta.fixedHeaders,
    ...meta.columns.map((c) => c.header),
    ...(meta.metricHeaders ?? []),
  ];
}

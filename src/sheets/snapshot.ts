// The snapshot of what a pull wrote: the sheet's layout in row 1, then one record a row, as JSON, packed into as
// few cells as Sheets allows.
import type { PullRequest } from "../shared/rpc";
import type { PropertyColumn } from "./columns";
import type { TableRecord } from "./records";

/** A pulled sheet's layout, kept in its snapshot's row 1 (src/sheets/sheet-meta.ts reads it back with the tag). */
export interface SheetLayout {
  request: PullRequest;
  /** Fixed columns' headers (the first holds the row key), then the property columns. */
  fixedHeaders: string[];
  columns: PropertyColumn[];
  /**
   * The person's own columns declared "send this column as property …" (src/features/push/declare.ts): never
   * written by a refresh, sent by a push. Kept here rather than in the sheet's developer metadata, which Google caps
   * at 30,000 characters a spreadsheet (docs/apps-script.md, "Developer metadata limits").
   */
  declared?: PropertyColumn[];
  /** Usage-metric columns after the property columns: computed by PostHog, refreshed, never pushed. */
  metricHeaders?: string[];
}

/** Leaves room under Sheets' 50,000-character cell limit. */
export const SNAPSHOT_CELL_CHARS = 45_000;

/** A record as snapshot text: compact keys keep wide sheets small. */
export function packRecord(record: TableRecord): string {
  return JSON.stringify({ k: record.key, f: record.fixed, p: record.properties });
}

export function unpackRecord(text: string): TableRecord {
  const value = JSON.parse(text) as { k: string; f: unknown[]; p: Record<string, unknown> };
  return { key: value.k, fixed: value.f, properties: value.p };
}

/**
 * Snapshot rows: each record's JSON cut into cells of at most SNAPSHOT_CELL_CHARS, padded to `width`.
 * Each piece is written as literal text (a continuation piece may start with `-1` or `=`).
 */
export function snapshotRows(records: readonly TableRecord[]): { rows: string[][]; width: number } {
  return pad(records.map((record) => pieces(packRecord(record))));
}

/** Records start on row 2; row 1 holds the layout (a sheet pulled before the layout row has records from row 1). */
export const FIRST_RECORD_ROW = 2;

/** The layout row: a JSON object marked `layout`, so it is never read as a record. */
export function layoutRow(layout: SheetLayout): string[] {
  return pieces(JSON.stringify({ layout: 2, ...layout }));
}

/** The layout from a snapshot sheet's first row, or null when that row is not one. */
export function readLayout(row: readonly unknown[] | undefined): SheetLayout | null {
  const text = joined(row ?? []);
  if (!text.startsWith('{"layout":')) return null;
  try {
    const { layout: _l, ...value } = JSON.parse(text) as SheetLayout & { layout: number };
    if (value.declared !== undefined && !Array.isArray(value.declared)) delete value.declared;
    return Array.isArray(value.fixedHeaders) && Array.isArray(value.columns) ? value : null;
  } catch {
    return null;
  }
}

/** The row where records start in this snapshot sheet's content. */
export function firstRecordRow(rows: readonly (readonly unknown[])[]): number {
  return readLayout(rows[0]) ? FIRST_RECORD_ROW : 1;
}

/** Text cut into literal-text cells (a continuation piece may start with `-1` or `=`). */
function pieces(text: string): string[] {
  return split(text).map((piece) => `'${piece}`);
}

/** Rows padded to the widest, so one setValues takes them. */
function pad(rows: string[][]): { rows: string[][]; width: number } {
  const width = Math.max(1, ...rows.map((p) => p.length));
  return { rows: rows.map((p) => [...p, ...Array<string>(width - p.length).fill("")]), width };
}

function split(text: string): string[] {
  const cells: string[] = [];
  for (let at = 0; at < text.length; at += SNAPSHOT_CELL_CHARS)
    cells.push(text.slice(at, at + SNAPSHOT_CELL_CHARS));
  return cells;
}

const joined = (row: readonly unknown[]): string =>
  row.map((cell) => (typeof cell === "string" ? cell : "")).join("");

/** Reads snapshot rows back (cells of one row joined), skipping empty rows and the layout row. */
export function readSnapshot(rows: readonly (readonly unknown[])[]): TableRecord[] {
  const records: TableRecord[] = [];
  for (const [index, row] of rows.entries()) {
    const text = joined(row);
    if (text && !(index === 0 && readLayout(row))) records.push(unpackRecord(text));
  }
  return records;
}

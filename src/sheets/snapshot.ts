// The snapshot of what a pull wrote: one record a row, as JSON, packed into as few cells as Sheets allows.
import type { TableRecord } from "./records";

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
  const pieces = records.map((record) => split(packRecord(record)).map((piece) => `'${piece}`));
  const width = Math.max(1, ...pieces.map((p) => p.length));
  return { rows: pieces.map((p) => [...p, ...Array<string>(width - p.length).fill("")]), width };
}

function split(text: string): string[] {
  const cells: string[] = [];
  for (let at = 0; at < text.length; at += SNAPSHOT_CELL_CHARS)
    cells.push(text.slice(at, at + SNAPSHOT_CELL_CHARS));
  return cells;
}

/** Reads snapshot rows back (cells of one row joined), skipping empty rows. */
export function readSnapshot(rows: readonly (readonly unknown[])[]): TableRecord[] {
  const records: TableRecord[] = [];
  for (const row of rows) {
    const text = row.map((cell) => (typeof cell === "string" ? cell : "")).join("");
    if (text) records.push(unpackRecord(text));
  }
  return records;
}

// The snapshot sheet's rows, pure: the layout row first, records after it, and sheets pulled before the layout row.
import { describe, expect, it } from "vitest";
import {
  FIRST_RECORD_ROW,
  firstRecordRow,
  layoutRow,
  readLayout,
  readSnapshot,
  SNAPSHOT_CELL_CHARS,
  snapshotRows,
} from "../../src/sheets/snapshot.ts";

/** What Sheets gives back for a cell written with a leading apostrophe. */
const read = (rows: string[][]) => rows.map((row) => row.map((cell) => cell.replace(/^'/, "")));

const layout = {
  request: { entity: "groups" as const, groupTypeIndex: 0, columns: ["a".repeat(24)] },
  fixedHeaders: ["group_key", "created_at"],
  columns: Array.from({ length: 2000 }, (_, i) => ({
    header: `p${i}`.padEnd(24, "x"),
    property: `p${i}`.padEnd(24, "x"),
  })),
};
const record = { key: "acme", fixed: ["acme", "2024-01-01"], properties: { name: "Acme" } };

describe("the snapshot sheet", () => {
  it("keeps a layout of any width in its first row, split under the cell limit", () => {
    const row = layoutRow(layout);
    expect(row.length).toBeGreaterThan(1);
    for (const cell of row) expect(cell.length).toBeLessThanOrEqual(SNAPSHOT_CELL_CHARS + 1);
    expect(readLayout(read([row])[0])).toEqual(layout);
  });

  it("reads records after the layout row, never the layout as a record", () => {
    const rows = read([layoutRow(layout), ...snapshotRows([record]).rows]);
    expect(firstRecordRow(rows)).toBe(FIRST_RECORD_ROW);
    expect(readSnapshot(rows)).toEqual([record]);
  });

  it("reads a sheet pulled before the layout row: records from row 1", () => {
    const rows = read(snapshotRows([record, { ...record, key: "beta" }]).rows);
    expect(readLayout(rows[0])).toBeNull();
    expect(firstRecordRow(rows)).toBe(1);
    expect(readSnapshot(rows).map((r) => r.key)).toEqual(["acme", "beta"]);
  });
});

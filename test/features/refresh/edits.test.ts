// Counting unpushed edits in a pulled sheet: changed and cleared cells and new keys count, the person's own columns never.
import { describe, expect, it } from "vitest";
import { startPull } from "../../../src/features/pull/pull-job.ts";
import { findEdits } from "../../../src/features/refresh/edits.ts";
import { readMeta } from "../../../src/sheets/sheet-meta.ts";
import { readSnapshot } from "../../../src/sheets/snapshot.ts";
import { companies, pullWorld } from "../../fakes/pull-deps.ts";

function pulledSheet() {
  const world = pullWorld(companies(3));
  startPull(world.deps(), { entity: "groups", groupTypeIndex: 0 });
  const sheet = world.workbook.sheet("Companies");
  const edits = () => {
    const meta = readMeta(world.workbook, sheet);
    if (!meta) throw new Error("not a pulled sheet");
    const snapshot = world.workbook.sheet(meta.snapshotSheet);
    return findEdits(sheet.read(), meta, readSnapshot(snapshot.read().values), "Etc/UTC");
  };
  return { sheet, edits };
}

describe("findEdits", () => {
  it("finds nothing in a sheet as pulled", () => {
    expect(pulledSheet().edits()).toEqual({ changedCells: 0, newRows: 0 });
  });

  it("counts changed and cleared cells of the add-on's columns", () => {
    const { sheet, edits } = pulledSheet();
    sheet.type(2, 3, [["Renamed"]]);
    sheet.type(3, 4, [[""]]);
    expect(edits()).toEqual({ changedCells: 2, newRows: 0 });
  });

  it("counts a row typed with a new key as one new row, whatever it fills", () => {
    const { sheet, edits } = pulledSheet();
    sheet.type(5, 1, [["c0099", "", "Fresh", "pro"]]);
    expect(edits()).toEqual({ changedCells: 0, newRows: 1 });
  });

  it("never counts the person's own columns", () => {
    const { sheet, edits } = pulledSheet();
    sheet.type(1, 5, [["notes"], ["call back"], ["=1+1"]]);
    expect(edits()).toEqual({ changedCells: 0, newRows: 0 });
  });
});

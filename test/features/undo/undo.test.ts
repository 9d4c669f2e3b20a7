// Undo of a sheet's last push: found by the sheet's id (a rename keeps it), read from the log by header (a column a
// person inserts changes nothing), and refused in plain words when a header it needs is gone.
import { describe, expect, it } from "vitest";
import { LOG_HEADER, LOG_SHEET } from "../../../src/features/push/log.ts";
import { previewUndo, undoItems } from "../../../src/features/undo/undo.ts";
import { edit, previewSheet, pushToEnd, pushWorld, table } from "../push/kit.ts";

/** A sheet whose last push set acme's employees to 11 and removed globex's name. */
function pushed() {
  const { posthog, workbook, sheet, deps } = pushWorld();
  edit(sheet, "acme", "employees", 11);
  edit(sheet, "globex", "name", "");
  pushToEnd(deps, previewSheet(deps, sheet, true).previewId);
  expect(posthog.groups.get("globex")).toEqual({ employees: 20 });
  return { posthog, workbook, sheet, deps };
}

const EXPECTED = [
  { kind: "set", key: "acme", property: "employees", old: 11, value: 10 },
  { kind: "set", key: "globex", property: "name", old: null, value: "Globex" },
];

describe("undo last push", () => {
  it("puts back what the push wrote, in PostHog and in the sheet", () => {
    const { posthog, sheet, deps } = pushed();
    const preview = previewUndo(deps, sheet);
    expect(preview.counts).toMatchObject({ sets: 2, removals: 0 });
    expect(undoItems(deps.workbook, sheet.id).items).toMatchObject(EXPECTED);
    const done = pushToEnd(deps, preview.previewId);
    expect(done).toMatchObject({ status: "done", sent: 2 });
    expect(posthog.groups.get("acme")).toEqual({ name: "Acme", employees: 10 });
    expect(posthog.groups.get("globex")).toEqual({ name: "Globex", employees: 20 });
    expect(table(sheet).map((r) => [r.name, r.employees])).toEqual([
      ["Acme", 10],
      ["Globex", 20],
    ]);
    // The undo is itself the sheet's last push now: undoing it again redoes the edits.
    expect(undoItems(deps.workbook, sheet.id).items).toMatchObject([
      { key: "acme", value: 11 },
      { key: "globex", value: null },
    ]);
  });

  it("still works when a person inserts a column in the log", () => {
    const { workbook, sheet } = pushed();
    const log = workbook.sheet(LOG_SHEET);
    log.insertColumns(2, 1);
    log.type(1, 3, [["My notes"]]);
    log.type(2, 3, [["checked by Bob"]]);
    expect(undoItems(workbook, sheet.id).items).toMatchObject(EXPECTED);
  });

  it("says which header is missing when a person renamed one it needs", () => {
    const { workbook, sheet } = pushed();
    const log = workbook.sheet(LOG_SHEET);
    log.type(1, LOG_HEADER.indexOf("Result") + 1, [["Outcome"]]);
    expect(() => undoItems(workbook, sheet.id)).toThrow(
      'The "PostHog push log" sheet has no "Result" column',
    );
  });

  it("follows the sheet through a rename, and does not take another sheet's pushes for its own", () => {
    const { workbook, sheet, deps } = pushed();
    sheet.rename("Customers");
    expect(undoItems(workbook, sheet.id).items).toMatchObject(EXPECTED);
    // A new sheet given the old name has no push to undo.
    const impostor = workbook.insert("Companies");
    expect(undoItems(workbook, impostor.id)).toMatchObject({ items: [], pushId: null });
    expect(previewUndo(deps, sheet).counts.sets).toBe(2);
  });

  it("finds the rows a previous version logged (no sheet id) by the sheet's name", () => {
    const { workbook, sheet } = pushed();
    const log = workbook.sheet(LOG_SHEET);
    const idAt = LOG_HEADER.indexOf("Sheet id") + 1;
    log.deleteColumns(idAt, 1);
    expect(undoItems(workbook, sheet.id).items).toMatchObject(EXPECTED);
    log.type(1, idAt, [["Sheet id"]]);
    expect(undoItems(workbook, sheet.id).items).toMatchObject(EXPECTED);
  });

  it("says so when the sheet has no push in the log", () => {
    const { sheet, deps } = pushWorld();
    expect(() => previewUndo(deps, sheet)).toThrow(
      "No push from this sheet is in the PostHog push log.",
    );
  });

  it("lists a created group as blocked: PostHog cannot delete a group", () => {
    const { workbook, sheet, deps } = pushWorld();
    workbook.sheet("Companies").type(4, 1, [["initech", "Initech", 5]]);
    pushToEnd(deps, previewSheet(deps, sheet).previewId);
    const undo = undoItems(workbook, sheet.id);
    expect(undo.items).toEqual([]);
    expect(undo.blocked.map((b) => b.key)).toEqual(["initech"]);
  });
});

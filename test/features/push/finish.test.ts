// The end of a push and its conflicts: statuses in the sheet, the snapshot, the log's rows by header, and what a
// change PostHog made since the pull does to an edit.
import { describe, expect, it } from "vitest";
import { LOG_HEADER, LOG_SHEET } from "../../../src/features/push/log.ts";
import { edit, previewSheet, pushToEnd, pushWorld, table } from "./kit.ts";

const setup = () => pushWorld();

describe("conflicts", () => {
  it("holds back an edit of a property PostHog changed since the pull, unless told to overwrite", () => {
    const { posthog, sheet, deps } = setup();
    (posthog.groups.get("acme") as Record<string, unknown>).employees = 12;
    edit(sheet, "acme", "employees", 11);
    edit(sheet, "globex", "employees", 21);

    const held = pushToEnd(deps, previewSheet(deps, sheet).previewId);
    expect(held).toMatchObject({ status: "done", sent: 1, conflicts: 1 });
    expect(held.conflictList).toEqual([
      { key: "acme", property: "employees", pulled: "10", posthog: "12", yours: "11" },
    ]);
    expect(posthog.groups.get("acme")?.employees).toBe(12);
    expect(table(sheet)[0]?.["PostHog status"]).toBe("conflict: employees (PostHog has 12)");

    const forced = pushToEnd(deps, previewSheet(deps, sheet).previewId, { overwrite: true });
    expect(forced).toMatchObject({ sent: 1, conflicts: 0 });
    expect(posthog.groups.get("acme")?.employees).toBe(11);
  });

  it("counts an edit PostHog already has as sent, without writing it", () => {
    const { posthog, sheet, deps } = setup();
    (posthog.groups.get("acme") as Record<string, unknown>).employees = 11;
    edit(sheet, "acme", "employees", 11);
    expect(pushToEnd(deps, previewSheet(deps, sheet).previewId)).toMatchObject({ sent: 1 });
    expect(posthog.calls.get("updateProperties")).toBeUndefined();
  });

  it("fails the edit of a group deleted in PostHog, and refuses to create a group that exists", () => {
    const { posthog, workbook, sheet, deps } = setup();
    posthog.groups.delete("globex");
    posthog.groups.set("initech", { name: "Initech" });
    edit(sheet, "globex", "employees", 21);
    workbook.sheet("Companies").type(4, 1, [["initech", "Initech Ltd", 5]]);
    const done = pushToEnd(deps, previewSheet(deps, sheet).previewId);
    expect(done.failures).toEqual([
      { key: "globex", property: "employees", reason: "the group is no longer in PostHog" },
    ]);
    expect(done.conflictList[0]).toMatchObject({
      key: "initech",
      posthog: "a group with this key already exists",
    });
  });
});

describe("the end of a push", () => {
  it("logs one row per item under the log's headers, with the sheet's id", () => {
    const { workbook, sheet, deps } = setup();
    edit(sheet, "acme", "employees", 11);
    pushToEnd(deps, previewSheet(deps, sheet).previewId);
    const log = workbook.sheet(LOG_SHEET);
    expect(log.values()[0]).toEqual([...LOG_HEADER]);
    expect(table(log)[0]).toMatchObject({
      Who: "ada@example.com",
      Sheet: "Companies",
      Change: "set",
      "Group key": "acme",
      Property: "employees",
      "Old value": "10",
      "New value": "11",
      Result: "sent",
      "Sheet id": sheet.id,
    });
  });

  it("writes into a log a person rearranged by its headers, and adds the headers an older log lacks", () => {
    const { workbook, sheet, deps } = setup();
    workbook.insert(LOG_SHEET);
    const old = workbook.sheet(LOG_SHEET);
    // A log of the previous version (no "Sheet id"), with a column of the person's own inserted in it.
    old.type(1, 1, [[...LOG_HEADER.slice(0, 3), "My notes", ...LOG_HEADER.slice(3, 10)]]);
    edit(sheet, "acme", "employees", 11);
    pushToEnd(deps, previewSheet(deps, sheet).previewId);
    expect(old.values()[0]).toEqual([
      ...LOG_HEADER.slice(0, 3),
      "My notes",
      ...LOG_HEADER.slice(3),
    ]);
    expect(table(old)[0]).toMatchObject({ "My notes": "", "Group key": "acme", Result: "sent" });
  });

  it("takes the preview's marks away", () => {
    const { sheet, deps } = setup();
    edit(sheet, "acme", "employees", 11);
    const preview = previewSheet(deps, sheet);
    expect(sheet.readMarks().notes.flat().filter(Boolean)).toEqual(["PostHog had: 10"]);
    pushToEnd(deps, preview.previewId);
    expect(sheet.readMarks().notes.flat().filter(Boolean)).toEqual([]);
  });
});

// The preview a push checks: counts, marked cells, and a push refused when the sheet changed after it.
import { describe, expect, it } from "vitest";
import { startPush } from "../../../src/features/push/job.ts";
import { edit, previewSheet, pushWorld } from "./kit.ts";

const PULLED = { acme: { name: "Acme", employees: 10 } };

describe("a push preview", () => {
  it("counts the edits and marks their cells in two reads and two writes of marks", () => {
    const { workbook, sheet, deps } = pushWorld(PULLED);
    edit(sheet, "acme", "employees", 11);
    edit(sheet, "acme", "name", "");
    const preview = previewSheet(deps, sheet);
    expect(preview.counts).toEqual({ sets: 1, removals: 0, creates: 0, blocked: 1 });
    expect(preview.items).toEqual([
      { kind: "set", key: "acme", property: "employees", old: "10", new: "11" },
    ]);
    expect(sheet.readMarks().backgrounds[1]?.[2]).toBe("#fff2cc");
    expect(workbook.calls.get("sheet.readMarks")).toBe(2);
    expect(workbook.calls.get("sheet.writeMarks")).toBe(1);
  });

  it("is refused by the push when the sheet changed since", () => {
    const { posthog, sheet, deps } = pushWorld(PULLED);
    edit(sheet, "acme", "employees", 11);
    const preview = previewSheet(deps, sheet);
    edit(sheet, "acme", "employees", 12);
    expect(() =>
      startPush(deps, { previewId: preview.previewId, overwrite: false, mode: "rest" }),
    ).toThrow(/changed since the preview/);
    expect(posthog.calls.size).toBe(0);
  });

  it("refuses a sheet the add-on did not pull", () => {
    const { workbook, deps } = pushWorld(PULLED);
    workbook.insert("Mine");
    const other = workbook.sheet("Mine");
    expect(() => previewSheet(deps, other)).toThrow(/groups sheet pulled from PostHog/);
  });
});

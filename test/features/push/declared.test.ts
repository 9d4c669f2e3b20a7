// Declared columns ("Send this column as property …"): the person's own column, formulas allowed, previewed as sets,
// checked for conflicts, pushed by both modes, logged and undone; pulled columns keep refusing formulas.
import { describe, expect, it } from "vitest";
import { declareColumn, declaredColumns } from "../../../src/features/push/declare.ts";
import { readSheetDiff } from "../../../src/features/push/preview.ts";
import { findEdits } from "../../../src/features/refresh/edits.ts";
import { previewUndo } from "../../../src/features/undo/undo.ts";
import { readMeta } from "../../../src/sheets/sheet-meta.ts";
import { readSnapshot } from "../../../src/sheets/snapshot.ts";
import type { MemorySheet } from "../../fakes/memory-workbook.ts";
import { previewSheet, pushToEnd, pushWorld } from "./kit.ts";

/** Two companies pulled, a column of the person's own in D: a header and one cell a row (null: left empty). */
function withColumn(header: string, cells: Record<string, string | number | null>) {
  const world = pushWorld({
    acme: { name: "Acme", employees: 10 },
    globex: { name: "Globex", employees: 20 },
    initech: { name: "Initech", employees: 30 },
  });
  const rows = world.sheet.values();
  world.sheet.type(1, 4, [[header]]);
  rows.forEach((row, r) => {
    const value = cells[String(row[0])];
    if (r > 0 && value !== null && value !== undefined) world.sheet.type(r + 1, 4, [[value]]);
  });
  return world;
}

/** Types `=C*2`-like formulas into column D, each computed by Sheets to the given value. */
function formulas(sheet: MemorySheet, computed: Record<string, number | string>): void {
  sheet.values().forEach((row, r) => {
    const value = computed[String(row[0])];
    if (r > 0 && value !== undefined) sheet.typeFormula(r + 1, 4, `=C${r + 1}*2`, value);
  });
}

describe("declaring a column", () => {
  it("lists the person's columns, declares one, and takes the declaration back", () => {
    const { workbook } = withColumn("owner", { acme: "ada" });
    expect(declaredColumns(workbook)).toEqual({
      sheetName: "Companies",
      columns: ["owner"],
      declared: [],
    });
    const after = declareColumn(workbook, { header: "owner", property: " owner " });
    expect(after).toEqual({
      sheetName: "Companies",
      columns: [],
      declared: [{ header: "owner", property: "owner" }],
    });
    const sheet = workbook.sheet("Companies");
    expect(readMeta(workbook, sheet)?.declared).toEqual([{ header: "owner", property: "owner" }]);
    // The tag in the developer metadata does not grow: the declaration is in the snapshot's layout row.
    expect(sheet.meta.get("posthog.sheet")).not.toContain("owner");
    expect(declareColumn(workbook, { header: "owner", property: "" }).declared).toEqual([]);
    expect(readMeta(workbook, sheet)?.declared).toBeUndefined();
  });

  it("refuses a pulled column, a pulled property, a property sent twice and a header that is not there", () => {
    const { workbook } = withColumn("owner", { acme: "ada" });
    workbook.sheet("Companies").type(1, 5, [["segment"]]);
    expect(() => declareColumn(workbook, { header: "name", property: "brand" })).toThrow(
      /"name" is a column the add-on pulled/,
    );
    expect(() => declareColumn(workbook, { header: "owner", property: "employees" })).toThrow(
      /"employees" is already pulled from PostHog, in the column "employees"/,
    );
    declareColumn(workbook, { header: "owner", property: "owner" });
    expect(() => declareColumn(workbook, { header: "segment", property: "owner" })).toThrow(
      /The column "owner" already sends "owner"/,
    );
    expect(() => declareColumn(workbook, { header: "nowhere", property: "x" })).toThrow(
      /no column headed "nowhere"/,
    );
  });
});

describe("pushing a declared column", () => {
  it("previews its values as sets, says empty cells send nothing, pushes, logs and then shows nothing more", () => {
    const { workbook, sheet, posthog, deps } = withColumn("owner", {
      acme: "ada",
      globex: 42,
      initech: null,
    });
    declareColumn(workbook, { header: "owner", property: "owner" });
    const preview = previewSheet(deps, sheet);
    expect(preview.counts).toEqual({ sets: 2, removals: 0, creates: 0, blocked: 0, empty: 1 });
    expect(preview.items).toEqual([
      { kind: "set", key: "acme", property: "owner", old: "", new: "ada" },
      { kind: "set", key: "globex", property: "owner", old: "", new: "42" },
    ]);
    const done = pushToEnd(deps, preview.previewId);
    expect(done).toMatchObject({ status: "done", sent: 2, conflicts: 0, failed: 0 });
    expect(posthog.groups.get("acme")?.owner).toBe("ada");
    // Typed like any column: a number stays a number.
    expect(posthog.groups.get("globex")?.owner).toBe(42);
    expect(posthog.groups.get("initech")).not.toHaveProperty("owner");
    const log = workbook.sheet("PostHog push log").values();
    expect(log.slice(1).map((r) => [r[5], r[6], r[7], r[8], r[9]])).toEqual([
      ["acme", "owner", "", '"ada"', "sent"],
      ["globex", "owner", "", "42", "sent"],
    ]);
    // The snapshot follows: nothing left to send.
    expect(previewSheet(deps, sheet).counts.sets).toBe(0);
  });

  it("sends what formulas compute, refuses a failed formula, and keeps refusing formulas in pulled columns", () => {
    const { workbook, sheet, posthog, deps } = withColumn("health", {});
    formulas(sheet, { acme: 20, globex: 40, initech: "#DIV/0!" });
    sheet.type(5, 1, [["hooli", "Hooli", 5]]);
    sheet.typeFormula(5, 4, '=POSTHOG_GROUP("company", A5, "x")', "Loading...");
    sheet.typeFormula(2, 3, "=5*2", 10); // a formula in the pulled "employees" column
    declareColumn(workbook, { header: "health", property: "health_score" });
    const preview = previewSheet(deps, sheet);
    expect(preview.items).toEqual([
      { kind: "set", key: "acme", property: "health_score", old: "", new: "20" },
      { kind: "set", key: "globex", property: "health_score", old: "", new: "40" },
    ]);
    expect(preview.blocked).toEqual([
      expect.objectContaining({
        key: "acme",
        property: "employees",
        reason: expect.stringMatching(/formula was typed/),
      }),
      expect.objectContaining({
        key: "initech",
        property: "health_score",
        reason: expect.stringMatching(/#DIV\/0!/),
      }),
      expect.objectContaining({
        key: "hooli",
        property: "health_score",
        reason: expect.stringMatching(/still computing/),
      }),
    ]);
    pushToEnd(deps, preview.previewId, { mode: "fast" });
    posthog.ingest();
    expect(posthog.groups.get("acme")?.health_score).toBe(20);
    // The formulas stay: the push never writes the person's column.
    expect(sheet.read().formulas[1]?.[3]).toBe("=C2*2");
  });

  it("is a conflict where PostHog already has another value, unless overwriting; an equal value is not written", () => {
    const { workbook, sheet, posthog, deps } = withColumn("owner", {
      acme: "ada",
      globex: "bob",
      initech: "cy",
    });
    posthog.groups.set("acme", { ...posthog.groups.get("acme"), owner: "zoe" });
    posthog.groups.set("globex", { ...posthog.groups.get("globex"), owner: "bob" });
    declareColumn(workbook, { header: "owner", property: "owner" });
    const first = pushToEnd(deps, previewSheet(deps, sheet).previewId);
    expect(first).toMatchObject({ sent: 2, conflicts: 1 });
    expect(first.conflictList).toEqual([
      { key: "acme", property: "owner", pulled: "", posthog: "zoe", yours: "ada" },
    ]);
    expect(posthog.calls.get("updateProperties")).toBe(1); // initech; globex already had "bob"
    expect(posthog.groups.get("acme")?.owner).toBe("zoe");
    const again = previewSheet(deps, sheet);
    expect(again.items.map((i) => i.key)).toEqual(["acme"]);
    expect(pushToEnd(deps, again.previewId, { overwrite: true })).toMatchObject({ sent: 1 });
    expect(posthog.groups.get("acme")?.owner).toBe("ada");
  });

  it("is undone: new properties are removed, overwritten ones put back", () => {
    const { workbook, sheet, posthog, deps } = withColumn("owner", { acme: "ada", globex: "bob" });
    posthog.groups.set("globex", { ...posthog.groups.get("globex"), owner: "zoe" });
    declareColumn(workbook, { header: "owner", property: "owner" });
    pushToEnd(deps, previewSheet(deps, sheet).previewId, { overwrite: true });
    expect(posthog.groups.get("globex")?.owner).toBe("bob");
    const undo = previewUndo(deps, sheet);
    expect(undo.counts).toMatchObject({ sets: 1, removals: 1 });
    pushToEnd(deps, undo.previewId);
    expect(posthog.groups.get("acme")).not.toHaveProperty("owner");
    expect(posthog.groups.get("globex")?.owner).toBe("zoe");
    // The person's cells stay as they are: the next preview offers them again.
    expect(sheet.values()[1]?.[3]).toBe("ada");
    expect(previewSheet(deps, sheet).counts.sets).toBe(2);
  });

  it("goes into a new group's properties, and says so when its header was renamed", () => {
    const { workbook, sheet, deps } = withColumn("owner", { acme: "ada" });
    declareColumn(workbook, { header: "owner", property: "owner" });
    sheet.type(5, 1, [["hooli", "Hooli", 5]]);
    sheet.typeFormula(5, 4, '=UPPER("x")', "X");
    const created = previewSheet(deps, sheet).items.find((i) => i.kind === "create");
    expect(created?.new).toBe('{"name":"Hooli","employees":5,"owner":"X"}');
    sheet.type(1, 4, [["Owner (renamed)"]]);
    const { diff } = readSheetDiff(workbook, sheet, {});
    expect(diff.blocked).toEqual([
      expect.objectContaining({
        property: "owner",
        reason: expect.stringMatching(
          /renamed or removed: put its header back, or declare it again/,
        ),
      }),
    ]);
  });

  it("is no unpushed edit for the refresh guard (a refresh never writes it)", () => {
    const { workbook, sheet } = withColumn("owner", { acme: "ada", globex: "bob" });
    declareColumn(workbook, { header: "owner", property: "owner" });
    const meta = readMeta(workbook, sheet);
    const snapshot = readSnapshot(workbook.sheet("PostHog snapshot Companies").read().values);
    if (!meta) throw new Error("no meta");
    expect(findEdits(sheet.read(), meta, snapshot)).toEqual({ changedCells: 0, newRows: 0 });
  });
});

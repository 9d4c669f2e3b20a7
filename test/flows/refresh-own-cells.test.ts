// A refresh through the real bundle never rewrites what the person made of the sheet: Plain text formats keep every
// value exact, and their own columns, array formulas, references to other rows, formats, notes and validation
// survive rows of keys leaving PostHog and new keys arriving.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateFormula } from "../../playground/formula.ts";
import { cellModel, recalculate, sheetFormulas } from "../../runtime/spreadsheet/index.ts";
import { DOC, OWNER, type World } from "../../scripts/local-world.ts";
import type { PushPreview } from "../../src/shared/push-rpc.ts";
import { columnLetter, type PulledSheet, pulledSheet, typeInto } from "./sheet-kit.ts";

const GROUPS = 40;
let s: PulledSheet;
let world: World;
/** Formulas compute only when the test says so: inside the add-on's execution they show "Loading…", as on Sheets. */
let live = false;
beforeAll(async () => {
  s = await pulledSheet(GROUPS);
  world = s.world;
  world.ok("setFormulasEnabled", { enabled: true });
  world.runtime.store.evaluateFormula = (formula, ctx) =>
    live
      ? evaluateFormula(formula, ctx, (name, args) =>
          world.runtime.runCustomFunction(name, args, { user: OWNER, documentId: DOC }),
        ).value
      : "Loading…";
});
afterAll(() => world.close());

/** Lets Sheets compute the formulas (after an execution, custom functions run on their own). */
function settle(): void {
  live = true;
  try {
    recalculate(world.runtime.store, DOC);
  } finally {
    live = false;
  }
}

/** "Refresh this sheet" from the menu; fails when the add-on asked about unpushed edits. */
function refresh(): void {
  const before = world.runtime.ui.alerts.length;
  world.runtime.ui.answerNextAlert("NO");
  world.runtime.run("refreshThisSheet", [], { user: OWNER, documentId: DOC });
  const asked = world.runtime.ui.alerts.slice(before).map((a) => a.prompt);
  expect(asked.filter((p) => /not pushed/.test(p))).toEqual([]);
}

/** Runs Apps Script code as the person at the keyboard (formats, notes, validation). */
function asPerson(code: string): void {
  world.runtime.evaluate(
    `(function () { const sheet = SpreadsheetApp.getActive().getSheetByName(${JSON.stringify(s.name)}); ${code} })()`,
    { user: OWNER, documentId: DOC },
  );
}

const cell = (row: number, column: number) => `${columnLetter(column)}${row}`;

describe("a sheet formatted as Plain text", () => {
  it("refreshes three times with nothing to push, no apostrophe anywhere and typed numbers", () => {
    const own = (s.grid()[0] ?? []).length; // 0-based index of the first free column
    typeInto(world.runtime.store, DOC, s.name, cell(1, own), "'my notes");
    typeInto(world.runtime.store, DOC, s.name, cell(2, own), "'=not a formula");
    typeInto(world.runtime.store, DOC, s.name, cell(3, own), "'00123 kept");
    // The whole sheet (pulled columns, the header and the person's column) as Plain text.
    asPerson(
      'sheet.getRange(1, 1, sheet.getMaxRows(), sheet.getMaxColumns()).setNumberFormat("@");',
    );
    typeInto(world.runtime.store, DOC, s.name, cell(4, own), "'typed in plain text");
    const ownBefore = s.grid().map((row) => row[own]);
    const header = s.grid()[0];
    for (let i = 0; i < 3; i++) {
      refresh();
      const grid = s.grid();
      const apostrophes = grid.flat().filter((v) => typeof v === "string" && v.startsWith("'"));
      expect(apostrophes).toEqual([]);
      expect(grid[0]).toEqual(header);
      expect(grid.map((row) => row[own])).toEqual(ownBefore);
      const employees = grid.slice(1).map((row) => row[s.col("employees")]);
      expect(employees.filter((v) => v !== "").every((v) => typeof v === "number")).toBe(true);
      const preview = world.ok<PushPreview>("previewPush", { includeRemovals: true });
      expect(preview.counts).toEqual({ sets: 0, removals: 0, creates: 0, blocked: 0 });
    }
    expect(ownBefore.slice(0, 5)).toEqual([
      "my notes",
      "=not a formula",
      "00123 kept",
      "typed in plain text",
      "",
    ]);
  });
});

describe("the person's own cells across keys leaving and arriving", () => {
  it("keep array formulas, references to other rows, formats, notes and validation on their rows", async () => {
    const grid = s.grid();
    const keys = grid.slice(1).map((row) => String(row[0]));
    const width = (grid[0] ?? []).length;
    const [spillCol, refCol] = [width + 1, width + 2]; // 1-based, right of everything
    await world.posthog.control.reset({ groups: GROUPS - 8 });
    const gone = new Set<string>();
    for (const key of keys) {
      const snapshot = await world.posthog.control.group(key, 0).catch(() => null);
      if (!snapshot?.postgres) gone.add(key);
    }
    // A key that leaves with five staying keys below it: the person's cells go on those rows.
    const removed = keys.findIndex(
      (k, i) =>
        gone.has(k) && i + 6 < keys.length && keys.slice(i + 1, i + 6).every((n) => !gone.has(n)),
    );
    expect(removed).toBeGreaterThanOrEqual(0);
    const top = removed + 3; // the sheet row just below the removed key's row
    const lookup = `=POSTHOG_GROUP("company", A${top}:A${top + 4}, "name")`;
    asPerson(`
      sheet.getRange(1, ${spillCol}, 1, 2).setValues([["looked up", "key above"]]);
      sheet.getRange(${top}, ${spillCol}).setFormula(${JSON.stringify(lookup)});
      sheet.getRange(${top + 2}, ${refCol}).setFormula("=A${top + 1}");
      sheet.getRange(${top + 3}, ${refCol}).setNote("checked by hand").setNumberFormat("0.00%")
        .setDataValidation(SpreadsheetApp.newDataValidation().requireValueInList(["yes", "no"]).build());
    `);
    settle();
    const nameCol = s.col("name");
    const namesOf = (from: number) =>
      s
        .grid()
        .slice(from - 1, from + 4)
        .map((row) => row[nameCol]);
    expect(
      s
        .grid()
        .slice(top - 1, top + 4)
        .map((row) => row[spillCol - 1]),
    ).toEqual(namesOf(top));
    const keyAbove = keys[top - 1];

    refresh();
    settle();
    const after = s.grid();
    expect(after.slice(1).map((row) => String(row[0]))).toEqual(keys.filter((k) => !gone.has(k)));
    // Everything below the removed row moved up by the rows that left above it.
    const shift = keys.slice(0, top - 2).filter((k) => gone.has(k)).length;
    const newTop = top - shift;
    const formulas = sheetFormulas(world.runtime.store, DOC, s.name);
    expect(formulas[newTop - 1]?.[spillCol - 1]).toBe(
      `=POSTHOG_GROUP("company", A${newTop}:A${newTop + 4}, "name")`,
    );
    const spilled = after.slice(newTop - 1, newTop + 4).map((r) => r[spillCol - 1]);
    expect(spilled).toEqual(after.slice(newTop - 1, newTop + 4).map((r) => r[nameCol]));
    expect(spilled.every((v) => typeof v === "string" && v !== "" && v !== "#REF!")).toBe(true);
    const refRow = after.findIndex((row) => row[refCol - 1] === keyAbove) + 1;
    expect(refRow).toBeGreaterThan(1);
    expect(formulas[refRow - 1]?.[refCol - 1]).toBe(`=A${refRow - 1}`);
    const marked = cellModel(world.runtime.store, DOC, s.name, cell(refRow + 1, refCol - 1));
    expect(marked).toMatchObject({
      note: "checked by hand",
      numberFormat: "0.00%",
      validation: { criteria: "VALUE_IN_LIST", args: [["yes", "no"], true] },
    });

    // New keys arrive at the bottom; the person's cells stay where they are.
    await world.posthog.control.reset({ groups: GROUPS + 3 });
    const ownBefore = s.grid().map((row) => row.slice(spillCol - 1));
    refresh();
    settle();
    const grown = s.grid();
    const fresh = grown.slice(1).map((row) => String(row[0]));
    expect(fresh.slice(0, after.length - 1)).toEqual(after.slice(1).map((row) => String(row[0])));
    expect(fresh.length).toBeGreaterThan(after.length - 1);
    expect(grown.slice(0, ownBefore.length).map((row) => row.slice(spillCol - 1))).toEqual(
      ownBefore,
    );
  });
});

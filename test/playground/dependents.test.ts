// The playground's recalculation follows a formula the add-on moved: a refresh that inserts a new usage metric's
// columns before the person's score column, and rewrites the metric values it reads in the same run, leaves the
// moved formulas stale (computed again), not showing and sending the score of the old values.
import { describe, expect, it } from "vitest";
import { Dependents } from "../../playground/dependents.ts";
import { addDocument, createSpreadsheetStore } from "../../runtime/spreadsheet/model.ts";

const store = createSpreadsheetStore();
const doc = addDocument(store, { id: "doc", owner: "you@example.com" });
const sheet = doc.sheets[0];
if (!sheet) throw new Error("no Sheet1");
/** Row 1: an input in A (a metric value), another in B, and two formulas of the person's in C and D. */
sheet.rows = [
  [{ value: 99 }, { value: 5 }, { value: 198, formula: "=A1*2" }, { value: 10, formula: "=B1*2" }],
];
const dependents = new Dependents(() => doc);
dependents.scan();

describe("the playground's dependents", () => {
  it("finds a moved formula stale when the run that moved it also changed what it reads", () => {
    expect(dependents.stale()).toEqual([]);
    // One add-on run: two columns inserted before C (C and D move to E and F), and A rewritten.
    const [a, b, c, d] = sheet.rows[0] ?? [];
    sheet.rows = [[{ ...a, value: 0 }, b, { value: "new" }, { value: "metric" }, c, d]];
    dependents.scan();
    expect(dependents.stale()).toEqual([expect.objectContaining({ row: 1, column: 5 })]);
  });
});

// The playground's formula engine reuses its parsers: one formula's cells, sparkline and errors never leak into the
// next, a formula evaluated inside another (through a custom function) gets its own engine, and thousands of formula
// cells (a pull with usage metrics writes two SPARKLINEs a row) build no new engine each. IF reads its condition.
import { describe, expect, it } from "vitest";
import { referencesOf } from "../../playground/dependents.ts";
import {
  type CallCustomFunction,
  enginesBuilt,
  evaluateFormula,
} from "../../playground/formula.ts";
import { seedValues } from "../../runtime/spreadsheet/index.ts";
import {
  addDocument,
  createSheetModel,
  createSpreadsheetStore,
  type FormulaContext,
} from "../../runtime/spreadsheet/model.ts";

const store = createSpreadsheetStore();
addDocument(store, { id: "doc", owner: "you@example.com" }).sheets.push(
  createSheetModel(1, "Other", 10, 10),
);
seedValues(store, "doc", "Sheet1", "A1", [
  [1, 2, 3],
  [10, 20, 30],
]);
seedValues(store, "doc", "Other", "A1", [[7]]);
const at = (row: number, column: number, sheetName = "Sheet1"): FormulaContext => ({
  store,
  documentId: "doc",
  sheetName,
  row,
  column,
});
const noCustom: CallCustomFunction = (name) => {
  throw new Error(`no custom function ${name} here`);
};

describe("the playground's formula engine", () => {
  it("evaluates thousands of formulas with the engines it already has, each on its own cells", () => {
    evaluateFormula("=1", at(5, 1), noCustom);
    const before = enginesBuilt();
    for (let row = 1; row <= 1_000; row++) {
      const line = evaluateFormula("=SPARKLINE({1,2,3})", at(row, 5), noCustom);
      expect(line).toEqual({ value: "", sparkline: [1, 2, 3] });
      const sum = evaluateFormula(
        `=SUM(A${(row % 2) + 1}:C${(row % 2) + 1}) + ${row}`,
        at(row, 6),
        noCustom,
      );
      expect(sum).toEqual({ value: (row % 2 ? 60 : 6) + row, sparkline: undefined });
    }
    expect(evaluateFormula("=1/0", at(9, 9), noCustom).value).toBe("#DIV/0!");
    expect(evaluateFormula("=B2*2", at(9, 9), noCustom)).toEqual({
      value: 40,
      sparkline: undefined,
    });
    expect(enginesBuilt() - before).toBe(0);
  });

  it("evaluates a formula inside another's custom function with a second engine, each on its own sheet", () => {
    let inner: unknown;
    const call: CallCustomFunction = (name, args) => {
      expect(name).toBe("INNER");
      inner = evaluateFormula("=A1*100", at(1, 2, "Other"), noCustom).value;
      return Number(args[0]) + 1;
    };
    expect(evaluateFormula("=INNER(A1) + A2", at(3, 1), call).value).toBe(12);
    expect(inner).toBe(700);
    expect(evaluateFormula("=A1", at(3, 1), noCustom).value).toBe(1);
  });

  it("reads IF's condition from its cell, as Sheets does: FALSE, 0 and an empty cell take the other branch", () => {
    seedValues(store, "doc", "Other", "A2", [[false, true, 0, 3, ""]]);
    const branch = (condition: string) =>
      evaluateFormula(`=IF(${condition}, 10, 0)`, at(5, 5, "Other"), noCustom).value;
    expect(["A2", "B2", "C2", "D2", "E2", "Z9", "A2=FALSE"].map(branch)).toEqual([
      0, 10, 0, 10, 0, 0, 10,
    ]);
    expect(evaluateFormula("=IF(B2, A1, 5) + 1", at(5, 5, "Other"), noCustom).value).toBe(8);
  });

  it("lists each formula's own references, none of the one before", () => {
    expect(referencesOf("=A1+B2", "Sheet1", 1, 5)).toEqual([
      { sheet: "Sheet1", row: 1, column: 1, endRow: 1, endColumn: 1 },
      { sheet: "Sheet1", row: 2, column: 2, endRow: 2, endColumn: 2 },
    ]);
    expect(referencesOf("=SUM(Other!C3:D4)", "Sheet1", 1, 5)).toEqual([
      { sheet: "Other", row: 3, column: 3, endRow: 4, endColumn: 4 },
    ]);
  });
});

// The fake's rules for rows and formulas: references move with inserted and deleted lines, arrays spill and break,
// notes, formats and validation belong to cells, and plain-text cells keep what is written.
import { describe, expect, it } from "vitest";
import { createTestSpreadsheet } from "../../runtime/spreadsheet/index.ts";
import { shiftFormula } from "../../runtime/spreadsheet/references.ts";

function setup() {
  const t = createTestSpreadsheet();
  const ss = t.app.getActiveSpreadsheet();
  if (!ss) throw new Error("no spreadsheet");
  return { ...t, ss, sheet: ss.getActiveSheet() };
}

const rows = (kind: "insert" | "delete", at: number, count: number, sheetName = "Sheet1") => ({
  sheetName,
  axis: "rows" as const,
  kind,
  at,
  count,
});

describe("references after inserting or deleting lines", () => {
  it("moves cells below an inserted row, $ references too, and grows a range the insertion falls in", () => {
    expect(shiftFormula("=A5+$B$7-C2", "Sheet1", rows("insert", 3, 2))).toBe("=A7+$B$9-C2");
    expect(shiftFormula("=SUM(A2:A10)", "Sheet1", rows("insert", 5, 1))).toBe("=SUM(A2:A11)");
    expect(shiftFormula("=SUM(A2:A10)", "Sheet1", rows("insert", 11, 1))).toBe("=SUM(A2:A10)");
  });

  it("moves cells below a deleted row up, shrinks ranges, and breaks a reference to a deleted cell", () => {
    expect(shiftFormula("=B4*2", "Sheet1", rows("delete", 3, 1))).toBe("=B3*2");
    expect(shiftFormula("=B3*2", "Sheet1", rows("delete", 3, 1))).toBe("=#REF!*2");
    expect(shiftFormula('=G("company", A2:A10, "name")', "Sheet1", rows("delete", 5, 2))).toBe(
      '=G("company", A2:A8, "name")',
    );
    expect(shiftFormula("=SUM(A5:A6)", "Sheet1", rows("delete", 4, 4))).toBe("=SUM(#REF!)");
  });

  it("leaves text in quotes, function names, whole columns and other sheets alone", () => {
    const change = rows("delete", 1, 1);
    expect(shiftFormula('=LOG10(A3)&"B5"', "Sheet1", change)).toBe('=LOG10(A2)&"B5"');
    expect(shiftFormula("=SUM(A:A)+Other!A5", "Sheet1", change)).toBe("=SUM(A:A)+Other!A5");
    expect(shiftFormula("='My sheet'!A5+A5", "Other", rows("delete", 1, 1, "My sheet"))).toBe(
      "='My sheet'!A4+A5",
    );
    expect(
      shiftFormula("=C1+A:C", "Sheet1", {
        sheetName: "Sheet1",
        axis: "columns",
        kind: "insert",
        at: 2,
        count: 1,
      }),
    ).toBe("=D1+A:D");
  });
});

describe("rows deleted under formulas", () => {
  it("rewrites a formula that refers to another row, and shows #REF! when that row goes", () => {
    const { sheet } = setup();
    sheet.getRange("B1:B4").setValues([[1], [2], [3], [4]]);
    sheet.getRange("E5").setFormula("=B4");
    sheet.deleteRows(2, 1);
    expect(sheet.getRange("E4").getFormula()).toBe("=B3");
    sheet.deleteRow(3);
    expect(sheet.getRange("E3").getFormula()).toBe("=#REF!");
    expect(sheet.getRange("E3").getValue()).toBe("#REF!");
  });

  it("lays an array result out again when a deleted row cut through it", () => {
    const { sheet, store } = setup();
    store.evaluateFormula = (formula) => {
      const m = /A(\d+):A(\d+)/.exec(formula);
      const [from, to] = [Number(m?.[1]), Number(m?.[2])];
      return Array.from({ length: to - from + 1 }, (_, i) => [`r${from + i}`]);
    };
    sheet.getRange("D2").setFormula("=F(A2:A6)");
    expect(sheet.getRange("D2:D6").getValues().flat()).toEqual(["r2", "r3", "r4", "r5", "r6"]);
    sheet.deleteRows(4, 1);
    expect(sheet.getRange("D2").getFormula()).toBe("=F(A2:A5)");
    expect(sheet.getRange("D2:D6").getValues().flat()).toEqual(["r2", "r3", "r4", "r5", ""]);
    sheet.insertRowsBefore(3, 2);
    expect(sheet.getRange("D2").getFormula()).toBe("=F(A2:A7)");
    expect(sheet.getRange("D2:D8").getValues().flat()).toEqual([
      "r2",
      "r3",
      "r4",
      "r5",
      "r6",
      "r7",
      "",
    ]);
  });
});

describe("array results", () => {
  function spilled() {
    const t = setup();
    t.store.evaluateFormula = () => [["a"], ["b"], ["c"]];
    t.sheet.getRange("A1").setFormula("=ARR()");
    return t;
  }

  it("breaks with #REF! when content is written into its result, and spills again once it is cleared", () => {
    const { sheet } = spilled();
    sheet.getRange("A3").setValue("typed");
    expect(sheet.getRange("A1:A3").getValues().flat()).toEqual(["#REF!", "", "typed"]);
    sheet.getRange("A3").clearContent();
    expect(sheet.getRange("A1:A3").getValues().flat()).toEqual(["a", "b", "c"]);
  });

  it("keeps its result when nothing is written over it, or when a spilled cell is cleared", () => {
    const { sheet } = spilled();
    sheet.getRange("A2:B3").setValues([
      ["", "x"],
      ["", "y"],
    ]);
    sheet.getRange("A2").clearContent();
    expect(sheet.getRange("A1:B3").getValues()).toEqual([
      ["a", ""],
      ["b", "x"],
      ["c", "y"],
    ]);
  });
});

describe("what belongs to a cell moves with its row", () => {
  it("keeps notes, number formats and data validation on the row they were set on", () => {
    const { sheet, app } = setup();
    const rule = app.newDataValidation().requireValueInList(["yes", "no"]).build();
    sheet.getRange("C5").setNote("mine").setNumberFormat("0.00%").setDataValidation(rule);
    sheet.deleteRows(2, 2);
    const cell = sheet.getRange("C3");
    expect([cell.getNote(), cell.getNumberFormat()]).toEqual(["mine", "0.00%"]);
    expect(cell.getDataValidation()?.getCriteriaType()).toBe("VALUE_IN_LIST");
    expect(cell.getDataValidation()?.getCriteriaValues()).toEqual([["yes", "no"], true]);
    sheet.getRange("C3").clearContent();
    expect(sheet.getRange("C3").getDataValidation()).not.toBeNull();
    sheet.getRange("C3").setDataValidation(null);
    expect(sheet.getRange("C3").getDataValidations()).toEqual([[null]]);
  });

  it("refuses a rule without criteria", () => {
    const { app } = setup();
    expect(() => app.newDataValidation().build()).toThrow(/criteria/);
  });
});

describe("plain-text cells", () => {
  it("keep text exactly as written, a leading apostrophe included", () => {
    const { sheet } = setup();
    const cell = sheet.getRange("A1:C1").setNumberFormat("@");
    cell.setValues([["'acme", "00123", "=1+2"]]);
    expect(cell.getValues()).toEqual([["'acme", "00123", "=1+2"]]);
    expect(cell.getFormulas()).toEqual([["", "", ""]]);
  });

  it("store a number, a boolean or a date as text (the stricter rule), or typed when the store says so", () => {
    const { sheet, store } = setup();
    const date = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
    const cell = sheet.getRange("A1:C1").setNumberFormat("@");
    cell.setValues([[1500, true, date]]);
    expect(cell.getValues()).toEqual([["1500", "TRUE", "2024-01-02 03:04:05"]]);
    store.plainText = "typed";
    cell.setValues([[1500, true, date]]);
    expect(cell.getValues()).toEqual([[1500, true, date]]);
  });
});

// The SpreadsheetApp fake parses written values as Sheets parses typed input, and checks shapes and sizes.
import { describe, expect, it } from "vitest";
import {
  CELL_CHARS_ERROR,
  createTestSpreadsheet,
  recalculate,
  sheetFormulas,
  sheetValues,
} from "../../runtime/spreadsheet/index.ts";

function setup(timeZone?: string) {
  const t = createTestSpreadsheet(timeZone === undefined ? {} : { timeZone });
  const ss = t.app.getActiveSpreadsheet();
  if (!ss) throw new Error("no spreadsheet");
  return { ...t, ss, sheet: ss.getSheetByName("Sheet1") ?? ss.getActiveSheet() };
}

/** Writes one value into A1 and reads back [value, formula]. */
function roundTrip(input: unknown, format?: string): [unknown, string] {
  const { sheet } = setup();
  const cell = sheet.getRange("A1");
  if (format) cell.setNumberFormat(format);
  cell.setValues([[input]]);
  return [cell.getValues()[0]?.[0], cell.getFormulas()[0]?.[0] ?? ""];
}

describe("setValues shape checks", () => {
  it("refuses a row count that differs from the range, with Apps Script's message", () => {
    const { sheet } = setup();
    expect(() => sheet.getRange(1, 1, 2, 2).setValues([[1, 2]])).toThrow(
      "The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 2.",
    );
  });

  it("refuses a column count that differs from the range, including ragged rows", () => {
    const { sheet } = setup();
    const range = sheet.getRange("A1:C2");
    expect(() =>
      range.setValues([
        [1, 2, 3],
        [4, 5],
      ]),
    ).toThrow(
      "The number of columns in the data does not match the number of columns in the range. The data has 2 but the range has 3.",
    );
    expect(() =>
      range.setValues([
        [1, 2, 3, 4],
        [1, 2, 3],
      ]),
    ).toThrow("The data has 4 but the range has 3.");
  });

  it("refuses data that is not a 2D array", () => {
    const { sheet } = setup();
    const range = sheet.getRange("A1:B1");
    expect(() => range.setValues([1, 2] as never)).toThrow(
      "The parameters (number[]) don't match the method signature for SpreadsheetApp.Range.setValues.",
    );
    expect(() => range.setValues("x" as never)).toThrow("don't match the method signature");
  });

  it("throws as an Apps Script Exception and leaves the sheet untouched", () => {
    const { sheet } = setup();
    sheet.getRange("A1").setValue("before");
    let error: unknown;
    try {
      sheet.getRange("A1:B1").setValues([["after", "x".repeat(50_001)]]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe("Exception");
    expect((error as Error).message).toBe(CELL_CHARS_ERROR);
    expect(sheet.getRange("A1").getValue()).toBe("before");
  });
});

describe("typed-input parsing", () => {
  it.each([
    ["00123", 123],
    ["1e3", 1000],
    ["-4.5", -4.5],
    ["+7", 7],
    ["12%", 0.12],
    ["1,234", 1234],
    [" 42 ", 42],
    ["true", true],
    ["FALSE", false],
    ["TrUe", true],
    ["hello", "hello"],
    ["1,23", "1,23"],
    ["2024-13-01", "2024-13-01"],
    ["-", "-"],
  ])("%j is stored as %j", (input, expected) => {
    const [value, formula] = roundTrip(input);
    expect(value).toEqual(expected);
    expect(formula).toBe("");
  });

  it("stores formulas, whose value is #NAME? without an evaluator", () => {
    expect(roundTrip("=SUM(A2:A3)")).toEqual(["#NAME?", "=SUM(A2:A3)"]);
  });

  it("reads a leading + or - on a non-number as a formula", () => {
    expect(roundTrip("+A2")).toEqual(["#NAME?", "=+A2"]);
    expect(roundTrip("-foo")).toEqual(["#NAME?", "=-foo"]);
  });

  it("strips a leading apostrophe and keeps the rest as literal text", () => {
    expect(roundTrip("'=1+2")).toEqual(["=1+2", ""]);
    expect(roundTrip("'00123")).toEqual(["00123", ""]);
    expect(roundTrip("'TRUE")).toEqual(["TRUE", ""]);
  });

  it("stores every string as typed in a plain-text (@) cell", () => {
    expect(roundTrip("=1+2", "@")).toEqual(["=1+2", ""]);
    expect(roundTrip("00123", "@")).toEqual(["00123", ""]);
    expect(roundTrip("TRUE", "@")).toEqual(["TRUE", ""]);
    expect(roundTrip("'x", "@")).toEqual(["'x", ""]);
  });

  it("parses ISO dates at midnight and date-times in the document's time zone", () => {
    const { sheet } = setup("America/New_York");
    const range = sheet.getRange("A1:D1");
    range.setValues([
      ["2024-03-05", "2024-03-05 10:20:30", "2024-07-01T08:00:00", "2024-03-05T10:20:30Z"],
    ]);
    const [a, b, c, d] = range.getValues()[0] as Date[];
    expect(a).toBeInstanceOf(Date);
    expect(a?.toISOString()).toBe("2024-03-05T05:00:00.000Z");
    expect(b?.toISOString()).toBe("2024-03-05T15:20:30.000Z");
    expect(c?.toISOString()).toBe("2024-07-01T12:00:00.000Z");
    expect(d?.toISOString()).toBe("2024-03-05T10:20:30.000Z");
  });

  it("keeps numbers, booleans, Dates and empties as given", () => {
    const { sheet } = setup();
    const when = new Date(Date.UTC(2020, 0, 2, 3, 4, 5));
    const range = sheet.getRange("A1:E1");
    range.setValues([[1.5, false, when, null, undefined]]);
    const row = range.getValues()[0] ?? [];
    expect(row).toEqual([1.5, false, when, "", ""]);
    expect(row[2]).not.toBe(when);
    when.setUTCFullYear(1999);
    const again = range.getValues()[0] ?? [];
    expect((again[2] as Date).getUTCFullYear()).toBe(2020);
  });

  it("returns fresh arrays and Date copies from getValues", () => {
    const { sheet } = setup();
    sheet.getRange("A1:B1").setValues([[new Date(0), "x"]]);
    const first = sheet.getRange("A1:B1").getValues();
    (first[0] as unknown[])[1] = "changed";
    ((first[0] ?? [])[0] as Date).setTime(5);
    expect(sheet.getRange("A1:B1").getValues()).toEqual([[new Date(0), "x"]]);
  });

  it("parses setValue and appendRow the same way", () => {
    const { sheet, store } = setup();
    sheet.getRange("A1").setValue("007");
    sheet.appendRow(["=A1", "'=A1", "1e2"]);
    expect(sheetValues(store, "doc-1", "Sheet1")).toEqual([
      [7, "", ""],
      ["#NAME?", "=A1", 100],
    ]);
    expect(sheetFormulas(store, "doc-1", "Sheet1")[1]).toEqual(["=A1", "", ""]);
  });
});

describe("50,000 characters per cell", () => {
  it("accepts exactly 50,000 characters and refuses one more in every write path", () => {
    const { sheet } = setup();
    const max = "y".repeat(50_000);
    sheet.getRange("A1").setValue(max);
    expect(sheet.getRange("A1").getValue()).toBe(max);
    const over = `${max}y`;
    expect(() => sheet.getRange("A2").setValue(over)).toThrow(CELL_CHARS_ERROR);
    expect(() => sheet.getRange("A2").setFormula(`=${max}`)).toThrow(CELL_CHARS_ERROR);
    expect(() => sheet.appendRow([over])).toThrow(CELL_CHARS_ERROR);
    expect(() => sheet.getRange("A2").setNote(over)).toThrow(CELL_CHARS_ERROR);
    expect(sheet.getLastRow()).toBe(1);
  });
});

describe("formulas and the evaluateFormula hook", () => {
  it("computes values through the hook, with the cell's position", () => {
    const { sheet, store } = setup();
    const seen: unknown[] = [];
    store.evaluateFormula = (formula, ctx) => {
      seen.push([formula, ctx.sheetName, ctx.row, ctx.column, ctx.documentId]);
      return formula === "=BAD()"
        ? (() => {
            throw new Error("boom");
          })()
        : 42;
    };
    sheet.getRange("B2:C2").setFormulas([["=ANSWER()", "=BAD()"]]);
    expect(sheet.getRange("B2:C2").getValues()).toEqual([[42, "#ERROR!"]]);
    expect(seen[0]).toEqual(["=ANSWER()", "Sheet1", 2, 2, "doc-1"]);
  });

  it("spills a 2D array result into empty cells, and shows #REF! when blocked", () => {
    const { sheet, store } = setup();
    store.evaluateFormula = () => [
      ["a", "b"],
      [1, 2],
    ];
    sheet.getRange("A1").setFormula("=TABLE()");
    expect(sheet.getRange("A1:B2").getValues()).toEqual([
      ["a", "b"],
      [1, 2],
    ]);
    expect(sheet.getRange("A1:B2").getFormulas()).toEqual([
      ["=TABLE()", ""],
      ["", ""],
    ]);
    sheet.getRange("E2").setValue("occupied");
    sheet.getRange("D1").setFormula("=TABLE()");
    expect(sheet.getRange("D1:E1").getValues()).toEqual([["#REF!", ""]]);
    // Replacing the array formula removes its spilled values.
    sheet.getRange("A1").setValue("plain");
    expect(sheet.getRange("A1:B2").getValues()).toEqual([
      ["plain", ""],
      ["", ""],
    ]);
  });

  it("setFormula forces a formula even in a plain-text cell, and recalculate re-runs the hook", () => {
    const { sheet, store } = setup();
    let n = 1;
    store.evaluateFormula = () => n;
    sheet.getRange("A1").setNumberFormat("@").setFormula("=N()");
    expect(sheet.getRange("A1").getFormula()).toBe("=N()");
    n = 2;
    expect(sheet.getRange("A1").getValue()).toBe(1);
    recalculate(store, "doc-1");
    expect(sheet.getRange("A1").getValue()).toBe(2);
  });
});

describe("display values", () => {
  it("prints numbers as JS does, booleans in capitals, dates in the document time zone", () => {
    const { sheet } = setup("Europe/Paris");
    sheet
      .getRange("A1:E1")
      .setValues([[1.5, true, new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), null, "text"]]);
    expect(sheet.getRange("A1:E1").getDisplayValues()).toEqual([
      ["1.5", "TRUE", "2024-01-02 04:04:05", "", "text"],
    ]);
    expect(sheet.getRange("B1").getDisplayValue()).toBe("TRUE");
  });
});

// Range fake: coordinates and A1 notation, argument errors, formats, notes, clearing, selection.
import { describe, expect, it } from "vitest";
import { cellModel, createTestSpreadsheet, parseA1 } from "../../runtime/spreadsheet/index.ts";

function setup() {
  const t = createTestSpreadsheet();
  const ss = t.app.getActiveSpreadsheet();
  if (!ss) throw new Error("no spreadsheet");
  return { ...t, ss, sheet: ss.getActiveSheet() };
}

const shape = (r: {
  getRow(): number;
  getColumn(): number;
  getNumRows(): number;
  getNumColumns(): number;
}) => [r.getRow(), r.getColumn(), r.getNumRows(), r.getNumColumns()];

describe("getRange by coordinates", () => {
  it("is 1-based and defaults to one cell", () => {
    const { sheet } = setup();
    expect(shape(sheet.getRange(2, 3))).toEqual([2, 3, 1, 1]);
    expect(shape(sheet.getRange(2, 3, 4))).toEqual([2, 3, 4, 1]);
    expect(shape(sheet.getRange(2, 3, 4, 5))).toEqual([2, 3, 4, 5]);
    expect(sheet.getRange(2, 3, 4, 5).getA1Notation()).toBe("C2:G5");
  });

  it("throws Apps Script's messages for bad coordinates", () => {
    const { sheet } = setup();
    expect(() => sheet.getRange(0, 1)).toThrow("The starting row of the range is too small.");
    expect(() => sheet.getRange(1, 0)).toThrow("The starting column of the range is too small.");
    expect(() => sheet.getRange(1, 1, 0, 1)).toThrow(
      "The number of rows in the range must be at least 1.",
    );
    expect(() => sheet.getRange(1, 1, 1, 0)).toThrow(
      "The number of columns in the range must be at least 1.",
    );
    expect(() => sheet.getRange(1001, 1)).toThrow(
      "The coordinates of the range are outside the dimensions of the sheet.",
    );
    expect(() => sheet.getRange(1, 26, 1, 2)).toThrow("outside the dimensions of the sheet");
    expect(() => sheet.getRange(1.5, 1)).toThrow("Cannot convert '1.5' to int.");
    expect(shape(sheet.getRange(1000, 26))).toEqual([1000, 26, 1, 1]);
  });
});

describe("A1 notation", () => {
  it.each([
    ["B2", [2, 2, 1, 1], "B2"],
    ["b2", [2, 2, 1, 1], "B2"],
    ["A1:C3", [1, 1, 3, 3], "A1:C3"],
    ["C3:A1", [1, 1, 3, 3], "A1:C3"],
    ["$A$1:$B$2", [1, 1, 2, 2], "A1:B2"],
    ["A:C", [1, 1, 1000, 3], "A:C"],
    ["2:4", [2, 1, 3, 26], "2:4"],
    ["B3:C", [3, 2, 998, 2], "B3:C"],
    ["Z1000", [1000, 26, 1, 1], "Z1000"],
  ])("%s covers %j and prints as %s", (a1, expected, printed) => {
    const { sheet } = setup();
    const range = sheet.getRange(a1);
    expect(shape(range)).toEqual(expected);
    expect(range.getA1Notation()).toBe(printed);
  });

  it("refuses what is not a range on the grid", () => {
    const { sheet, ss } = setup();
    for (const bad of ["", "foo", "A", "1", "A0", "A1:B2:C3", "A1001", "AA1", "Nope!A1"]) {
      expect(() => sheet.getRange(bad), bad).toThrow("Range not found");
    }
    expect(() => ss.getRange("Missing!A1")).toThrow("Range not found");
  });

  it("resolves sheet-qualified references, quoted names included", () => {
    const { ss } = setup();
    const other = ss.insertSheet("It's data");
    other.getRange("B2").setValue("here");
    expect(ss.getRange("'It''s data'!B2").getValue()).toBe("here");
    expect(ss.getRange("'It''s data'!B2").getSheet().getName()).toBe("It's data");
    expect(ss.getRange("Sheet1!A1:B2").getSheet().getName()).toBe("Sheet1");
    expect(parseA1("'My sheet'!A2:C")).toEqual({
      sheetName: "My sheet",
      row: 2,
      column: 1,
      endColumn: 3,
    });
  });
});

describe("range geometry", () => {
  it("offset, getCell and the range's own last row and column", () => {
    const { sheet } = setup();
    const range = sheet.getRange("B2:D5");
    expect(range.getLastRow()).toBe(5);
    expect(range.getLastColumn()).toBe(4);
    expect(range.offset(1, 1).getA1Notation()).toBe("C3:E6");
    expect(range.offset(0, 0, 1, 1).getA1Notation()).toBe("B2");
    expect(() => range.offset(-2, 0)).toThrow("The starting row of the range is too small.");
    expect(range.getCell(2, 3).getA1Notation()).toBe("D3");
    expect(() => range.getCell(5, 1)).toThrow("Cell reference out of range");
    expect(range.getSheet().getName()).toBe("Sheet1");
    expect(range.getGridId()).toBe(0);
  });

  it("isBlank looks at content only", () => {
    const { sheet } = setup();
    const range = sheet.getRange("A1:B2");
    range.setBackground("#ff0000").setNote("n");
    expect(range.isBlank()).toBe(true);
    sheet.getRange("B2").setValue(0);
    expect(range.isBlank()).toBe(false);
  });
});

describe("formats and notes", () => {
  it("has Sheets' defaults and keeps what is set", () => {
    const { sheet } = setup();
    const range = sheet.getRange("A1:B1");
    expect(range.getNumberFormats()).toEqual([["0.###############", "0.###############"]]);
    expect(range.getBackground()).toBe("#ffffff");
    expect(range.getFontWeight()).toBe("normal");
    expect(range.getNote()).toBe("");
    range
      .setNumberFormats([["@", "0.00"]])
      .setBackgrounds([["RED", "#0F0"]])
      .setFontWeights([["bold", null]]);
    range.setNotes([["first", null]]);
    expect(range.getNumberFormats()).toEqual([["@", "0.00"]]);
    expect(range.getBackgrounds()).toEqual([["#ff0000", "#00ff00"]]);
    expect(range.getFontWeights()).toEqual([["bold", "normal"]]);
    expect(range.getNotes()).toEqual([["first", ""]]);
    expect(() => range.setFontWeight("heavy")).toThrow("Invalid argument: fontWeight");
    expect(() => range.setNumberFormats([["@"]])).toThrow("The data has 1 but the range has 2.");
  });

  it("clear, clearContent, clearFormat and clearNote each remove their part", () => {
    const { sheet, store } = setup();
    const range = sheet.getRange("A1");
    const fill = () => range.setValue("v").setNumberFormat("0.0").setBackground("red").setNote("n");
    fill().clearContent();
    expect([range.getValue(), range.getNumberFormat(), range.getNote()]).toEqual(["", "0.0", "n"]);
    fill().clearFormat();
    expect([range.getValue(), range.getNumberFormat(), range.getBackground()]).toEqual([
      "v",
      "0.###############",
      "#ffffff",
    ]);
    fill().clearNote();
    expect(range.getNote()).toBe("");
    fill().clear();
    expect([range.getValue(), range.getBackground(), range.getNote()]).toEqual([
      "",
      "#ffffff",
      "n",
    ]);
    fill().clear({ contentsOnly: true });
    expect(cellModel(store, "doc-1", "Sheet1", "A1")).toMatchObject({
      background: "#ff0000",
      numberFormat: "0.0",
    });
    expect(range.getValue()).toBe("");
  });
});

describe("selection", () => {
  it("activate moves the active range and sheet", () => {
    const { ss, app } = setup();
    expect(ss.getActiveRange()?.getA1Notation()).toBe("A1");
    const other = ss.insertSheet("Other");
    expect(ss.getActiveSheet().getName()).toBe("Other");
    ss.getSheetByName("Sheet1")?.getRange("B2:C3").activate();
    expect(ss.getActiveSheet().getName()).toBe("Sheet1");
    expect(app.getActiveRange()?.getA1Notation()).toBe("B2:C3");
    expect(ss.getActiveCell().getA1Notation()).toBe("B2");
    expect(ss.getSelection().getActiveRange()?.getA1Notation()).toBe("B2:C3");
    ss.setActiveRange(other.getRange("D4"));
    expect(ss.getSelection().getCurrentCell()?.getA1Notation()).toBe("D4");
    expect(app.getActiveSheet()?.getName()).toBe("Other");
  });
});

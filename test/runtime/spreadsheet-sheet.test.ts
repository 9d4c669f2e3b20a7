// Sheet fake: content bounds, row/column insertion and deletion, appendRow, names, hiding, freezing, filters.
import { describe, expect, it } from "vitest";
import {
  createTestSpreadsheet,
  setRowsHiddenByFilter,
  sheetNames,
  sheetValues,
} from "../../runtime/spreadsheet/index.ts";

function setup() {
  const t = createTestSpreadsheet();
  const ss = t.app.getActiveSpreadsheet();
  if (!ss) throw new Error("no spreadsheet");
  return { ...t, ss, sheet: ss.getActiveSheet() };
}

/** A 3×3 block 1..9 at A1. */
function fillBlock(sheet: ReturnType<typeof setup>["sheet"]) {
  sheet.getRange("A1:C3").setValues([
    [1, 2, 3],
    [4, 5, 6],
    [7, 8, 9],
  ]);
}

describe("content bounds", () => {
  it("getLastRow / getLastColumn are 0 on an empty sheet and ignore formats and notes", () => {
    const { sheet } = setup();
    expect([sheet.getLastRow(), sheet.getLastColumn()]).toEqual([0, 0]);
    sheet.getRange("J20").setBackground("red").setNote("note");
    expect([sheet.getLastRow(), sheet.getLastColumn()]).toEqual([0, 0]);
    expect(sheet.getDataRange().getA1Notation()).toBe("A1");
    sheet.getRange("B7").setValue("x");
    sheet.getRange("E3").setFormula("=1");
    expect([sheet.getLastRow(), sheet.getLastColumn()]).toEqual([7, 5]);
    expect(sheet.getDataRange().getA1Notation()).toBe("A1:E7");
    sheet.getRange("B7").clearContent();
    expect(sheet.getLastRow()).toBe(3);
  });

  it("starts with 1000 rows and 26 columns", () => {
    const { sheet } = setup();
    expect([sheet.getMaxRows(), sheet.getMaxColumns()]).toEqual([1000, 26]);
  });
});

describe("inserting and deleting rows and columns", () => {
  it("insertRowsBefore/After shift data down and grow the sheet", () => {
    const { sheet, store } = setup();
    fillBlock(sheet);
    sheet.insertRowsBefore(2, 2);
    expect(sheetValues(store, "doc-1", "Sheet1")).toEqual([
      [1, 2, 3],
      ["", "", ""],
      ["", "", ""],
      [4, 5, 6],
      [7, 8, 9],
    ]);
    sheet.insertRowAfter(5);
    sheet.getRange("A6").setValue("after");
    expect(sheet.getRange("A5:A6").getValues()).toEqual([[7], ["after"]]);
    expect(sheet.getMaxRows()).toBe(1003);
  });

  it("insertColumnsBefore shifts data right; deleteColumns shifts it back", () => {
    const { sheet, store } = setup();
    fillBlock(sheet);
    sheet.insertColumnsBefore(2, 1);
    expect(sheetValues(store, "doc-1", "Sheet1")[0]).toEqual([1, "", 2, 3]);
    expect(sheet.getMaxColumns()).toBe(27);
    sheet.deleteColumns(2, 1);
    expect(sheetValues(store, "doc-1", "Sheet1")[0]).toEqual([1, 2, 3]);
    sheet.deleteColumn(1);
    expect(sheetValues(store, "doc-1", "Sheet1")[0]).toEqual([2, 3]);
    expect(sheet.getMaxColumns()).toBe(25);
  });

  it("deleteRows shifts data up and refuses rows outside the sheet", () => {
    const { sheet, store } = setup();
    fillBlock(sheet);
    sheet.deleteRows(1, 2);
    expect(sheetValues(store, "doc-1", "Sheet1")).toEqual([[7, 8, 9]]);
    sheet.deleteRow(1);
    expect(sheet.getLastRow()).toBe(0);
    expect(sheet.getMaxRows()).toBe(997);
    expect(() => sheet.deleteRows(990, 10)).toThrow("Those rows are out of bounds.");
    expect(() => sheet.deleteColumns(26, 2)).toThrow("Those columns are out of bounds.");
    expect(() => sheet.insertRowsAfter(998, 1)).toThrow("Those rows are out of bounds.");
  });

  it("cannot delete every non-frozen row or column", () => {
    const { sheet } = setup();
    expect(() => sheet.deleteRows(1, 1000)).toThrow(
      "Sorry, it is not possible to delete all non-frozen rows.",
    );
    sheet.setFrozenColumns(1);
    expect(() => sheet.deleteColumns(2, 25)).toThrow(
      "Sorry, it is not possible to delete all non-frozen columns.",
    );
    sheet.deleteRows(2, 999);
    expect(sheet.getMaxRows()).toBe(1);
  });

  it("hidden rows, frozen rows and the filter move with insertions", () => {
    const { sheet } = setup();
    sheet.hideRows(5, 2);
    sheet.setFrozenRows(2);
    sheet.getRange("A3:C10").createFilter();
    sheet.insertRowsBefore(1, 3);
    expect([4, 5, 8, 9].map((r) => sheet.isRowHiddenByUser(r))).toEqual([false, false, true, true]);
    expect(sheet.getFrozenRows()).toBe(5);
    expect(sheet.getFilter()?.getRange().getA1Notation()).toBe("A6:C13");
    sheet.deleteRows(6, 8);
    expect(sheet.getFilter()).toBeNull();
  });
});

describe("appendRow", () => {
  it("writes after the last row with content", () => {
    const { sheet, store } = setup();
    sheet.getRange("B3").setValue("x");
    sheet.appendRow(["a", 1, true]);
    expect(sheetValues(store, "doc-1", "Sheet1")[3]).toEqual(["a", 1, true]);
    expect(sheet.getLastRow()).toBe(4);
    expect(() => sheet.appendRow("a" as never)).toThrow("don't match the method signature");
  });

  it("grows a full sheet by a row, and the row by columns", () => {
    const { sheet } = setup();
    sheet.deleteRows(3, 998);
    sheet.getRange("A2").setValue("last");
    sheet.appendRow(new Array(30).fill("w"));
    expect([sheet.getMaxRows(), sheet.getMaxColumns(), sheet.getLastRow()]).toEqual([3, 30, 3]);
  });
});

describe("names, ids and indexes", () => {
  it("refuses a taken name, ignoring case", () => {
    const { ss, sheet } = setup();
    const other = ss.insertSheet("Data");
    expect(() => other.setName("sheet1")).toThrow(
      'A sheet with the name "sheet1" already exists. Please enter another name.',
    );
    expect(() => ss.insertSheet("DATA")).toThrow(
      'A sheet with the name "DATA" already exists. Please enter another name.',
    );
    sheet.setName("Main");
    expect(sheet.getName()).toBe("Main");
    other.setName("data");
    expect([sheet.getIndex(), other.getIndex()]).toEqual([1, 2]);
    expect(sheet.getSheetId()).toBe(0);
    expect(other.getSheetId()).not.toBe(0);
    expect(ss.getSheetById(other.getSheetId())?.getName()).toBe("data");
    expect(sheet.getParent().getId()).toBe("doc-1");
  });
});

describe("hiding", () => {
  it("hides and shows sheets, but never the last visible one", () => {
    const { ss, sheet } = setup();
    expect(() => sheet.hideSheet()).toThrow("You can't hide all the sheets in a document.");
    const other = ss.insertSheet();
    sheet.hideSheet();
    expect(sheet.isSheetHidden()).toBe(true);
    expect(() => other.hideSheet()).toThrow("You can't hide all the sheets in a document.");
    sheet.showSheet();
    expect(sheet.isSheetHidden()).toBe(false);
  });

  it("hides rows and columns by user", () => {
    const { sheet } = setup();
    sheet.hideRows(3);
    sheet.hideColumns(2, 2);
    expect([sheet.isRowHiddenByUser(3), sheet.isRowHiddenByUser(4)]).toEqual([true, false]);
    expect(sheet.isColumnHiddenByUser(3)).toBe(true);
    sheet.showRows(1, 5);
    expect(sheet.isRowHiddenByUser(3)).toBe(false);
    expect(() => sheet.hideRows(1000, 2)).toThrow("Those rows are out of bounds.");
  });
});

describe("frozen panes, widths, filters, clearing", () => {
  it("keeps frozen rows and columns", () => {
    const { sheet } = setup();
    sheet.setFrozenRows(1);
    sheet.setFrozenColumns(2);
    expect([sheet.getFrozenRows(), sheet.getFrozenColumns()]).toEqual([1, 2]);
    expect(() => sheet.setFrozenRows(1000)).toThrow(
      "Sorry, it is not possible to freeze all rows.",
    );
  });

  it("records column widths; autoResize is a counted no-op", () => {
    const { sheet, kernel } = setup();
    expect(sheet.setColumnWidth(2, 250).getColumnWidth(2)).toBe(250);
    expect(sheet.getColumnWidth(3)).toBe(100);
    sheet.autoResizeColumns(1, 5);
    expect(kernel.counts()["Sheet.autoResizeColumns"]).toBe(1);
  });

  it("one filter per sheet; rows hidden by it are reported", () => {
    const { sheet, store } = setup();
    const filter = sheet.getRange("A1:C20").createFilter();
    expect(sheet.getFilter()?.getRange().getA1Notation()).toBe("A1:C20");
    expect(() => sheet.getRange("E1:F2").createFilter()).toThrow(
      "You can't create a filter in a sheet that already has a filter.",
    );
    setRowsHiddenByFilter(store, "doc-1", "Sheet1", [4]);
    expect([sheet.isRowHiddenByFilter(4), sheet.isRowHiddenByFilter(5)]).toEqual([true, false]);
    expect(filter.getColumnFilterCriteria(1)).toBeNull();
    filter.remove();
    expect(sheet.getFilter()).toBeNull();
    expect(sheet.isRowHiddenByFilter(4)).toBe(false);
  });

  it("clear and clearContents empty the whole sheet", () => {
    const { sheet, ss, store } = setup();
    fillBlock(sheet);
    sheet.getRange("A1").setBackground("red");
    sheet.clearContents();
    expect(sheet.getLastRow()).toBe(0);
    expect(sheet.getRange("A1").getBackground()).toBe("#ff0000");
    sheet.clear();
    expect(sheet.getRange("A1").getBackground()).toBe("#ffffff");
    expect(sheetNames(store, ss.getId())).toEqual(["Sheet1"]);
  });
});

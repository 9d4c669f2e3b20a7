// Spreadsheet and SpreadsheetApp fakes: documents, sheets, the cell cap, toasts, developer metadata, call counting.
import { describe, expect, it } from "vitest";
import {
  addDocument,
  CELLS_ERROR,
  COLUMNS_ERROR,
  createSpreadsheetApp,
  createSpreadsheetStore,
  createTestKernel,
  createTestSpreadsheet,
  MAX_COLUMNS,
  METADATA_ERROR,
  seedValues,
  setSelection,
  sheetNames,
  toasts,
} from "../../runtime/spreadsheet/index.ts";

function setup(opts: Parameters<typeof createTestSpreadsheet>[0] = {}) {
  const t = createTestSpreadsheet(opts);
  const ss = t.app.getActiveSpreadsheet();
  if (!ss) throw new Error("no spreadsheet");
  return { ...t, ss, sheet: ss.getActiveSheet() };
}

describe("SpreadsheetApp", () => {
  it("finds the execution's document, or null without one", () => {
    const store = createSpreadsheetStore();
    addDocument(store, {
      id: "abc",
      name: "Budget",
      owner: "o@example.com",
      timeZone: "Asia/Tokyo",
    });
    const kernel = createTestKernel({ documentId: "abc" });
    const app = createSpreadsheetApp(store, kernel, () => "the ui");
    const ss = app.getActiveSpreadsheet();
    expect(ss?.getId()).toBe("abc");
    expect(app.getActive()?.getName()).toBe("Budget");
    expect(ss?.getUrl()).toBe("https://docs.google.com/spreadsheets/d/abc/edit");
    expect(ss?.getSpreadsheetTimeZone()).toBe("Asia/Tokyo");
    expect(ss?.getOwner().getEmail()).toBe("o@example.com");
    expect(app.getUi()).toBe("the ui");
    app.flush();
    expect(kernel.counts()).toMatchObject({ "SpreadsheetApp.getUi": 1, "SpreadsheetApp.flush": 1 });
    expect(kernel.log.find((c) => c.method === "getUi")?.needs).toEqual({});
    kernel.execution.documentId = null;
    expect(app.getActiveSpreadsheet()).toBeNull();
    expect(app.getActiveSheet()).toBeNull();
    kernel.execution.documentId = "unknown";
    expect(app.getActiveSpreadsheet()).toBeNull();
  });

  it("offers the developer-metadata visibility enum", () => {
    const { app } = setup();
    expect(app.DeveloperMetadataVisibility.PROJECT).toBe("PROJECT");
  });
});

describe("sheets of a spreadsheet", () => {
  it("inserts named and default sheets at an index and makes them active", () => {
    const { ss, store } = setup();
    ss.insertSheet("Data");
    ss.insertSheet("First", 0);
    ss.insertSheet();
    ss.insertSheet(1);
    expect(sheetNames(store, ss.getId())).toEqual(["First", "Sheet5", "Sheet1", "Data", "Sheet4"]);
    expect(ss.getActiveSheet().getName()).toBe("Sheet5");
    expect(ss.getSheetByName("data")?.getName()).toBe("Data");
    expect(ss.getSheetByName("missing")).toBeNull();
    expect(ss.getSheets().map((s) => s.getIndex())).toEqual([1, 2, 3, 4, 5]);
    expect(ss.getNumSheets()).toBe(5);
  });

  it("deletes sheets but never the last one, nor the last visible one", () => {
    const { ss, sheet } = setup();
    expect(() => ss.deleteSheet(sheet)).toThrow("You can't remove all the sheets in a document.");
    const other = ss.insertSheet("Other");
    other.hideSheet();
    expect(() => ss.deleteSheet(sheet)).toThrow(
      "You can't remove all the visible sheets in a document.",
    );
    other.showSheet();
    ss.setActiveSheet(sheet);
    ss.deleteSheet(sheet);
    expect(ss.getSheets().map((s) => s.getName())).toEqual(["Other"]);
    expect(ss.getActiveSheet().getName()).toBe("Other");
  });
});

describe("the 10,000,000-cell cap", () => {
  it("refuses growth past the cap, and allows it up to the cap", () => {
    const { ss, sheet } = setup();
    // Sheet1 has 26,000 cells: 383,615 more rows of 26 columns reach 9,999,990.
    sheet.insertRowsAfter(1000, 383_615);
    expect(sheet.getMaxRows()).toBe(384_615);
    expect(() => sheet.insertRowsAfter(1, 1)).toThrow(CELLS_ERROR);
    expect(() => sheet.insertColumnsAfter(1, 1)).toThrow(CELLS_ERROR);
    expect(() => ss.insertSheet("More")).toThrow(
      "This action would increase the number of cells in the workbook above the limit of 10000000 cells.",
    );
    expect(sheet.getMaxRows()).toBe(384_615);
    sheet.deleteRows(2, 1000);
    expect(ss.insertSheet("More").getMaxRows()).toBe(1000);
  });

  it("refuses a sheet wider than 18,278 columns (ZZZ), by insert or appendRow", () => {
    const { sheet } = setup();
    sheet.deleteRows(2, 999); // one row, so the width and not the cell cap is what binds
    sheet.insertColumnsAfter(26, MAX_COLUMNS - 26);
    expect(sheet.getMaxColumns()).toBe(18_278);
    expect(() => sheet.insertColumnsAfter(1, 1)).toThrow(COLUMNS_ERROR);
    expect(() => sheet.insertColumnsBefore(1, 1)).toThrow(COLUMNS_ERROR);
    expect(sheet.getMaxColumns()).toBe(18_278);
    sheet.deleteColumns(1, 1);
    expect(() => sheet.appendRow(Array(18_279).fill("x"))).toThrow(COLUMNS_ERROR);
    sheet.appendRow(Array(18_278).fill("x"));
    expect(sheet.getMaxColumns()).toBe(18_278);
  });

  it("counts appendRow growth against the cap", () => {
    const { sheet } = setup();
    sheet.insertRowsAfter(1000, 383_615);
    sheet.getRange(384_615, 1).setValue("last");
    expect(() => sheet.appendRow(["one more"])).toThrow(CELLS_ERROR);
  });
});

describe("toasts", () => {
  it("records toasts on the document and needs UI", () => {
    const { ss, store, kernel } = setup();
    ss.toast("Done", "PostHog", 3);
    ss.toast("Bare");
    expect(toasts(store, "doc-1")).toEqual([
      { message: "Done", title: "PostHog", timeoutSeconds: 3 },
      { message: "Bare", title: "", timeoutSeconds: 5 },
    ]);
    expect(kernel.log.filter((c) => c.method === "toast").map((c) => c.needs)).toEqual([
      { ui: true },
      { ui: true },
    ]);
    kernel.noUi = true;
    expect(() => ss.toast("x")).toThrow("You do not have permission to call toast");
  });
});

describe("developer metadata", () => {
  it("adds, reads, changes and removes entries per spreadsheet and per sheet", () => {
    const { ss, sheet } = setup();
    ss.addDeveloperMetadata("posthog.project", "42").addDeveloperMetadata("flag");
    sheet.addDeveloperMetadata("posthog.pull", '{"q":1}', "PROJECT");
    const docMeta = ss.getDeveloperMetadata();
    expect(docMeta.map((m) => [m.getKey(), m.getValue(), m.getVisibility()])).toEqual([
      ["posthog.project", "42", "DOCUMENT"],
      ["flag", null, "DOCUMENT"],
    ]);
    const [sheetMeta] = sheet.getDeveloperMetadata();
    expect(sheetMeta?.getValue()).toBe('{"q":1}');
    expect(sheetMeta?.getVisibility()).toBe("PROJECT");
    expect(sheetMeta?.getLocation().getLocationType()).toBe("SHEET");
    const ids = [...docMeta, ...sheet.getDeveloperMetadata()].map((m) => m.getId());
    expect(new Set(ids).size).toBe(3);
    docMeta[0]?.setValue("43");
    expect(ss.getDeveloperMetadata()[0]?.getValue()).toBe("43");
    docMeta[1]?.remove();
    expect(ss.getDeveloperMetadata().map((m) => m.getKey())).toEqual(["posthog.project"]);
  });

  it("caps each sheet at 30,000 characters of keys and values together", () => {
    const { sheet } = setup();
    sheet.addDeveloperMetadata("a", "v".repeat(14_999));
    sheet.addDeveloperMetadata("b", "v".repeat(14_999));
    expect(() => sheet.addDeveloperMetadata("c")).toThrow(METADATA_ERROR);
    expect(() => sheet.addDeveloperMetadata("big", "v".repeat(30_000))).toThrow(METADATA_ERROR);
    const [first] = sheet.getDeveloperMetadata();
    expect(() => first?.setValue("v".repeat(15_000))).toThrow(METADATA_ERROR);
    expect(() => first?.setKey("ab")).toThrow(METADATA_ERROR);
    first?.setValue("short");
    expect(sheet.getDeveloperMetadata().map((m) => m.getKey())).toEqual(["a", "b"]);
    expect(first?.getValue()).toBe("short");
  });

  it("caps the spreadsheet at 30,000 characters, its sheets' entries counted too (the strict reading)", () => {
    const { ss, sheet } = setup();
    ss.addDeveloperMetadata("doc", "v".repeat(20_000));
    sheet.addDeveloperMetadata("s1", "v".repeat(9_000));
    expect(() => ss.insertSheet("Two").addDeveloperMetadata("s2", "v".repeat(994))).toThrow(
      METADATA_ERROR,
    );
    ss.getSheetByName("Two")?.addDeveloperMetadata("s2", "v".repeat(993));
    expect(() => ss.addDeveloperMetadata("x")).toThrow(METADATA_ERROR);
    // Removing an entry frees its characters.
    sheet.getDeveloperMetadata()[0]?.remove();
    ss.addDeveloperMetadata("x", "v".repeat(9_000));
  });

  it("counts only each location's own entries when the store says so (the kinder reading)", () => {
    const { ss, sheet, store } = setup();
    store.metadataScope = "location";
    ss.addDeveloperMetadata("doc", "v".repeat(29_997));
    sheet.addDeveloperMetadata("s1", "v".repeat(29_998));
    expect(() => ss.addDeveloperMetadata("x")).toThrow(METADATA_ERROR);
  });

  it("disappears with its sheet", () => {
    const { ss } = setup();
    const other = ss.insertSheet("Other").addDeveloperMetadata("k", "v");
    ss.deleteSheet(other);
    expect(ss.getDeveloperMetadata()).toEqual([]);
    expect(ss.getSheets().flatMap((s) => s.getDeveloperMetadata())).toEqual([]);
  });
});

describe("Node-side accessors", () => {
  it("seedValues writes without counting; setSelection moves the active range", () => {
    const { store, kernel, ss } = setup();
    kernel.reset();
    seedValues(store, "doc-1", "Sheet1", "B2", [["007", "=X()"]]);
    setSelection(store, "doc-1", "Sheet1", "C2");
    expect(kernel.counts()).toEqual({});
    expect(ss.getActiveRange()?.getValues()).toEqual([["#NAME?"]]);
    expect(ss.getRange("B2").getValue()).toBe(7);
  });
});

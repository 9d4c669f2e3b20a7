// Every public method of the fakes counts itself with the kernel first, with the right needs; nothing internal shows.
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { Membrane } from "../../runtime/membrane.ts";
import { createTestSpreadsheet, sheetValues } from "../../runtime/spreadsheet/index.ts";

function setup(authMode?: "CUSTOM_FUNCTION") {
  const t = createTestSpreadsheet(authMode ? { authMode } : {});
  const ss = t.app.getActiveSpreadsheet();
  if (!ss) throw new Error("no spreadsheet");
  return { ...t, ss, sheet: ss.getActiveSheet() };
}

/** Public method names along the prototype chain. */
function methodsOf(object: object): string[] {
  const names = new Set<string>();
  for (
    let p = Object.getPrototypeOf(object);
    p && p !== Object.prototype;
    p = Object.getPrototypeOf(p)
  ) {
    for (const name of Object.getOwnPropertyNames(p)) {
      if (name !== "constructor" && typeof (p as Record<string, unknown>)[name] === "function")
        names.add(name);
    }
  }
  return [...names].sort();
}

/** All fake objects, with the Apps Script class each counts under. */
function everyObject() {
  const t = setup();
  const range = t.sheet.getRange("A1:B2");
  t.ss.addDeveloperMetadata("k", "v");
  const objects: Array<[string, object]> = [
    ["SpreadsheetApp", t.app],
    ["Spreadsheet", t.ss],
    ["Sheet", t.sheet],
    ["Range", range],
    ["Filter", range.createFilter()],
    ["DeveloperMetadata", t.ss.getDeveloperMetadata()[0] as object],
    ["Selection", t.ss.getSelection()],
    ["User", t.ss.getOwner()],
    ["DataValidationBuilder", t.app.newDataValidation()],
    ["DataValidation", t.app.newDataValidation().requireCheckbox().build()],
  ];
  return { ...t, objects };
}

const WRITES =
  /^(set|insert|delete|clear|append|hide|show|add|remove|rename|activate|create|autoResize)/;
const NO_NEEDS = new Set(["SpreadsheetApp.getUi", "SpreadsheetApp.flush", "User.getEmail"]);

describe("call counting", () => {
  it("every public method calls kernel.call(Service, method) before anything else", () => {
    const { kernel, objects } = everyObject();
    const sentinel = new Error("counted first");
    const original = kernel.call;
    kernel.call = (service, method, needs) => {
      original(service, method, needs);
      throw sentinel;
    };
    let checked = 0;
    for (const [service, object] of objects) {
      for (const name of methodsOf(object)) {
        const before = kernel.log.length;
        expect(
          () => (object as Record<string, () => unknown>)[name]?.(),
          `${service}.${name}`,
        ).toThrow(sentinel);
        const call = kernel.log[before];
        expect(kernel.log.length, `${service}.${name} calls once`).toBe(before + 1);
        expect(`${call?.service}.${call?.method}`).toBe(`${service}.${name}`);
        const key = `${service}.${name}`;
        const expected =
          NO_NEEDS.has(key) || service.startsWith("DataValidation")
            ? {}
            : name === "toast"
              ? { ui: true }
              : { document: WRITES.test(name) ? "write" : "read" };
        expect(call?.needs, key).toEqual(expected);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(120);
  });

  it("counts each call by Service.method", () => {
    const { sheet, kernel } = setup();
    kernel.reset();
    const range = sheet.getRange("A1:B1");
    range.setValues([[1, 2]]);
    range.getValues();
    range.getValues();
    expect(kernel.counts()).toEqual({
      "Sheet.getRange": 1,
      "Range.setValues": 1,
      "Range.getValues": 2,
    });
  });

  it("in CUSTOM_FUNCTION mode reads work and the kernel's refusal of writes leaves the sheet unchanged", () => {
    const { sheet, store, kernel } = setup("CUSTOM_FUNCTION");
    kernel.readOnly = false;
    sheet.getRange("A1").setValue("seed");
    kernel.readOnly = true;
    expect(sheet.getRange("A1").getValues()).toEqual([["seed"]]);
    expect(() => sheet.getRange("A1").setValues([["x"]])).toThrow(
      "You do not have permission to call setValues",
    );
    expect(() => sheet.appendRow(["x"])).toThrow("You do not have permission to call appendRow");
    expect(() => sheet.insertRowsAfter(1, 1)).toThrow("You do not have permission");
    expect(sheetValues(store, "doc-1", "Sheet1")).toEqual([["seed"]]);
    expect(sheet.getMaxRows()).toBe(1000);
  });
});

describe("object shape", () => {
  it("shows no own properties on Spreadsheet, Sheet, Range, Filter, DeveloperMetadata", () => {
    const { objects } = everyObject();
    for (const [service, object] of objects) {
      if (service === "SpreadsheetApp") continue;
      expect(Object.getOwnPropertyNames(object), service).toEqual([]);
    }
    const app = objects[0]?.[1] as object;
    expect(Object.keys(app).sort()).toEqual([
      "DataValidationCriteria",
      "DeveloperMetadataLocationType",
      "DeveloperMetadataVisibility",
    ]);
  });
});

describe("inside a vm context through the runtime's Membrane", () => {
  it("works through proxies: private state, Dates, arrays and exceptions of the context's realm", () => {
    const { app, store } = setup();
    const context = vm.createContext({});
    const intrinsics = vm.runInContext("({ Object, Array, Date, Error })", context);
    const membrane = new Membrane(intrinsics);
    (context as Record<string, unknown>).SpreadsheetApp = membrane.toContext(app);
    const result = vm.runInContext(
      `(() => {
        const ss = SpreadsheetApp.getActiveSpreadsheet();
        const sheet = ss.insertSheet("Pulled");
        sheet.getRange("A1:C1").setValues([[new Date(0), "=X()", "'007"]]);
        ss.setActiveSheet(sheet);
        const values = sheet.getRange("A1:C1").getValues();
        let error;
        try { sheet.getRange(0, 1); } catch (e) { error = e; }
        return [values instanceof Array, values[0][0] instanceof Date, values[0][1], values[0][2],
          error instanceof Error, String(error), ss.getActiveSheet().getName()];
      })()`,
      context,
    );
    expect(Array.from(result as unknown[])).toEqual([
      true,
      true,
      "#NAME?",
      "007",
      true,
      "Exception: The starting row of the range is too small.",
      "Pulled",
    ]);
    expect(sheetValues(store, "doc-1", "Pulled")[0]?.[0]).toEqual(new Date(0));
  });
});

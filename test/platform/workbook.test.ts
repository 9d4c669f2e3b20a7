// The Workbook contract, against the SpreadsheetApp adapter (in the Apps Script runtime) and the in-memory fake.
import { afterAll, describe, expect, it } from "vitest";
import { createAppsScriptRuntime } from "../../runtime/index.ts";
import { activeWorkbook } from "../../src/platform/workbook.gas.ts";
import type { Workbook } from "../../src/sheets/workbook.ts";
import { memoryWorkbook } from "../fakes/memory-workbook.ts";

const runtime = createAppsScriptRuntime({ distDir: "dist" });
runtime.addDocument({ id: "doc-wb", owner: "owner@example.com" });
afterAll(() => runtime.close());

/** The adapter reads the global SpreadsheetApp, as on Apps Script: the runtime's, for the length of one call. */
function adapterWorkbook(): Workbook {
  const services = runtime.services() as unknown as { SpreadsheetApp: unknown };
  const g = globalThis as { SpreadsheetApp?: unknown };
  g.SpreadsheetApp = services.SpreadsheetApp;
  return activeWorkbook();
}

function describeWorkbookContract(name: string, make: () => Workbook): void {
  describe(`Workbook contract: ${name}`, () => {
    it("inserts sheets by name, finds them by id and name, and refuses a taken name", () => {
      const wb = make();
      const a = wb.insert("Contract A");
      expect(wb.sheetByName("Contract A")?.id).toBe(a.id);
      expect(wb.sheetById(a.id)?.name()).toBe("Contract A");
      expect(() => wb.insert("Contract A")).toThrow();
      a.rename("Contract A2");
      expect(wb.sheetById(a.id)?.name()).toBe("Contract A2");
      wb.remove(a);
      expect(wb.sheetById(a.id)).toBeNull();
    });

    it("keeps literal text literal, types numbers and booleans, and grows to fit", () => {
      const wb = make();
      const s = wb.insert("Contract B");
      s.write(1, [["key", "n"]]);
      s.write(2, [
        ["'00123", 5],
        ["'=1+1", true],
        ["'TRUE", "x"],
      ]);
      expect(s.read().values).toEqual([
        ["key", "n"],
        ["00123", 5],
        ["=1+1", true],
        ["TRUE", "x"],
      ]);
      expect(
        s
          .read()
          .formulas.flat()
          .every((f) => f === ""),
      ).toBe(true);
      expect(s.lastRow()).toBe(4);
      expect(s.lastColumn()).toBe(2);
      s.writeAt(1, 30, [["far"]]);
      expect(s.lastColumn()).toBe(30);
      expect(s.gridSize().columns).toBeGreaterThanOrEqual(30);
      wb.remove(s);
    });

    it("deletes and inserts rows and columns, moving what follows", () => {
      const wb = make();
      const s = wb.insert("Contract C");
      s.write(1, [
        ["a", "b", "c"],
        ["1", "2", "3"],
        ["4", "5", "6"],
      ]);
      s.deleteRows(2, 1);
      expect(s.readRows(1, 2, 3)).toEqual([
        ["a", "b", "c"],
        [4, 5, 6],
      ]);
      s.deleteColumns(2, 1);
      s.insertColumns(1, 1);
      expect(s.readRows(1, 2, 3)).toEqual([
        ["a", "", "c"],
        [4, "", 6],
      ]);
      s.replaceAll([["only"]]);
      expect(s.read().values).toEqual([["only"]]);
      wb.remove(s);
    });

    it("keeps metadata, notes and backgrounds", () => {
      const wb = make();
      const s = wb.insert("Contract D");
      expect(s.getMeta("k")).toBeNull();
      s.setMeta("k", "v1");
      s.setMeta("k", "v2");
      expect(s.getMeta("k")).toBe("v2");
      s.write(1, [["a", "b"]]);
      s.writeMarks([["note", ""]], [["#ffff00", null]]);
      const marks = s.readMarks();
      expect(marks.notes).toEqual([["note", ""]]);
      expect(marks.backgrounds[0]?.[0]).toBe("#ffff00");
      expect(marks.backgrounds[0]?.[1]).toBe("#ffffff");
      wb.remove(s);
    });
  });
}

describeWorkbookContract("SpreadsheetApp adapter", adapterWorkbook);
describeWorkbookContract("in-memory fake", () => memoryWorkbook({ Sheet1: [] }));

describe("in-memory Workbook counters", () => {
  it("counts each service call by name", () => {
    const wb = memoryWorkbook({ People: [["email"], ["a@example.com"]] });
    wb.sheet("People").read();
    wb.sheet("People").write(3, [["b@example.com"]]);
    expect(wb.calls.get("sheet.read")).toBe(1);
    expect(wb.calls.get("sheet.write")).toBe(1);
    expect(wb.totalCalls()).toBe(2);
  });
});

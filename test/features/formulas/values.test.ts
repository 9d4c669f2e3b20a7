// What a custom function hands Sheets: typed cells, JSON for objects, dates for full instants, text cut to a cell.
import { describe, expect, it } from "vitest";
import { formulaCell, MAX_CELL_CHARS } from "../../../src/features/formulas/values.ts";

describe("formulaCell", () => {
  it("keeps numbers and booleans typed, objects as JSON, long text cut", () => {
    expect(formulaCell(3.5)).toBe(3.5);
    expect(formulaCell(false)).toBe(false);
    expect(formulaCell(null)).toBe("");
    expect(formulaCell({ a: [1] })).toBe('{"a":[1]}');
    expect(formulaCell("=SUM(A1)")).toBe("=SUM(A1)");
    expect(formulaCell("2024-05-01T10:00:00Z")).toEqual(new Date("2024-05-01T10:00:00Z"));
    expect(formulaCell("2024-05-01")).toBe("2024-05-01");
    expect(String(formulaCell("z".repeat(60_000))).length).toBe(MAX_CELL_CHARS);
  });
});

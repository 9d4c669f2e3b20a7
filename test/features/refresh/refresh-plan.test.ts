// The refresh plan deletes whole rows and columns, inserts new columns, and writes only the add-on's cells.
import { describe, expect, it } from "vitest";
import { planRefresh } from "../../../src/features/refresh/refresh-plan.ts";
import {
  AUTOMATIC_FORMAT,
  DATE_TIME_FORMAT,
  formatFor,
  planWrite,
  TEXT_FORMAT,
} from "../../../src/sheets/cells.ts";
import type { Table } from "../../../src/sheets/table.ts";

const table = (header: string[], rows: Array<[string, ...unknown[]]>): Table => ({
  header,
  rows: rows.map((r) => r.map((v) => (typeof v === "string" ? `'${v}` : (v as number)))),
  keys: rows.map((r) => r[0]),
  truncatedKeys: [],
});

describe("planRefresh", () => {
  const current = {
    values: [
      ["group_key", "mine", "plan", "old_prop"],
      ["a", "note a", "free", "x"],
      ["b", "", "pro", ""],
      ["", "total", "", ""],
      ["c", "note c", "free", "y"],
    ],
    formulas: [
      ["", "", "", ""],
      ["", "", "", ""],
      ["", "=A3", "", ""],
      ["", "", "", ""],
      ["", "", "", ""],
    ],
  };

  it("deletes rows of keys that left and columns of properties that left, and never writes the person's column", () => {
    const fresh = table(
      ["group_key", "plan", "seats"],
      [
        ["c", "pro", 3],
        ["a", "free", 1],
        ["d", "team", 5],
      ],
    );
    const plan = planRefresh(current, ["group_key", "plan", "old_prop"], fresh);
    expect(plan.deleteRows).toEqual([3]);
    expect(plan.deleteColumns).toEqual([4]);
    expect(plan.insert).toEqual({ after: 3, count: 1 });
    // Column 2 ("mine") is never written: two blocks, around it. Rows: a, the keyless row of the person, c, then d.
    expect(plan.writes).toEqual([
      { row: 1, column: 1, values: [["'group_key"], ["'a"], [""], ["'c"], ["'d"]] },
      {
        row: 1,
        column: 3,
        values: [
          ["'plan", "'seats"],
          ["'free", 1],
          ["", ""],
          ["'pro", 3],
          ["'team", 5],
        ],
      },
    ]);
  });

  it("deletes a key's extra row and a keyless row holding add-on data", () => {
    const sheet = {
      values: [
        ["group_key", "plan"],
        ["a", "free"],
        ["a", "free"],
        ["", "typed"],
      ],
      formulas: [
        ["", ""],
        ["", ""],
        ["", ""],
        ["", ""],
      ],
    };
    const plan = planRefresh(
      sheet,
      ["group_key", "plan"],
      table(["group_key", "plan"], [["a", "free"]]),
    );
    expect(plan.deleteRows).toEqual([3, 4]);
    expect(plan.insert).toBeNull();
  });
});

describe("formats for exact values", () => {
  it("puts literal text in Plain text cells, and typed values out of Plain text and wrong-kind formats", () => {
    expect(formatFor("'acme", "0.00")).toBe(TEXT_FORMAT);
    expect(formatFor("", TEXT_FORMAT)).toBe(TEXT_FORMAT);
    expect(formatFor(12, TEXT_FORMAT)).toBe(AUTOMATIC_FORMAT);
    expect(formatFor(12, "$#,##0.00")).toBe("$#,##0.00");
    expect(formatFor(12, "yyyy-mm-dd")).toBe(AUTOMATIC_FORMAT);
    expect(formatFor(true, TEXT_FORMAT)).toBe(AUTOMATIC_FORMAT);
    expect(formatFor(new Date(0), TEXT_FORMAT)).toBe(DATE_TIME_FORMAT);
    expect(formatFor(new Date(0), '#,##0 "days"')).toBe(DATE_TIME_FORMAT);
    expect(formatFor(new Date(0), "d mmm yyyy")).toBe("d mmm yyyy");
    expect(formatFor(new Date(0), AUTOMATIC_FORMAT)).toBe(AUTOMATIC_FORMAT);
  });

  it("writes literal text without its apostrophe, and sets formats only when one must change", () => {
    expect(planWrite([["'a", 1]], [[TEXT_FORMAT, AUTOMATIC_FORMAT]])).toEqual({
      values: [["a", 1]],
      formats: null,
    });
    expect(planWrite([["'a", 1]], [[AUTOMATIC_FORMAT, TEXT_FORMAT]])).toEqual({
      values: [["a", 1]],
      formats: [[TEXT_FORMAT, AUTOMATIC_FORMAT]],
    });
  });
});

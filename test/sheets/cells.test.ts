// PostHog values become cells that Sheets keeps as they are: typed where safe, literal text otherwise.
import { describe, expect, it } from "vitest";
import { cellShows, MAX_CELL_CHARS, toCell } from "../../src/sheets/cells.ts";

describe("toCell", () => {
  it("keeps numbers and booleans typed, and writes nothing for null and empty", () => {
    expect(toCell(42.5)).toEqual({ cell: 42.5, truncated: false });
    expect(toCell(false)).toEqual({ cell: false, truncated: false });
    expect(toCell(null).cell).toBe("");
    expect(toCell(undefined).cell).toBe("");
    expect(toCell("").cell).toBe("");
  });

  it("writes every string as literal text, so formulas and number-like text stay text", () => {
    for (const text of [
      '=IMPORTXML("https://evil")',
      "+1",
      "-x",
      "@me",
      "00123",
      "TRUE",
      "3/4",
      "'quoted",
      "plain",
    ]) {
      expect(toCell(text).cell).toBe(`'${text}`);
    }
  });

  it("shows full ISO date-times as dates, and leaves date-only or offset-less text alone", () => {
    const cell = toCell("2024-03-05T10:20:30.123456Z").cell;
    expect(cell).toBeInstanceOf(Date);
    expect((cell as Date).toISOString()).toBe("2024-03-05T10:20:30.123Z");
    expect(toCell("2024-03-05").cell).toBe("'2024-03-05");
    expect(toCell("2024-03-05T10:20:30").cell).toBe("'2024-03-05T10:20:30");
  });

  it("writes objects and arrays as JSON text", () => {
    expect(toCell({ plan: "pro", seats: [1, 2] }).cell).toBe(`'{"plan":"pro","seats":[1,2]}`);
  });

  it("cuts text that does not fit a cell and says so", () => {
    const written = toCell("x".repeat(MAX_CELL_CHARS + 10));
    expect(written.truncated).toBe(true);
    expect((written.cell as string).length).toBe(MAX_CELL_CHARS);
  });
});

describe("cellShows", () => {
  it("recognises each value as Sheets gives it back", () => {
    expect(cellShows("=1+2", "=1+2")).toBe(true);
    expect(cellShows("00123", "00123")).toBe(true);
    expect(cellShows(123, "00123")).toBe(false);
    expect(cellShows(new Date("2024-03-05T10:20:30.123Z"), "2024-03-05T10:20:30.123456Z")).toBe(
      true,
    );
    expect(cellShows("", null)).toBe(true);
    expect(cellShows('{"a":1}', { a: 1 })).toBe(true);
    expect(cellShows(7, 8)).toBe(false);
  });
});

// What a playground cell shows for a number: its number format, or under Automatic a fraction rounded as Sheets shows it.
import { describe, expect, it } from "vitest";
import { shown } from "../../playground/host.ts";
import { DEFAULT_NUMBER_FORMAT } from "../../runtime/spreadsheet/cells.ts";

const TZ = "UTC";

describe("a number in a playground cell", () => {
  it("under Automatic, shows a fraction rounded instead of every digit of the double", () => {
    expect(shown(100 / 3, DEFAULT_NUMBER_FORMAT, TZ)).toBe("33.33333333");
    expect(shown(0.1 + 0.2, undefined, TZ)).toBe("0.3");
    expect(shown(Math.PI, DEFAULT_NUMBER_FORMAT, TZ)).toBe("3.141592654");
    expect(shown(1121203.59, DEFAULT_NUMBER_FORMAT, TZ)).toBe("1121203.59");
  });

  it("under Automatic, shows whole numbers in full", () => {
    expect(shown(1764633600000, DEFAULT_NUMBER_FORMAT, TZ)).toBe("1764633600000");
    expect(shown(-42, undefined, TZ)).toBe("-42");
  });

  it("applies an explicit number format, and Plain text shows the value as it is", () => {
    expect(shown(45000, "0.00", TZ)).toBe("45000.00");
    expect(shown(0.125, "0.00%", TZ)).toBe("12.50%");
    expect(shown(100 / 3, "@", TZ)).toBe(String(100 / 3));
  });

  it("shows text and booleans as they are", () => {
    expect(shown("33.333333333333336", DEFAULT_NUMBER_FORMAT, TZ)).toBe("33.333333333333336");
    expect(shown(true, undefined, TZ)).toBe("TRUE");
  });
});

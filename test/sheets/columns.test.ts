// The groups sheet's columns: fixed ones first, the type's defaults next, then A→Z; no header means two things.
import { describe, expect, it } from "vitest";
import { headerRow, layoutColumns } from "../../src/sheets/columns.ts";

describe("layoutColumns", () => {
  it("puts the type's default columns first, then the rest alphabetically, case-insensitively", () => {
    const columns = layoutColumns(
      ["zeta", "Alpha", "name", "beta", "plan"],
      ["properties.name", "plan", "missing"],
    );
    expect(columns.map((c) => c.property)).toEqual(["name", "plan", "Alpha", "beta", "zeta"]);
  });

  it("renames properties that clash with the fixed headers", () => {
    const columns = layoutColumns(["group_key", "created_at", "x"]);
    expect(headerRow(columns)).toEqual([
      "group_key",
      "created_at",
      "property:created_at",
      "property:group_key",
      "x",
    ]);
    expect(new Set(headerRow(columns)).size).toBe(5);
  });
});

// How =POSTHOG_GROUP's keys and properties lay out as the sheet would show them.
import { describe, expect, it } from "vitest";
import { groupLayout } from "../../../src/features/formulas/layout.ts";

describe("groupLayout", () => {
  it("lays out keys and properties as the sheet would show them", () => {
    expect(groupLayout("k", "p")).toMatchObject({ rows: 1, columns: 1, single: true });
    expect(groupLayout([["a"], ["b"]], "p")).toMatchObject({ rows: 2, columns: 1, single: false });
    const table = groupLayout([["a"], ["b"], ["c"]], [["p", "q"]]);
    expect([table.rows, table.columns]).toEqual([3, 2]);
    expect(table.at(2, 1)).toEqual({ key: "c", property: "q" });
    const across = groupLayout([["a", "b"]], [["p"], ["q"]]);
    expect([across.rows, across.columns]).toEqual([2, 2]);
    expect(across.at(1, 0)).toEqual({ key: "a", property: "q" });
    expect(groupLayout([[""], ["b"]], "p").at(0, 0)).toEqual({ key: null, property: "p" });
  });
});

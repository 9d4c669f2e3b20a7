// Account keys from the selection: a pulled groups sheet gives its key column and its group type, any range one column.
import { describe, expect, it } from "vitest";
import { readAccounts, selectedAccounts } from "../../../src/features/people/accounts.ts";
import { startPull } from "../../../src/features/pull/pull-job.ts";
import type { ActiveSelection } from "../../../src/sheets/selection.ts";
import { companies, pullWorld } from "../../fakes/pull-deps.ts";

/** The selection `columns` × `rows` (1-based, inclusive) of the pulled "Companies" sheet. */
function pulled(first: [row: number, column: number], last: [row: number, column: number]) {
  const world = pullWorld(companies(4));
  startPull(world.deps(), { entity: "groups", groupTypeIndex: 0 });
  world.workbook.activate("Companies");
  const all = world.workbook.sheet("Companies").values();
  const sel: ActiveSelection = {
    sheetName: "Companies",
    range: "(selection)",
    row: first[0],
    column: first[1],
    values: all.slice(first[0] - 1, last[0]).map((r) => r.slice(first[1] - 1, last[1])),
    headers: all[0] ?? [],
    readRow: (row) => all[row - 1] ?? [],
  };
  return { workbook: world.workbook, selection: () => sel };
}

describe("account keys in a pulled groups sheet", () => {
  it("takes the key column of whole selected rows, and the sheet's group type", () => {
    const deps = pulled([2, 1], [3, 4]);
    expect(readAccounts(deps)).toMatchObject({ keys: ["c0000", "c0001"], groupTypeIndex: 0 });
    expect(selectedAccounts(deps, {})).toMatchObject({ groupTypeIndex: 0 });
  });

  it("reads row 1 as the header, not as a key", () => {
    expect(readAccounts(pulled([1, 1], [3, 1]))?.keys).toEqual(["c0000", "c0001"]);
  });

  it("refuses several columns that leave the key column out", () => {
    expect(() => readAccounts(pulled([2, 2], [3, 3]))).toThrow(/one column of account keys/);
  });
});

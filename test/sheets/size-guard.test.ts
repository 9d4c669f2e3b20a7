// The sheet-size guard, pure: what a pull adds to a spreadsheet's cells and a sheet's width, and when it refuses.
import { describe, expect, it } from "vitest";
import { UserFacingError } from "../../src/shared/failures.ts";
import { checkPullSize, MAX_CELLS, spreadsheetCells } from "../../src/sheets/size-guard.ts";
import type { SheetHandle, Workbook } from "../../src/sheets/workbook.ts";

/** Only what the guard reads: each sheet's grid. */
function workbook(...grids: Array<[number, number]>): { book: Workbook; sheets: SheetHandle[] } {
  const sheets = grids.map(
    ([rows, columns]) => ({ gridSize: () => ({ rows, columns }) }) as unknown as SheetHandle,
  );
  return { book: { sheets: () => sheets } as unknown as Workbook, sheets };
}

const refusal = (run: () => void): UserFacingError => {
  try {
    run();
  } catch (error) {
    if (error instanceof UserFacingError) return error;
    throw error;
  }
  throw new Error("not refused");
};

describe("checkPullSize", () => {
  it("counts every sheet's grid, empty cells and hidden sheets included", () => {
    expect(spreadsheetCells(workbook([1000, 26], [10, 3]).book)).toBe(26_030);
  });

  it("counts a new sheet and its snapshot at 1,000 × 26 at least, and allows exactly 10,000,000", () => {
    // 2 new sheets of 1000 × 26 fit in 52,000 free cells, not in 51,999.
    const fits = workbook([MAX_CELLS - 52_000, 1]).book;
    const size = { rows: 10, columns: 5, snapshotRows: 11, snapshotWidth: 1 };
    expect(() => checkPullSize(fits, size, null, null)).not.toThrow();
    const full = workbook([MAX_CELLS - 51_999, 1]).book;
    expect(refusal(() => checkPullSize(full, size, null, null)).code).toBe("too_many_cells");
  });

  it("counts only the growth of sheets that exist", () => {
    // A refresh: the sheet (2,000 × 30) grows to 3,001 rows; the staging sheet (1,000 × 26) to 3,001 × 2.
    const { book, sheets } = workbook([2000, 30], [1000, 26], [MAX_CELLS - 86_000 - 60_000, 1]);
    const size = { rows: 3000, columns: 30, snapshotRows: 3001, snapshotWidth: 2 };
    // Growth: 1,001 × 30 = 30,030 and 2,001 × 26 = 52,026; 60,000 cells are free.
    expect(() => checkPullSize(book, size, sheets[0] ?? null, sheets[1] ?? null)).toThrow(
      UserFacingError,
    );
    const roomy = workbook([2000, 30], [1000, 26], [MAX_CELLS - 86_000 - 82_056, 1]);
    expect(() =>
      checkPullSize(roomy.book, size, roomy.sheets[0] ?? null, roomy.sheets[1] ?? null),
    ).not.toThrow();
  });

  it("refuses more than 18,278 columns, and points large projects to BigQuery", () => {
    const { book } = workbook([1000, 26]);
    const wide = { rows: 1, columns: 18_279, snapshotRows: 2, snapshotWidth: 1 };
    const error = refusal(() => checkPullSize(book, wide, null, null));
    expect(error.code).toBe("too_wide");
    expect(error.message).toContain("18,279 columns");
    expect(error.message).toContain("BigQuery");
    // A new sheet's 1,000 rows at that width would pass 10,000,000 cells; a 2-row sheet does not.
    expect(refusal(() => checkPullSize(book, { ...wide, columns: 18_278 }, null, null)).code).toBe(
      "too_many_cells",
    );
    const small = workbook([2, 26]);
    const target = small.sheets[0] ?? null;
    expect(() =>
      checkPullSize(small.book, { ...wide, columns: 18_278 }, target, null),
    ).not.toThrow();
  });
});

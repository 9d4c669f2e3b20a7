// The spreadsheet as the pull and push use cases see it: a port, so they stay pure and testable.
import type { CellValue } from "./cells";
import type { SheetContent } from "./table";

export interface SheetHandle {
  readonly id: number;
  name(): string;
  /** Values and formulas of the data range, header row first (empty for an empty sheet). */
  read(): SheetContent;
  /** Values of rows [first, first + count) and columns [1, width]: one service call. */
  readRows(first: number, count: number, width: number): CellValue[][];
  /**
   * Writes a block at (row, 1) with one setValues, growing the sheet as needed. Strings are typed input, where a
   * leading apostrophe marks literal text: such a cell is written without it, formatted as Plain text, so it reads
   * back exactly whatever format the person gave it (cells.ts planWrite).
   */
  write(row: number, values: CellValue[][]): void;
  /** Writes a block at (row, column) like `write`. */
  writeAt(row: number, column: number, values: CellValue[][]): void;
  /** Deletes whole rows [first, first + count): what is on them goes, everything below moves up. */
  deleteRows(first: number, count: number): void;
  /** Deletes whole columns [first, first + count). */
  deleteColumns(first: number, count: number): void;
  /** Inserts `count` empty columns after column `after` (0: before the first). */
  insertColumns(after: number, count: number): void;
  /** The last row with content (0 for an empty sheet). */
  lastRow(): number;
  /** The last column with content (0 for an empty sheet). */
  lastColumn(): number;
  /** The grid's size, empty cells included: what Google counts toward a spreadsheet's 10,000,000 cells. */
  gridSize(): { rows: number; columns: number };
  /** Notes and backgrounds of the data range (header row first), for marking cells. */
  readMarks(): { notes: string[][]; backgrounds: string[][] };
  /** Writes notes and backgrounds from A1 (one call each); a null background resets the cell's. */
  writeMarks(notes: string[][], backgrounds: Array<Array<string | null>>): void;
  /** Clears the sheet's contents and writes `values` from A1, the first row frozen as the header. */
  replaceAll(values: CellValue[][]): void;
  getMeta(key: string): string | null;
  setMeta(key: string, value: string): void;
  rename(name: string): void;
  /** Shows this sheet to the person. */
  activate(): void;
}

export interface Workbook {
  /** The spreadsheet's time zone (IANA name): the zone its date cells are in. */
  timeZone(): string;
  sheetById(id: number): SheetHandle | null;
  sheetByName(name: string): SheetHandle | null;
  /** The sheet the person is looking at. */
  active(): SheetHandle | null;
  sheets(): SheetHandle[];
  insert(name: string, options?: { hidden?: boolean }): SheetHandle;
  remove(sheet: SheetHandle): void;
}

/** A name no sheet has yet: `base`, else `base (2)`, `base (3)`… (Sheets names are at most 100 characters). */
export function freeSheetName(workbook: Workbook, base: string): string {
  const clean = base.replace(/[\r\n\t]/g, " ").slice(0, 90) || "PostHog";
  if (!workbook.sheetByName(clean)) return clean;
  for (let n = 2; ; n++) {
    const name = `${clean} (${n})`;
    if (!workbook.sheetByName(name)) return name;
  }
}

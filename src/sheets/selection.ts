// The person's selected cells as the manage forms read them: the port, implemented over SpreadsheetApp and in memory.
import type { CellValue } from "./cells";

/** The person's selection: its sheet, A1 range, values and the header row above it. */
export interface ActiveSelection {
  sheetName: string;
  range: string;
  /** 1-based first row and column of the selection. */
  row: number;
  column: number;
  values: CellValue[][];
  /** Row 1 of the sheet, from column 1 to the sheet's last column. */
  headers: CellValue[];
  /** One whole row of the sheet (columns 1 to the last), one getValues. */
  readRow: (row: number) => CellValue[];
}

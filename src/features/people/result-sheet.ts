// A plain result sheet: a header and rows written once, with a note on A1 saying what it is and that it is not refreshed.
import { type CellValue, toCell } from "../../sheets/cells";
import { checkPullSize } from "../../sheets/size-guard";
import { freeSheetName, type Workbook } from "../../sheets/workbook";

/**
 * Writes a new sheet named after `title` (a free name) and shows it. It carries no tag and no snapshot: refresh and
 * push leave it alone, and the note says to run the action again for newer data.
 */
export function writeResultSheet(
  workbook: Workbook,
  title: string,
  header: readonly string[],
  rows: readonly unknown[][],
  note: string,
): string {
  // The same size check a pull makes, with no hidden copy: such a sheet keeps none.
  checkPullSize(
    workbook,
    { rows: rows.length, columns: header.length, snapshotRows: 0, snapshotWidth: 0 },
    null,
    null,
  );
  const sheet = workbook.insert(freeSheetName(workbook, title));
  const values: CellValue[][] = [[...header], ...rows.map((row) => row.map((v) => toCell(v).cell))];
  sheet.replaceAll(values);
  sheet.writeMarks([[note]], [[null]]);
  sheet.activate();
  return sheet.name();
}

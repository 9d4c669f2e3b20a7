// Builds the cells of a pulled sheet from records (a refresh writes them with refresh-plan).
import { type CellValue, toCell } from "./cells";
import type { PropertyColumn } from "./columns";
import type { TableRecord } from "./records";

export interface Table {
  header: string[];
  rows: CellValue[][];
  /** Each row's key, as PostHog has it (the cell may show it differently). */
  keys: string[];
  /** Rows with a value cut to fit a cell: they must never be pushed back as they are. */
  truncatedKeys: string[];
}

/** The add-on's own cells: fixed columns, then one column per property. */
export function buildTable(
  records: readonly TableRecord[],
  fixedHeaders: readonly string[],
  columns: readonly PropertyColumn[],
): Table {
  const truncatedKeys: string[] = [];
  const rows = records.map((record) => {
    let truncated = false;
    const cell = (value: unknown): CellValue => {
      const written = toCell(value);
      truncated ||= written.truncated;
      return written.cell;
    };
    const row = [
      ...fixedHeaders.map((_, i) => cell(record.fixed[i])),
      ...columns.map((c) => cell(record.properties[c.property])),
    ];
    if (truncated) truncatedKeys.push(record.key);
    return row;
  });
  return {
    header: [...fixedHeaders, ...columns.map((c) => c.header)],
    rows,
    keys: records.map((r) => r.key),
    truncatedKeys,
  };
}

/** The sheet as it stands: values and formulas of its data range, header row first. */
export interface SheetContent {
  values: CellValue[][];
  formulas: string[][];
}

/** The key as text, whatever Sheets made of it (a key typed as 123 is the key "123"). */
export function keyText(cell: unknown): string {
  if (cell instanceof Date) return cell.toISOString();
  return cell === null || cell === undefined ? "" : String(cell);
}

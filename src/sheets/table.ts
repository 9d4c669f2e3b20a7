// Builds the cells of a pulled sheet from records, and merges a refresh into what the person has made of the sheet.
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

/**
 * A refresh written over the sheet as the person left it: their own columns (values and formulas) stay,
 * in their place and on the row of the same key; rows keep the person's order, new keys come last,
 * keys PostHog no longer has leave. Add-on columns that are new go right after the last add-on column.
 */
export function mergeRefresh(
  current: SheetContent,
  previousAddon: readonly string[],
  fresh: Table,
): CellValue[][] {
  const oldHeader = (current.values[0] ?? []).map((h) => String(h));
  const freshAt = new Map(fresh.header.map((name, i) => [name, i]));
  const previous = new Set(previousAddon);
  // Each column of the result: one of the fresh add-on columns, or one of the person's (by old position,
  // so columns without a header keep their data too).
  const columns: Array<{ name: string; fresh?: number; old?: number }> = [];
  let lastAddon = -1;
  oldHeader.forEach((name, old) => {
    const f = freshAt.get(name);
    if (f !== undefined) {
      if (columns.some((c) => c.fresh === f)) return;
      columns.push({ name, fresh: f });
      lastAddon = columns.length - 1;
    } else if (!previous.has(name)) {
      columns.push({ name, old });
    }
  });
  const missing = fresh.header
    .map((name, f) => ({ name, fresh: f }))
    .filter(({ fresh: f }) => !columns.some((c) => c.fresh === f));
  columns.splice(lastAddon + 1, 0, ...missing);

  const oldKeyAt = oldHeader.indexOf(fresh.header[0] ?? "");
  const freshByKey = new Map<string, CellValue[]>(
    fresh.rows.map((row, i) => [fresh.keys[i] ?? "", row]),
  );
  const oldRowsByKey = new Map<string, number>();
  current.values.slice(1).forEach((row, i) => {
    const key = oldKeyAt >= 0 ? keyText(row[oldKeyAt]) : "";
    if (key && !oldRowsByKey.has(key)) oldRowsByKey.set(key, i + 1);
  });
  const order = [...oldRowsByKey.keys()].filter((k) => freshByKey.has(k));
  for (const key of freshByKey.keys()) if (!oldRowsByKey.has(key)) order.push(key);

  const body = order.map((key) => {
    const freshRow = freshByKey.get(key) ?? [];
    const oldRow = oldRowsByKey.get(key);
    return columns.map((c): CellValue => {
      if (c.fresh !== undefined) return freshRow[c.fresh] ?? "";
      return c.old === undefined || oldRow === undefined ? "" : ownCell(current, oldRow, c.old);
    });
  });
  return [columns.map((c) => toCell(c.name).cell), ...body];
}

/** The person's own cell, written back as it was: a formula as its formula, text as literal text. */
function ownCell(current: SheetContent, row: number, column: number): CellValue {
  const formula = current.formulas[row]?.[column] ?? "";
  if (formula) return formula;
  const value = current.values[row]?.[column] ?? "";
  return typeof value === "string" && value !== "" ? `'${value}` : value;
}

/** The key as text, whatever Sheets made of it (a key typed as 123 is the key "123"). */
export function keyText(cell: unknown): string {
  if (cell instanceof Date) return cell.toISOString();
  return cell === null || cell === undefined ? "" : String(cell);
}

// What custom functions hand back to Sheets: typed cells (numbers stay numbers), objects as JSON text, tables as 2D arrays.

/** One cell of a custom function's result. Sheets shows returned strings as text, never as formulas. */
export type FormulaCell = string | number | boolean | Date;

/** A custom function returns one cell or a rectangle of them (which spills into the empty cells around). */
export type FormulaResult = FormulaCell | FormulaCell[][];

/** Sheets refuses more than this many characters in one cell. */
export const MAX_CELL_CHARS = 50_000;

/** A full ISO-8601 date-time with an explicit offset: an unambiguous instant, shown as a date like a pulled sheet does. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * The cell for one PostHog value: numbers and booleans stay typed, full ISO date-times become dates (as in
 * pulled sheets), null and absent are empty, objects and arrays become JSON text, and anything longer than
 * a cell holds is cut.
 */
export function formulaCell(value: unknown): FormulaCell {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (value instanceof Date) return value;
  if (typeof value === "string") {
    if (ISO_INSTANT.test(value)) {
      const time = Date.parse(value);
      if (!Number.isNaN(time)) return new Date(time);
    }
    return cut(value);
  }
  return cut(JSON.stringify(value) ?? "");
}

function cut(text: string): string {
  return text.length > MAX_CELL_CHARS ? text.slice(0, MAX_CELL_CHARS) : text;
}

/** A table: the header row, then one row per record; short rows are padded so the rectangle is whole. */
export function table(header: readonly string[], rows: readonly FormulaCell[][]): FormulaCell[][] {
  const width = Math.max(header.length, ...rows.map((r) => r.length));
  const pad = (row: readonly FormulaCell[]) =>
    row.length === width ? [...row] : [...row, ...Array<FormulaCell>(width - row.length).fill("")];
  return [pad(header), ...rows.map(pad)];
}

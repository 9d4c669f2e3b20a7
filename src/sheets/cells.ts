// Turns PostHog values into cells that Sheets keeps exactly as they are, and recognises them again.

/** What Range.setValues takes and Range.getValues gives back. */
export type CellValue = string | number | boolean | Date;

/** Sheets refuses more than this many characters in one cell. */
export const MAX_CELL_CHARS = 50_000;

/** A full ISO-8601 date-time with an explicit offset: an unambiguous instant, safe to show as a date. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

export interface WrittenCell {
  cell: CellValue;
  /** The value did not fit in a cell: what is shown is cut, and must never be pushed back. */
  truncated: boolean;
}

/**
 * The cell for one PostHog value. Numbers and booleans stay typed; full ISO date-times become dates;
 * objects and arrays become JSON text. Every string is written with a leading apostrophe, which Sheets
 * reads as "literal text": without it `=…`, `+…`, `-…` and `@…` would turn into formulas and `00123`,
 * `TRUE` or `3/4` into numbers, booleans or dates (apps-script.md §7).
 */
export function toCell(value: unknown): WrittenCell {
  if (value === null || value === undefined) return { cell: "", truncated: false };
  if (typeof value === "boolean") return { cell: value, truncated: false };
  if (typeof value === "number") {
    return Number.isFinite(value) ? { cell: value, truncated: false } : literal(String(value));
  }
  if (typeof value === "string") {
    if (value === "") return { cell: "", truncated: false };
    if (ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value))) {
      return { cell: new Date(Date.parse(value)), truncated: false };
    }
    return literal(value);
  }
  return literal(JSON.stringify(value));
}

function literal(text: string): WrittenCell {
  // One character goes to the apostrophe; Sheets stores the rest.
  const room = MAX_CELL_CHARS - 1;
  if (text.length <= room) return { cell: `'${text}`, truncated: false };
  return { cell: `'${text.slice(0, room)}`, truncated: true };
}

/** True when `cell` (as read back with getValues) still shows `original` exactly as it was pulled. */
export function cellShows(cell: CellValue | null | undefined, original: unknown): boolean {
  const written = toCell(original).cell;
  if (cell instanceof Date || written instanceof Date) {
    return cell instanceof Date && written instanceof Date && cell.getTime() === written.getTime();
  }
  const shown = typeof written === "string" && written.startsWith("'") ? written.slice(1) : written;
  return (cell ?? "") === shown;
}

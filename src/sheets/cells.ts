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
 * objects and arrays become JSON text. Every string is marked as literal text with a leading apostrophe
 * (Sheets' own mark): without it `=…`, `+…`, `-…` and `@…` would turn into formulas and `00123`, `TRUE`
 * or `3/4` into numbers, booleans or dates. The workbook writes such text into a Plain text cell without the
 * apostrophe (see planWrite), so it reads back exactly whatever format the person gave the cell.
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

/** Sheets' Plain text number format: what is written is kept exactly, never parsed. */
export const TEXT_FORMAT = "@";
/** What Apps Script reports for a cell nobody formatted ("Automatic"). */
export const AUTOMATIC_FORMAT = "0.###############";
/** The format a date goes back to when its cell was given a format that is not a date's. */
export const DATE_TIME_FORMAT = "yyyy-mm-dd hh:mm:ss";

/** A format that shows dates or times: y, m, d, h or s outside quoted text and [colour] tags. */
function isDateFormat(format: string): boolean {
  return /[ymdhs]/i.test(format.replace(/"[^"]*"|\[[^\]]*\]|\\./g, ""));
}

/**
 * The number format a cell needs so `cell` reads back exactly as written, whatever format the person gave it
 * (docs/apps-script.md "Plain-text cells"). Literal text (`'…`) goes into a Plain text cell, where Sheets keeps it
 * as given; a number, boolean or date must not sit in a Plain text cell (it would be stored as text), a number not
 * in a date format nor a date in a number format. Otherwise the person's format stays.
 */
export function formatFor(cell: CellValue, current: string): string {
  if (typeof cell === "string") {
    if (cell.startsWith("'")) return TEXT_FORMAT;
    // Only the add-on's own formulas (a metric's SPARKLINE) reach here unmarked: a Plain text cell would keep them as text.
    return cell.startsWith("=") && current === TEXT_FORMAT ? AUTOMATIC_FORMAT : current;
  }
  if (current === AUTOMATIC_FORMAT) return current;
  if (cell instanceof Date) return isDateFormat(current) ? current : DATE_TIME_FORMAT;
  return current === TEXT_FORMAT || isDateFormat(current) ? AUTOMATIC_FORMAT : current;
}

/**
 * How a block of cells is written over cells with `current` number formats: the values for setValues (literal text
 * without its apostrophe: the Plain text format keeps it literal) and the formats to set first (null when every
 * cell already has the one it needs).
 */
export function planWrite(
  block: readonly (readonly CellValue[])[],
  current: readonly (readonly string[])[],
): { values: CellValue[][]; formats: string[][] | null } {
  let changed = false;
  const formats = block.map((line, r) =>
    line.map((cell, c) => {
      const was = current[r]?.[c] ?? AUTOMATIC_FORMAT;
      const format = formatFor(cell, was);
      changed ||= format !== was;
      return format;
    }),
  );
  const values = block.map((line) =>
    line.map((cell) => (typeof cell === "string" && cell.startsWith("'") ? cell.slice(1) : cell)),
  );
  return { values, formats: changed ? formats : null };
}

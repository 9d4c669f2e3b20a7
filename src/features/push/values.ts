// Typing a cell back into a PostHog value: the column's kind (from what was pulled) decides numbers, booleans, JSON, dates.
import type { CellValue } from "../../sheets/cells";

/** What a column held when it was pulled. */
export type ColumnKind = "number" | "boolean" | "json" | "instant" | "day" | "string" | "unknown";

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** The kind of one pulled value (null and undefined say nothing). */
export function kindOf(value: unknown): ColumnKind {
  if (value === null || value === undefined) return "unknown";
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "object") return "json";
  if (typeof value === "string" && ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value)))
    return "instant";
  if (typeof value === "string" && ISO_DAY.test(value)) return "day";
  return "string";
}

/** A column's kind: the kind most of its pulled values share (strings win ties: they accept anything). */
export function columnKind(values: Iterable<unknown>): ColumnKind {
  const counts = new Map<ColumnKind, number>();
  for (const value of values) {
    const kind = kindOf(value);
    if (kind !== "unknown") counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  let best: ColumnKind = "unknown";
  let most = 0;
  for (const [kind, n] of counts) {
    if (n > most || (n === most && kind === "string")) {
      best = kind;
      most = n;
    }
  }
  return best;
}

export type Typed = { ok: true; value: unknown } | { ok: false; reason: string };

const ok = (value: unknown): Typed => ({ ok: true, value });
const refuse = (reason: string): Typed => ({ ok: false, reason });

/**
 * The PostHog value a non-empty cell stands for, given the kind of its column (the original value's
 * kind first, else the column's). A value that cannot be that kind is refused with a reason.
 */
export function typeCell(cell: CellValue, kind: ColumnKind, timeZone = "UTC"): Typed {
  switch (kind) {
    case "number": {
      if (typeof cell === "number") return ok(cell);
      const n = typeof cell === "string" && cell.trim() !== "" ? Number(cell) : Number.NaN;
      return Number.isFinite(n) ? ok(n) : refuse("this column holds numbers");
    }
    case "boolean": {
      if (typeof cell === "boolean") return ok(cell);
      const text = typeof cell === "string" ? cell.trim().toLowerCase() : "";
      if (text === "true" || text === "false") return ok(text === "true");
      return refuse("this column holds TRUE or FALSE");
    }
    case "json": {
      if (typeof cell !== "string") return refuse("this column holds JSON objects or lists");
      try {
        const value: unknown = JSON.parse(cell);
        if (value !== null && typeof value === "object") return ok(value);
      } catch {
        // falls through to the refusal
      }
      return refuse("this column holds JSON objects or lists; the text is not valid JSON");
    }
    case "instant":
      if (cell instanceof Date) return ok(cell.toISOString());
      if (typeof cell === "string" && ISO_INSTANT.test(cell) && !Number.isNaN(Date.parse(cell)))
        return ok(cell);
      return refuse("this column holds dates");
    default:
      return ok(plain(cell, kind, timeZone));
  }
}

/** Strings, unknown and day columns keep what the person typed, dates as ISO text. */
function plain(cell: CellValue, kind: ColumnKind, timeZone: string): unknown {
  if (!(cell instanceof Date)) return cell;
  return kind === "day" ? dayIn(cell, timeZone) : cell.toISOString();
}

/**
 * The calendar day a date cell shows: Sheets makes a typed date midnight in the spreadsheet's time zone,
 * which east of UTC is still the day before in UTC (toISOString would send the wrong day).
 */
export function dayIn(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(date);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/** Deep equality of JSON values (key order ignored). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined)
    return (a ?? null) === (b ?? null);
  if (typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every((k) =>
    sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

// Cell values: how Sheets parses typed input (setValue/setValues/appendRow), time zones and display strings.

import { dateMs, fail, isDate } from "./realm.ts";

/** What a cell can hold: empty cells hold "". */
export type CellValue = string | number | boolean | Date;

/** support.google.com/drive/answer/37603: "Up to 50,000 characters" in a cell. */
export const MAX_CELL_CHARS = 50_000;
export const CELL_CHARS_ERROR =
  "Your input contains more than the maximum of 50000 characters in a single cell.";

/** Plain-text number format: input is stored as typed. */
export const TEXT_FORMAT = "@";

/**
 * How a number, boolean or date written into a plain-text ("@") cell is stored. Google does not say; "text" (the
 * stricter case, the default) stores what the cell would show ("1500", "TRUE", "2024-01-02 03:04:05"), "typed" keeps
 * the value's type. See docs/apps-script.md "Plain-text cells".
 */
export type PlainTextRule = "text" | "typed";

/** The result of parsing one input: a value or a formula to evaluate. */
export type ParsedInput =
  | { kind: "empty" }
  | { kind: "value"; value: CellValue }
  | { kind: "formula"; formula: string };

export function checkCellLength(text: string): void {
  if (text.length > MAX_CELL_CHARS) fail(CELL_CHARS_ERROR);
}

const NUMBER = /^[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** A number-like string as Sheets' input parser reads it ("00123" → 123, "12%" → 0.12, "1,234" → 1234). */
export function parseNumber(text: string): number | null {
  const t = text.trim();
  if (!NUMBER.test(t)) return null;
  const percent = t.endsWith("%");
  const n = Number((percent ? t.slice(0, -1) : t).replace(/,/g, ""));
  if (!Number.isFinite(n)) return null; // (inferred) "1e400" stays text
  const v = percent ? n / 100 : n;
  return v === 0 ? 0 : v; // no negative zero in a cell
}

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** ISO dates ("2024-03-05", "2024-03-05 10:20:30", "…T10:20:30Z") → Date; wall times are in `timeZone`. */
export function parseDate(text: string, timeZone: string): Date | null {
  const t = text.trim();
  const d = DATE.exec(t);
  if (d) {
    const [y, m, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
    return validDay(y, m, day) ? new Date(zonedToUtc(y, m, day, 0, 0, 0, 0, timeZone)) : null;
  }
  const dt = DATE_TIME.exec(t);
  if (!dt) return null;
  const [y, m, day, h, mi] = [
    Number(dt[1]),
    Number(dt[2]),
    Number(dt[3]),
    Number(dt[4]),
    Number(dt[5]),
  ];
  const s = Number(dt[6] ?? 0);
  const ms = Math.round(Number(dt[7] ?? 0) * 1000);
  if (!validDay(y, m, day) || h > 23 || mi > 59 || s > 59) return null;
  const zone = dt[8];
  if (zone === undefined) return new Date(zonedToUtc(y, m, day, h, mi, s, ms, timeZone));
  const base = Date.UTC(y, m - 1, day, h, mi, s, ms);
  if (zone === "Z") return new Date(base);
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  const offsetMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
  return new Date(base - sign * offsetMin * 60_000);
}

/**
 * Parses one written value as Sheets parses typed input. `plainText` is set when the cell's number format is "@":
 * strings are then stored exactly as given (a leading apostrophe included), other values as the rule says.
 * https://support.google.com/docs/answer/56470 (Format > Number > Plain text).
 */
export function parseInput(
  input: unknown,
  plainText: PlainTextRule | false,
  timeZone: string,
): ParsedInput {
  if (input === null || input === undefined) return { kind: "empty" };
  if (
    plainText === "text" &&
    (typeof input === "number" || typeof input === "boolean" || isDate(input))
  ) {
    const typed = parseInput(input, false, timeZone);
    return typed.kind === "value"
      ? { kind: "value", value: displayValue(typed.value, timeZone) }
      : typed;
  }
  if (typeof input === "number") {
    // (inferred) Sheets has no NaN/Infinity; a non-finite number shows as a #NUM! error.
    return { kind: "value", value: Number.isFinite(input) ? (input === 0 ? 0 : input) : "#NUM!" };
  }
  if (typeof input === "boolean") return { kind: "value", value: input };
  if (isDate(input)) {
    const ms = dateMs(input);
    // (inferred) an invalid Date has no spreadsheet equivalent; it is stored as its text.
    return { kind: "value", value: Number.isNaN(ms) ? "Invalid Date" : new Date(ms) };
  }
  if (typeof input !== "string") {
    // (inferred) objects, bigints… are stored as their string form, unparsed.
    const text = String(input);
    checkCellLength(text);
    return text === "" ? { kind: "empty" } : { kind: "value", value: text };
  }
  checkCellLength(input);
  if (input === "") return { kind: "empty" };
  if (plainText) return { kind: "value", value: input };
  if (input.startsWith("'")) {
    // A leading apostrophe forces text and is not part of the value (theoephraim/node-google-spreadsheet#696).
    const text = input.slice(1);
    return text === "" ? { kind: "empty" } : { kind: "value", value: text };
  }
  if (input.startsWith("=")) return { kind: "formula", formula: input };
  const n = parseNumber(input);
  if (n !== null) return { kind: "value", value: n };
  if (input.startsWith("+") || input.startsWith("-")) {
    // (inferred) Sheets' input parser reads "+A1" / "-A1" as formulas; a lone sign stays text.
    if (input.length > 1) return { kind: "formula", formula: `=${input}` };
    return { kind: "value", value: input };
  }
  const lower = input.trim().toLowerCase();
  if (lower === "true" || lower === "false") return { kind: "value", value: lower === "true" };
  const date = parseDate(input, timeZone);
  if (date) return { kind: "value", value: date };
  return { kind: "value", value: input };
}

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws a RangeError for a time zone Intl does not know. */
export function checkTimeZone(timeZone: string): void {
  formatter(timeZone);
}

/** The wall-clock time of `ms` in `timeZone`. */
export function wallTime(ms: number, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

function offsetAt(ms: number, timeZone: string): number {
  const w = wallTime(ms, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

/** The instant whose wall time in `timeZone` is the given one (month 1-based). */
export function zonedToUtc(
  y: number,
  m: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
  timeZone: string,
): number {
  const guess = Date.UTC(y, m - 1, d, h, mi, s, ms);
  const first = guess - offsetAt(guess, timeZone);
  const second = guess - offsetAt(first, timeZone);
  return second;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** "yyyy-mm-dd hh:mm:ss" in `timeZone`. */
export function formatDateTime(date: Date, timeZone: string): string {
  const w = wallTime(dateMs(date), timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}

/**
 * What getDisplayValues shows. (simplified) Number formats other than "@" are not applied: numbers print as JS
 * prints them, booleans as TRUE/FALSE, dates as "yyyy-mm-dd hh:mm:ss" in the document's time zone.
 */
export function displayValue(value: CellValue, timeZone: string): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return formatDateTime(value, timeZone);
}

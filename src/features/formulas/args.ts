// Arguments as Sheets passes them (a value, or a 2D array for a range; Dates for dates) made into plain lists and names.
import { fail } from "./messages";

/** A range argument as a rectangle; a single value is a 1×1 range. */
export interface Grid {
  rows: number;
  columns: number;
  /** Row-major values. */
  cells: unknown[];
}

export function gridOf(arg: unknown): Grid {
  if (!Array.isArray(arg)) return { rows: 1, columns: 1, cells: [arg] };
  const rows = arg.map((row) => (Array.isArray(row) ? row : [row]));
  const columns = Math.max(1, ...rows.map((r) => r.length));
  const cells: unknown[] = [];
  for (const row of rows)
    for (let c = 0; c < columns; c++) cells.push(c < row.length ? row[c] : "");
  return { rows: Math.max(1, rows.length), columns, cells: cells.length > 0 ? cells : [""] };
}

/** A cell's value as text: "" for empty; dates as ISO; numbers as Sheets shows them unformatted. */
export function textOf(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) {
    const iso = Number.isNaN(value.getTime()) ? "" : value.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
  }
  return String(value).trim();
}

/** The one value of an argument that must be a single cell. */
export function singleValue(arg: unknown, name: string): unknown {
  const grid = gridOf(arg);
  if (grid.cells.length !== 1) fail("argument", `${name} must be a single cell`);
  return grid.cells[0];
}

/** The non-empty texts of a value or range, in reading order, without repeats. */
export function textList(arg: unknown): string[] {
  return [
    ...new Set(
      gridOf(arg)
        .cells.map(textOf)
        .filter((t) => t !== ""),
    ),
  ];
}

/** The refresh argument as a stable text: any change of the cell (a new date, a number) makes a new text. */
export function refreshTokenOf(arg: unknown): string {
  if (arg === undefined || arg === null) return "";
  return gridOf(arg)
    .cells.map((v) => (v instanceof Date ? String(v.getTime()) : textOf(v)))
    .join("\u001f");
}

/** A group type as the person wrote it: its index (0–4) or a name (`company`, `companies`). */
export type GroupTypeRef = { index: number; text: string } | { index: null; text: string };

export function groupTypeRef(arg: unknown): GroupTypeRef {
  const value = singleValue(arg, "group_type");
  if (typeof value === "number") {
    if (!Number.isInteger(value)) fail("unknown_type", `unknown group type ${value}`);
    return { index: value, text: String(value) };
  }
  const text = textOf(value);
  if (text === "") fail("argument", "group_type is empty (a name such as company, or 0–4)");
  return /^\d+$/.test(text) ? { index: Number(text), text } : { index: null, text };
}

/** A cohort as the person wrote it: its id or its name. */
export function cohortRef(arg: unknown): { id: number } | { name: string } {
  const value = singleValue(arg, "cohort");
  if (typeof value === "number" && Number.isInteger(value) && value > 0) return { id: value };
  const text = textOf(value);
  if (text === "") fail("argument", "cohort is empty (its id or name)");
  return /^\d+$/.test(text) && Number(text) > 0 ? { id: Number(text) } : { name: text };
}

/** A property name from a single cell. */
export function propertyName(arg: unknown): string {
  const text = textOf(singleValue(arg, "property"));
  if (text === "") fail("argument", "property is empty");
  return text;
}

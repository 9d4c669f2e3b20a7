// A1 references inside formulas move when rows or columns are inserted or deleted, as Sheets moves them.
// Rules: docs/apps-script.md "Rows, formulas and spills" (Google: https://support.google.com/docs/answer/54813 and
// https://developers.google.com/apps-script/reference/spreadsheet/sheet#deleteRows(Integer,Integer)).

export type Axis = "rows" | "columns";

/** One structural change of a sheet: `count` lines inserted before, or deleted from, 1-based `at`. */
export interface LineChange {
  sheetName: string;
  axis: Axis;
  kind: "insert" | "delete";
  at: number;
  count: number;
}

/** Sheets' text for a reference whose cells were deleted. */
export const BROKEN_REF = "#REF!";

interface Part {
  column?: number;
  columnAbs: boolean;
  row?: number;
  rowAbs: boolean;
}

const PART = /^(\$?)([A-Za-z]{0,3})(\$?)(\d*)$/;
// An optional sheet ('It''s'! or Name!), then one or two parts. Parts are checked for shape after the match.
const REF =
  /(?:'((?:[^']|'')+)'!|([A-Za-z_][A-Za-z0-9_.]*)!)?(\$?[A-Za-z]{0,3}\$?\d*)(?::(\$?[A-Za-z]{0,3}\$?\d*))?/y;
const WORD = /[A-Za-z0-9_.$]/;

function letters(column: number): string {
  let out = "";
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26))
    out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
  return out;
}

function parsePart(text: string): Part | null {
  const m = PART.exec(text);
  if (!m || (m[2] === "" && m[4] === "")) return null;
  // "$A" without digits must not carry a row "$" (e.g. "A$" is not a reference).
  if (m[4] === "" && m[3] === "$") return null;
  const part: Part = { columnAbs: m[1] === "$", rowAbs: m[3] === "$" };
  if (m[2]) {
    let n = 0;
    for (const ch of m[2].toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
    part.column = n;
  }
  if (m[4]) {
    const row = Number(m[4]);
    if (row < 1) return null;
    part.row = row;
  }
  return part;
}

function formatPart(part: Part): string {
  const column =
    part.column === undefined ? "" : `${part.columnAbs ? "$" : ""}${letters(part.column)}`;
  const row = part.row === undefined ? "" : `${part.rowAbs ? "$" : ""}${part.row}`;
  return column + row;
}

/** A cell ("B2"), or a range of two parts of the same kind ("A:C", "2:4") or a cell and an open end ("A2:C"). */
function validShape(a: Part, b: Part | null): boolean {
  const cell = (p: Part) => p.row !== undefined && p.column !== undefined;
  if (!b) return cell(a);
  const columnOnly = (p: Part) => p.row === undefined;
  const rowOnly = (p: Part) => p.column === undefined;
  return (
    (cell(a) && (cell(b) || columnOnly(b) || rowOnly(b))) ||
    (columnOnly(a) && columnOnly(b)) ||
    (rowOnly(a) && rowOnly(b))
  );
}

/** The span [start, end] of a reference on one axis after the change; null when all of it was deleted. */
function moveSpan(start: number, end: number, change: LineChange): [number, number] | null {
  const { at, count } = change;
  if (change.kind === "insert") {
    return [start >= at ? start + count : start, end >= at ? end + count : end];
  }
  const last = at + count - 1;
  const newStart = start < at ? start : start > last ? start - count : at;
  const newEnd = end < at ? end : end > last ? end - count : at - 1;
  return newEnd < newStart ? null : [newStart, newEnd];
}

/** Moves one reference; null when it now points at deleted cells. */
function moveRef(a: Part, b: Part | null, change: LineChange): [Part, Part | null] | null {
  const key = change.axis === "rows" ? "row" : "column";
  const start = a[key];
  if (start === undefined) return [a, b]; // "A:C" does not move with rows, "2:4" not with columns
  const end = b ? (b[key] ?? Number.POSITIVE_INFINITY) : start;
  const span = moveSpan(start, end, change);
  if (!span) return null;
  const movedA = { ...a, [key]: span[0] };
  if (!b) return [movedA, null];
  return [movedA, b[key] === undefined ? b : { ...b, [key]: span[1] }];
}

/** Skips a string literal starting at `i` (a quote); returns the index after it. */
function skipString(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length) {
    if (text[j] === '"') {
      if (text[j + 1] === '"') j += 2;
      else return j + 1;
    } else j++;
  }
  return j;
}

/**
 * `formula` (on sheet `home`) after the change: references to the changed sheet move, grow, shrink or become
 * #REF!; absolute ($) references move too (they only stay put when a formula is copied). Text in quotes is kept.
 */
export function shiftFormula(formula: string, home: string, change: LineChange): string {
  const target = change.sheetName.toLowerCase();
  let out = "";
  let i = 0;
  while (i < formula.length) {
    const ch = formula[i] as string;
    if (ch === '"') {
      const end = skipString(formula, i);
      out += formula.slice(i, end);
      i = end;
      continue;
    }
    const prev = i > 0 ? (formula[i - 1] as string) : "";
    if ((ch === "'" || WORD.test(ch)) && !WORD.test(prev)) {
      REF.lastIndex = i;
      const m = REF.exec(formula);
      const after = m ? (formula[i + m[0].length] ?? "") : "";
      const first = m?.[3] ?? "";
      const second = m?.[4];
      const a = first ? parsePart(first) : null;
      const b = second !== undefined ? parsePart(second) : null;
      if (
        m &&
        a &&
        (second === undefined || b) &&
        validShape(a, b) &&
        !/[A-Za-z0-9_(!]/.test(after)
      ) {
        const sheet = m[1] !== undefined ? m[1].replace(/''/g, "'") : (m[2] ?? home);
        if (sheet.toLowerCase() !== target) out += m[0];
        else {
          const moved = moveRef(a, b, change);
          const tail = first.length + (second === undefined ? 0 : second.length + 1);
          const prefix = m[0].slice(0, m[0].length - tail);
          out += moved
            ? `${prefix}${formatPart(moved[0])}${moved[1] ? `:${formatPart(moved[1])}` : ""}`
            : BROKEN_REF;
        }
        i += m[0].length;
        continue;
      }
      // Not a reference: copy the whole word (so "LOG10" is never read as "G10").
      let j = i + 1;
      while (j < formula.length && WORD.test(formula[j] as string)) j++;
      out += formula.slice(i, j);
      i = j;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

/** True when the formula holds a reference to deleted cells (Sheets then shows #REF!). */
export function hasBrokenRef(formula: string): boolean {
  let i = 0;
  while (i < formula.length) {
    if (formula[i] === '"') i = skipString(formula, i);
    else if (formula.startsWith(BROKEN_REF, i)) return true;
    else i++;
  }
  return false;
}

// A1 notation: column letters, cell and range references ("B2", "A1:C3", "A:C", "2:4", "'My sheet'!A1:B2").

/** Sheets' widest grid: column ZZZ (support.google.com/drive/answer/37603). */
export const MAX_COLUMNS = 18278;

/** 1 → "A", 27 → "AA". */
export function columnLetters(column: number): string {
  let n = column;
  let out = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** "A" → 1, "aa" → 27; NaN for anything else. */
export function columnNumber(letters: string): number {
  if (!/^[A-Za-z]{1,3}$/.test(letters)) return Number.NaN;
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** A parsed reference; a missing bound (undefined) means the range is open on that side. */
export interface A1Ref {
  sheetName?: string;
  row?: number;
  column?: number;
  endRow?: number;
  endColumn?: number;
}

const PART = /^\$?([A-Za-z]{0,3})\$?(\d*)$/;

function parsePart(text: string): { row?: number; column?: number } | null {
  const m = PART.exec(text);
  if (!m || (m[1] === "" && m[2] === "")) return null;
  const out: { row?: number; column?: number } = {};
  if (m[1]) out.column = columnNumber(m[1]);
  if (m[2]) {
    const row = Number(m[2]);
    if (!Number.isSafeInteger(row) || row < 1) return null;
    out.row = row;
  }
  return out;
}

/** Splits "'It''s'!A1" into its sheet name and reference; sheetName is undefined when absent. */
export function splitSheetName(text: string): { sheetName?: string; ref: string } {
  const bang = text.lastIndexOf("!");
  if (bang < 0) return { ref: text };
  let name = text.slice(0, bang);
  if (name.startsWith("'") && name.endsWith("'") && name.length >= 2) {
    name = name.slice(1, -1).replace(/''/g, "'");
  }
  return { sheetName: name, ref: text.slice(bang + 1) };
}

/** Parses an A1 reference; null when it is not one. Bounds are normalised so start ≤ end. */
export function parseA1(text: string): A1Ref | null {
  const { sheetName, ref } = splitSheetName(text.trim());
  const pieces = ref.split(":");
  if (pieces.length > 2) return null;
  const a = parsePart(pieces[0] ?? "");
  if (!a) return null;
  const out: A1Ref = sheetName === undefined ? {} : { sheetName };
  if (pieces.length === 1) {
    // A single cell must name both a column and a row ("B2"); "B" or "2" alone is not a range.
    if (a.row === undefined || a.column === undefined) return null;
    return { ...out, row: a.row, column: a.column, endRow: a.row, endColumn: a.column };
  }
  const b = parsePart(pieces[1] ?? "");
  if (!b || Number.isNaN(a.column ?? 0) || Number.isNaN(b.column ?? 0)) return null;
  const full = (p: { row?: number; column?: number }) =>
    p.row !== undefined && p.column !== undefined;
  const colOnly = (p: { row?: number; column?: number }) => p.row === undefined;
  const rowOnly = (p: { row?: number; column?: number }) => p.column === undefined;
  // Accepted: "A1:C3", "A:C", "2:4", "A2:C" (open below), "A2:4" (open to the right).
  const ok =
    (full(a) && (full(b) || colOnly(b) || rowOnly(b))) ||
    (colOnly(a) && colOnly(b)) ||
    (rowOnly(a) && rowOnly(b));
  if (!ok) return null;
  if (a.column !== undefined && b.column !== undefined) {
    out.column = Math.min(a.column, b.column);
    out.endColumn = Math.max(a.column, b.column);
  } else if (a.column !== undefined) {
    out.column = a.column;
  }
  if (a.row !== undefined && b.row !== undefined) {
    out.row = Math.min(a.row, b.row);
    out.endRow = Math.max(a.row, b.row);
  } else if (a.row !== undefined) {
    out.row = a.row;
  }
  return out;
}

/** Which ends of a range were left open when it was named ("A:C" is open below, "2:4" to the right). */
export interface A1Open {
  rows?: boolean;
  columns?: boolean;
}

export function formatA1(
  row: number,
  column: number,
  numRows: number,
  numColumns: number,
  open: A1Open = {},
): string {
  const c1 = columnLetters(column);
  const c2 = columnLetters(column + numColumns - 1);
  const r2 = row + numRows - 1;
  if (open.rows) return row === 1 ? `${c1}:${c2}` : `${c1}${row}:${c2}`;
  if (open.columns) return column === 1 ? `${row}:${r2}` : `${c1}${row}:${r2}`;
  if (numRows === 1 && numColumns === 1) return `${c1}${row}`;
  return `${c1}${row}:${c2}${r2}`;
}

/** Quotes a sheet name for a reference when needed ("My sheet" → "'My sheet'"). */
export function quoteSheetName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

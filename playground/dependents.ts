// Which formulas the playground computes again after a change: those whose referenced cells now hold other values.
import FormulaParser, { type DepParser } from "fast-formula-parser";
import type { DocumentModel, SheetModel } from "../runtime/spreadsheet/model.ts";

/** A cell or range a formula refers to (1-based, inclusive). */
interface Reference {
  sheet: string;
  row: number;
  column: number;
  endRow: number;
  endColumn: number;
}

/** A formula cell as last computed: what it refers to and what those cells held then. */
interface Entry {
  sheet: string;
  row: number;
  column: number;
  formula: string;
  refs: Reference[];
  signature: string;
}

export interface FormulaCell {
  sheet: string;
  row: number;
  column: number;
}

/** The cells and ranges a formula refers to, read from its text (as Sheets' dependency graph is), not by running it. */
export function referencesOf(
  formula: string,
  sheet: string,
  row: number,
  column: number,
): Reference[] {
  const parser = depParser();
  try {
    return parser.parse(formula.replace(/^=/, ""), { sheet, row, col: column }, true).map((r) =>
      "from" in r
        ? {
            sheet: r.sheet ?? sheet,
            row: r.from.row,
            column: r.from.col,
            endRow: r.to.row,
            endColumn: r.to.col,
          }
        : { sheet: r.sheet ?? sheet, row: r.row, column: r.col, endRow: r.row, endColumn: r.col },
    );
  } catch {
    return [];
  }
}

let shared: DepParser | null = null;
/** One parser for every formula (building one costs its grammar's self-analysis, about 10 ms; `parse` starts afresh). */
function depParser(): DepParser {
  if (shared) return shared;
  const parser = new FormulaParser.DepParser();
  // The library skips a cell that falls inside an earlier range even on ANOTHER sheet (its de-duplication ignores
  // the sheet), which would lose `PostHogRefresh!A1` after `A1:A10`: keep every cell.
  parser.getCell = function (this: DepParser, ref) {
    if (ref.row != null && ref.col != null)
      this.data.push({ sheet: ref.sheet ?? this.position.sheet, row: ref.row, col: ref.col });
    return 0;
  };
  shared = parser;
  return parser;
}

const keyOf = (sheet: string, row: number, column: number) => `${sheet}!${row},${column}`;

const valueKey = (value: unknown): string =>
  value instanceof Date ? `d${value.getTime()}` : `${typeof value}${String(value)}`;

/**
 * The document's formula cells and their inputs. Sheets' default recalculation, "On change", recalculates "only when
 * values are changed" (https://developers.google.com/apps-script/reference/spreadsheet/recalculation-interval,
 * docs/playground.md); a custom function reruns only when a cell it refers to changes. The playground used to
 * compute every formula of the document on every edit, one Apps Script execution (a bundle load) per
 * custom-function cell, so a single warm `=POSTHOG_GROUP` cell paid for all the others.
 */
export class Dependents {
  private readonly entries = new Map<string, Entry>();
  private readonly sheetIds = new Map<string, SheetModel>();

  constructor(private readonly doc: () => DocumentModel) {}

  /** Records a formula cell as just computed: what it refers to and what those cells hold now. */
  computed(sheet: string, row: number, column: number, formula: string): void {
    const key = keyOf(sheet, row, column);
    const known = this.entries.get(key);
    const refs =
      known?.formula === formula ? known.refs : referencesOf(formula, sheet, row, column);
    this.entries.set(key, { sheet, row, column, formula, refs, signature: this.signature(refs) });
  }

  /**
   * Learns the formula cells the add-on wrote or moved (a scan of the document), forgetting those that are gone. A
   * moved formula (columns inserted before it, as a refresh does for a new usage metric) keeps the value it had, so
   * it keeps the inputs it was computed with: if the same run also changed them, it is stale and computed again.
   */
  scan(): void {
    const seen = new Set<string>();
    const learned = new Map<string, FormulaCell & { formula: string }>();
    for (const sheet of this.doc().sheets) {
      sheet.rows.forEach((line, r) => {
        line?.forEach((cell, c) => {
          if (!cell?.formula) return;
          const key = keyOf(sheet.name, r + 1, c + 1);
          seen.add(key);
          if (this.entries.get(key)?.formula !== cell.formula)
            learned.set(key, {
              sheet: sheet.name,
              row: r + 1,
              column: c + 1,
              formula: cell.formula,
            });
        });
      });
    }
    // The formulas no longer where they were, by sheet and text: the cells they may have moved to.
    const gone = new Map<string, Entry[]>();
    for (const [key, entry] of this.entries) {
      if (seen.has(key) && !learned.has(key)) continue;
      const text = `${entry.sheet}!${entry.formula}`;
      gone.set(text, [...(gone.get(text) ?? []), entry]);
      if (!seen.has(key)) this.entries.delete(key);
    }
    for (const [key, cell] of learned) {
      this.computed(cell.sheet, cell.row, cell.column, cell.formula);
      const from = gone.get(`${cell.sheet}!${cell.formula}`)?.shift();
      const entry = this.entries.get(key);
      if (from && entry) entry.signature = from.signature;
    }
  }

  /** Formula cells whose inputs hold other values than when they were computed. */
  stale(): FormulaCell[] {
    this.sheetIds.clear();
    const out: FormulaCell[] = [];
    for (const [key, entry] of this.entries) {
      const sheet = this.sheet(entry.sheet);
      if (sheet?.rows[entry.row - 1]?.[entry.column - 1]?.formula !== entry.formula) {
        this.entries.delete(key);
        continue;
      }
      if (this.signature(entry.refs) !== entry.signature) out.push(entry);
    }
    return out;
  }

  private sheet(name: string): SheetModel | undefined {
    if (this.sheetIds.size === 0) for (const s of this.doc().sheets) this.sheetIds.set(s.name, s);
    return this.sheetIds.get(name);
  }

  /** What the referenced cells hold, as one string (a whole column reads down to the sheet's last written row). */
  private signature(refs: Reference[]): string {
    this.sheetIds.clear();
    const parts: string[] = [];
    for (const ref of refs) {
      const sheet = this.sheet(ref.sheet);
      if (!sheet) {
        parts.push("?");
        continue;
      }
      const last = Math.min(ref.endRow, sheet.rows.length);
      for (let r = ref.row; r <= last; r++) {
        const line = sheet.rows[r - 1];
        if (!line) continue;
        const end = Math.min(ref.endColumn, line.length);
        for (let c = ref.column; c <= end; c++) {
          const value = line[c - 1]?.value;
          if (value !== undefined) parts.push(`${r},${c}=${valueKey(value)}`);
        }
      }
      parts.push("|");
    }
    return parts.join("\u0001");
  }
}

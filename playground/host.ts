// The playground's spreadsheet host: one document in the Apps Script runtime, its calls, menu, formulas and state.
import FormulaParser from "fast-formula-parser";
import type { AppsScriptRuntime } from "../runtime/index.ts";
import { DEFAULT_NUMBER_FORMAT } from "../runtime/spreadsheet/cells.ts";
import {
  type FormulaContext,
  getDocument,
  parseA1,
  seedValues,
  setSelection,
  sheetByName,
  toasts,
} from "../runtime/spreadsheet/index.ts";
import { CELLS_ERROR, MAX_CELLS } from "../runtime/spreadsheet/model.ts";
import { evaluateCell } from "../runtime/spreadsheet/spill.ts";
import { type CellValue, displayValue } from "../runtime/spreadsheet/values.ts";
import { Dependents, type FormulaCell } from "./dependents.ts";
import { evaluateFormula, FormulaError } from "./formula.ts";
import type { Alert, CellView, SheetWindow } from "./page/api.ts";

export type RunReply = { ok: true; value: unknown } | { ok: false; message: string };

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const columnName = (column: number): string =>
  column <= 0
    ? ""
    : columnName(Math.floor((column - 1) / 26)) + String.fromCharCode(65 + ((column - 1) % 26));
/** The rectangle of "B3" or "B3:D7" (1-based). */
function rectOfA1(a1: string) {
  const parsed = parseA1(a1);
  if (!parsed?.row || !parsed.column) throw new Error(`Bad cell reference ${a1}`);
  const endRow = parsed.endRow ?? parsed.row;
  const endColumn = parsed.endColumn ?? parsed.column;
  return {
    row: parsed.row,
    column: parsed.column,
    numRows: endRow - parsed.row + 1,
    numColumns: endColumn - parsed.column + 1,
  };
}

/**
 * What a cell shows: a number under a number format (Number "0.00", Percent "0.00%", Date "yyyy-mm-dd") is formatted
 * by SheetJS's format engine, which fast-formula-parser bundles, as Sheets formats it; anything else as the runtime
 * displays it (Plain text "@" shows the value as it is).
 *
 * A fraction under Automatic is shown rounded, as Sheets shows `=PI()` as 3.141592654 rather than every digit of the
 * double: SheetJS's "General" (Excel's rule, at most 11 characters) is the nearest documented rule, an approximation
 * of Sheets' own (which fits the digits to the column). Printing the whole double made a change % of 33.3…36 show as
 * its last digits in a narrow column, and 0.1 + 0.2 as 0.30000000000000004. Whole numbers print in full, as before.
 */
export function shown(value: CellValue, numberFormat: string | undefined, tz: string): string {
  if (typeof value !== "number" || numberFormat === "@") return displayValue(value, tz);
  const automatic = !numberFormat || numberFormat === DEFAULT_NUMBER_FORMAT;
  if (automatic && Number.isInteger(value)) return displayValue(value, tz);
  try {
    return FormulaParser.SSF.format(automatic ? "General" : numberFormat, value);
  } catch {
    return displayValue(value, tz);
  }
}

/** "B3" for row 3, column 2 (1-based). */
export const a1Of = (row: number, column: number) => `${columnName(column)}${row}`;

export class PlaygroundHost {
  /** Bumped whenever the document may look different (the page polls it). */
  version = 0;
  private fingerprint = "";
  private running = 0;
  /** Formula cells written inside an execution: computed once it ends, as custom functions run on their own. */
  private readonly deferred = new Map<string, FormulaCell>();
  private readonly dependents = new Dependents(() => this.doc);
  private cellsWritten = -1;
  private readonly formulaErrors = new Map<string, string>();
  /** Formula cells whose last result was an array, with its size (to say why a spill is blocked). */
  private readonly arrays = new Map<string, { rows: number; columns: number }>();
  private readonly sparklines = new Map<string, number[]>();

  constructor(
    readonly runtime: AppsScriptRuntime,
    readonly documentId: string,
    readonly user: string,
  ) {
    runtime.store.evaluateFormula = (formula, ctx) => this.evaluate(formula, ctx);
    // Alerts with a choice and prompts wait for the person at the page (see menu()).
    runtime.ui.askPerson(true);
  }

  private get doc() {
    return getDocument(this.runtime.store, this.documentId);
  }

  /** One execution of a top-level function, as google.script.run or a menu item would start it. */
  run(name: string, args: unknown[] = []): RunReply {
    try {
      return { ok: true, value: this.guard(() => this.runtime.run(name, args, this.options())) };
    } catch (error) {
      return { ok: false, message: messageOf(error) };
    } finally {
      // A run may change formats (a preview's highlights) that no cheap fingerprint sees: always redraw.
      this.settle(true);
    }
  }

  /**
   * Runs a menu item. An alert with a choice, or a prompt, stops the item and comes back as `ask`: the page shows
   * it as a real dialog and runs the item again with the person's `answers` so far (the add-on asks before it
   * changes anything). OK-only alerts come back in `alerts`, to be shown after the item ran.
   */
  menu(
    functionName: string,
    answers: { button: string; text?: string }[] = [],
  ): RunReply & { alerts: Alert[]; ask: Alert | null; sidebar: number | null } {
    const { alerts, sidebars } = this.runtime.ui;
    const [alertsBefore, sidebarsBefore] = [alerts.length, sidebars.length];
    for (const a of answers) this.runtime.ui.answerNextAlert(a.button, a.text);
    const reply = this.run(functionName);
    const ask = this.runtime.ui.takePending();
    return {
      ...reply,
      alerts: alerts.slice(alertsBefore),
      ask: ask && {
        kind: ask.kind,
        title: ask.title,
        prompt: ask.prompt,
        buttons: ask.buttons,
        answer: "",
      },
      sidebar: sidebars.length > sidebarsBefore ? sidebars.length - 1 : null,
    };
  }

  /**
   * Types rows of input at `a1` of `sheet`, as a person would; other formulas are computed again. Typing
   * past the last row or column adds rows or columns first, as Sheets' grid does at its edge. Input the sheet
   * refuses comes back as Sheets' message.
   */
  type(
    sheet: string,
    a1: string,
    rows: unknown[][],
  ): { ok: true } | { ok: false; message: string } {
    try {
      this.extendTo(sheet, a1, rows.length, Math.max(0, ...rows.map((r) => r.length)));
      seedValues(this.runtime.store, this.documentId, sheet, a1, rows);
      // The typed formulas were computed as written (and recorded); no scan of the document is needed.
      this.cellsWritten = this.runtime.store.cellsWritten;
      this.recomputeStale();
      return { ok: true };
    } catch (error) {
      return { ok: false, message: messageOf(error).replace(/^Exception: /, "") };
    } finally {
      this.settle(true);
    }
  }

  /** Adds `count` empty rows at the bottom of a sheet, as Sheets' button under the grid does. */
  addRows(sheet: string, count: number): { ok: true } | { ok: false; message: string } {
    try {
      if (!Number.isInteger(count) || count < 1) throw new Error("Enter a whole number of rows.");
      const model = sheetByName(this.runtime.store, this.documentId, sheet);
      this.extendTo(sheet, a1Of(model.maxRows + count, 1), 1, 1);
      return { ok: true };
    } catch (error) {
      return { ok: false, message: messageOf(error) };
    } finally {
      this.settle(true);
    }
  }

  /** Sets the number format of a range ("@" is Plain text, "" is Automatic). */
  format(sheet: string, a1: string, numberFormat: string): void {
    const model = sheetByName(this.runtime.store, this.documentId, sheet);
    const rect = rectOfA1(a1);
    for (let r = rect.row; r < rect.row + rect.numRows; r++) {
      for (let c = rect.column; c < rect.column + rect.numColumns; c++) {
        const line = model.rows[r - 1] ?? [];
        model.rows[r - 1] = line;
        const cell = line[c - 1] ?? {};
        line[c - 1] = cell;
        if (numberFormat) cell.numberFormat = numberFormat;
        else delete cell.numberFormat;
      }
    }
    this.settle(true);
  }

  /** Adds rows and columns so that `rows`×`columns` at `a1` fit (Sheets' 10 million cells still apply). */
  private extendTo(sheet: string, a1: string, rows: number, columns: number): void {
    const model = sheetByName(this.runtime.store, this.documentId, sheet);
    const rect = rectOfA1(a1);
    const needRows = Math.max(model.maxRows, rect.row + rows - 1);
    const needColumns = Math.max(model.maxColumns, rect.column + columns - 1);
    if (needRows === model.maxRows && needColumns === model.maxColumns) return;
    const total = this.doc.sheets.reduce((sum, s) => sum + s.maxRows * s.maxColumns, 0);
    if (total - model.maxRows * model.maxColumns + needRows * needColumns > MAX_CELLS)
      throw new Error(CELLS_ERROR);
    model.maxRows = needRows;
    model.maxColumns = needColumns;
  }

  select(sheet: string, a1: string): void {
    setSelection(this.runtime.store, this.documentId, sheet, a1);
    this.settle();
  }

  /** Sheet names, the active sheet and the selection. */
  sheets() {
    const doc = this.doc;
    const active = doc.sheets.find((s) => s.id === doc.selection.sheetId) ?? doc.sheets[0];
    const { rect } = doc.selection;
    const a1 =
      rect.numRows === 1 && rect.numColumns === 1
        ? a1Of(rect.row, rect.column)
        : `${a1Of(rect.row, rect.column)}:${a1Of(rect.row + rect.numRows - 1, rect.column + rect.numColumns - 1)}`;
    return {
      version: this.version,
      sheets: doc.sheets.filter((s) => !s.hidden).map((s) => s.name),
      active: active?.name ?? "",
      selection: a1,
      ...this.dims(active?.name ?? ""),
    };
  }

  /** The add-on menu, alerts, toasts and sidebars shown so far. */
  ui() {
    const { menus, alerts, sidebars } = this.runtime.ui;
    const addon = [...menus]
      .reverse()
      .find((m) => m.kind === "addon" && m.documentId === this.documentId);
    return {
      menu: addon ? { caption: addon.caption, items: addon.items } : null,
      alerts,
      toasts: toasts(this.runtime.store, this.documentId),
      sidebars: sidebars.map((s, index) => ({ index, title: s.title })),
    };
  }

  sidebarHtml(index: number): string | undefined {
    return this.runtime.ui.sidebars[index]?.html;
  }

  /** The active sheet's size and frozen rows: the page draws this many rows and columns. */
  private dims(name: string) {
    const sheet = sheetByName(this.runtime.store, this.documentId, name);
    return {
      rows: sheet.maxRows,
      columns: sheet.maxColumns,
      frozenRows: sheet.frozenRows,
    };
  }

  /** The non-empty cells of rows `row`…`row + count - 1` (1-based) of a sheet: what the page draws there. */
  window(name: string, row: number, count: number): SheetWindow {
    const sheet = sheetByName(this.runtime.store, this.documentId, name);
    const tz = this.doc.timeZone;
    const cells: CellView[] = [];
    const last = Math.min(sheet.maxRows, row + Math.min(count, 2_000) - 1);
    for (let r = Math.max(1, row); r <= last; r++) {
      sheet.rows[r - 1]?.forEach((cell, index) => {
        if (!cell) return;
        const c = index + 1;
        const view: CellView = { r, c };
        if (cell.value !== undefined) view.d = shown(cell.value, cell.numberFormat, tz);
        if (typeof cell.value === "number") view.num = true;
        if (cell.formula) view.f = cell.formula;
        if (cell.note) view.n = cell.note;
        if (cell.background && cell.background.toLowerCase() !== "#ffffff")
          view.b = cell.background;
        if (cell.fontWeight === "bold") view.w = true;
        if (cell.numberFormat) view.fmt = cell.numberFormat;
        const key = `${name}!${r},${c}`;
        if (cell.formula) {
          const error = this.formulaErrors.get(key) ?? this.spillReason(sheet, key, r, c);
          if (error) view.e = error;
          const spark = this.sparklines.get(key);
          if (spark) view.s = spark;
        }
        if (Object.keys(view).length > 2) cells.push(view);
      });
    }
    return { name, version: this.version, ...this.dims(name), cells };
  }

  /** Why an array formula shows #REF!: Sheets names the first cell in the way, or asks for more rows. */
  private spillReason(
    sheet: ReturnType<typeof sheetByName>,
    key: string,
    row: number,
    column: number,
  ): string | undefined {
    const shape = this.arrays.get(key);
    if (!shape || sheet.rows[row - 1]?.[column - 1]?.value !== "#REF!") return undefined;
    if (row + shape.rows - 1 > sheet.maxRows)
      return `Result was not automatically expanded, please insert more rows (${row + shape.rows - 1 - sheet.maxRows}).`;
    if (column + shape.columns - 1 > sheet.maxColumns)
      return `Result was not automatically expanded, please insert more columns (${column + shape.columns - 1 - sheet.maxColumns}).`;
    for (let r = row; r < row + shape.rows; r++) {
      for (let c = column; c < column + shape.columns; c++) {
        if (r === row && c === column) continue;
        const other = sheet.rows[r - 1]?.[c - 1];
        if (other && !other.spilled && (other.value !== undefined || other.formula))
          return `Array result was not expanded because it would overwrite data in ${a1Of(r, c)}.`;
      }
    }
    return undefined;
  }

  private options() {
    return { user: this.user, documentId: this.documentId };
  }

  private guard<T>(body: () => T): T {
    this.running++;
    try {
      return body();
    } finally {
      this.running--;
    }
  }

  /** A custom function runs in its own execution: inside another one (the add-on writing a formula), later. */
  private evaluate(formula: string, ctx: FormulaContext): unknown {
    const key = `${ctx.sheetName}!${ctx.row},${ctx.column}`;
    this.formulaErrors.delete(key);
    this.arrays.delete(key);
    this.sparklines.delete(key);
    this.dependents.computed(ctx.sheetName, ctx.row, ctx.column, formula);
    if (this.running > 0) {
      this.deferred.set(key, { sheet: ctx.sheetName, row: ctx.row, column: ctx.column });
      return "Loading…";
    }
    const outcome = evaluateFormula(formula, ctx, (name, args) => {
      try {
        return this.guard(() => this.runtime.runCustomFunction(name, args, this.options()));
      } catch (error) {
        const message = messageOf(error);
        if (message.startsWith("Unknown function")) {
          throw new FormulaError(
            "#NAME?",
            `Unknown function: ${name}. Neither the playground's formula engine nor the add-on defines it.`,
          );
        }
        throw new FormulaError("#ERROR!", message);
      }
    });
    if (outcome.message) this.formulaErrors.set(key, outcome.message);
    if (outcome.sparkline) this.sparklines.set(key, outcome.sparkline);
    const value = outcome.value;
    if (Array.isArray(value) && (value.length > 1 || (value[0]?.length ?? 0) > 1))
      this.arrays.set(key, {
        rows: value.length,
        columns: Math.max(...value.map((row: unknown) => (Array.isArray(row) ? row.length : 1))),
      });
    return value;
  }

  /** Computes the formula cells whose inputs changed, then those that read their results, and so on. */
  private recomputeStale(first: FormulaCell[] = []): void {
    const doc = this.doc;
    let cells = first;
    // Each round computes the cells whose inputs the round before changed; a cycle stops after a few rounds.
    for (let round = 0; round < 20; round++) {
      if (round > 0 || cells.length === 0) cells = this.dependents.stale();
      if (cells.length === 0) return;
      for (const cell of cells) {
        const sheet = doc.sheets.find((s) => s.name === cell.sheet);
        if (sheet) evaluateCell(this.runtime.store, doc, sheet, cell.row, cell.column);
      }
    }
  }

  /**
   * After a change: computes formulas left for later, and bumps the version the page polls. Comparing the
   * whole document would cost more than the page's redraw, which reads only the rows it shows.
   */
  private settle(force = false): void {
    if (this.running > 0) return;
    const written = this.runtime.store.cellsWritten;
    if (written !== this.cellsWritten || this.deferred.size > 0) {
      // The add-on wrote cells: learn the formulas it wrote or moved, compute those it left for later, then every
      // formula whose inputs it changed (the refresh cell PostHog formulas pass, a refreshed key).
      this.cellsWritten = written;
      this.dependents.scan();
      const deferred = [...this.deferred.values()];
      this.deferred.clear();
      this.recomputeStale(deferred);
    }
    const doc = this.doc;
    const fingerprint = JSON.stringify([
      doc.sheets.map((s) => [
        s.name,
        s.rows.length,
        s.maxRows,
        s.maxColumns,
        s.frozenRows,
        s.hidden,
      ]),
      doc.selection.sheetId,
      doc.toasts.length,
      this.runtime.ui.alerts.length,
      this.runtime.ui.sidebars.length,
      this.runtime.store.cellsWritten,
    ]);
    if (force || fingerprint !== this.fingerprint) this.version++;
    this.fingerprint = fingerprint;
  }
}

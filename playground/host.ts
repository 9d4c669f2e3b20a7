// The playground's spreadsheet host: one document in the Apps Script runtime, its calls, menu, formulas and state.
import type { AppsScriptRuntime } from "../runtime/index.ts";
import {
  type FormulaContext,
  getDocument,
  recalculate,
  seedValues,
  setSelection,
  sheetByName,
  toasts,
} from "../runtime/spreadsheet/index.ts";
import { displayValue } from "../runtime/spreadsheet/values.ts";
import { evaluateFormula, FormulaError } from "./formula.ts";
import type { SheetView } from "./page/api.ts";

export type RunReply = { ok: true; value: unknown } | { ok: false; message: string };

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const columnName = (column: number): string =>
  column <= 0
    ? ""
    : columnName(Math.floor((column - 1) / 26)) + String.fromCharCode(65 + ((column - 1) % 26));
/** "B3" for row 3, column 2 (1-based). */
export const a1Of = (row: number, column: number) => `${columnName(column)}${row}`;

export class PlaygroundHost {
  /** Bumped whenever the document may look different (the page polls it). */
  version = 0;
  private fingerprint = "";
  private running = 0;
  private pendingRecalc = false;
  private readonly formulaErrors = new Map<string, string>();

  constructor(
    readonly runtime: AppsScriptRuntime,
    readonly documentId: string,
    readonly user: string,
  ) {
    runtime.store.evaluateFormula = (formula, ctx) => this.evaluate(formula, ctx);
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
      this.settle();
    }
  }

  /** Runs a menu item; `answer` answers the alert it may raise (otherwise its first button). */
  menu(
    functionName: string,
    answer?: string,
  ): RunReply & { alerts: unknown[]; sidebar: number | null } {
    const { alerts, sidebars } = this.runtime.ui;
    const [alertsBefore, sidebarsBefore] = [alerts.length, sidebars.length];
    if (answer) this.runtime.ui.answerNextAlert(answer);
    const reply = this.run(functionName);
    // An answer no alert used would answer a later one: use it up on a throwaway alert.
    if (answer && alerts.length === alertsBefore) {
      this.guard(() =>
        this.runtime.evaluate(
          "SpreadsheetApp.getUi().alert('', SpreadsheetApp.getUi().ButtonSet.YES_NO)",
          this.options(),
        ),
      );
      alerts.splice(alertsBefore);
    }
    return {
      ...reply,
      alerts: alerts.slice(alertsBefore),
      sidebar: sidebars.length > sidebarsBefore ? sidebars.length - 1 : null,
    };
  }

  /** Types rows of input at `a1` of `sheet`, as a person would; other formulas are computed again. */
  type(sheet: string, a1: string, rows: unknown[][]): void {
    seedValues(this.runtime.store, this.documentId, sheet, a1, rows);
    if (this.hasOtherFormulas()) recalculate(this.runtime.store, this.documentId);
    this.settle(true);
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

  sheet(name: string): SheetView {
    const sheet = sheetByName(this.runtime.store, this.documentId, name);
    const tz = this.doc.timeZone;
    let rows = 0;
    let columns = 0;
    sheet.rows.forEach((line, r) => {
      line?.forEach((cell, c) => {
        if (cell && (cell.value !== undefined || cell.formula || cell.note || cell.background)) {
          rows = Math.max(rows, r + 1);
          columns = Math.max(columns, c + 1);
        }
      });
    });
    const view: SheetView = {
      name,
      values: [],
      formulas: [],
      display: [],
      notes: [],
      backgrounds: [],
      bold: [],
      errors: [],
      frozenRows: sheet.frozenRows,
    };
    for (let r = 0; r < rows; r++) {
      const values: unknown[] = [];
      const formulas: string[] = [];
      const display: string[] = [];
      for (let c = 0; c < columns; c++) {
        const cell = sheet.rows[r]?.[c];
        const value = cell?.value;
        values.push(value === undefined ? "" : value);
        formulas.push(cell?.formula ?? "");
        display.push(value === undefined ? "" : displayValue(value, tz));
        if (cell?.note) view.notes.push([r, c, cell.note]);
        if (cell?.background && cell.background !== "#ffffff")
          view.backgrounds.push([r, c, cell.background]);
        if (cell?.fontWeight === "bold") view.bold.push([r, c]);
        const error = cell?.formula
          ? this.formulaErrors.get(`${name}!${r + 1},${c + 1}`)
          : undefined;
        if (error) view.errors.push([r, c, error]);
      }
      view.values.push(values);
      view.formulas.push(formulas);
      view.display.push(display);
    }
    return view;
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
    if (this.running > 0) {
      this.pendingRecalc = true;
      return "Loading…";
    }
    return evaluateFormula(formula, ctx, (name, args) => {
      try {
        return this.guard(() => this.runtime.runCustomFunction(name, args, this.options()));
      } catch (error) {
        const message = messageOf(error);
        this.formulaErrors.set(key, message);
        if (message.startsWith("Unknown function")) {
          throw new FormulaError("#NAME?", `Unknown function: ${name}`);
        }
        throw new FormulaError("#ERROR!", message);
      }
    });
  }

  private hasOtherFormulas(): boolean {
    return this.doc.sheets.some((s) => s.rows.some((line) => line?.some((cell) => cell?.formula)));
  }

  /** After a change: computes formulas left for later, and bumps the version when the document looks different. */
  private settle(force = false): void {
    if (this.running > 0) return;
    if (this.pendingRecalc) {
      this.pendingRecalc = false;
      recalculate(this.runtime.store, this.documentId);
    }
    const doc = this.doc;
    const fingerprint = JSON.stringify([
      doc.sheets.map((s) => [s.name, s.rows, s.frozenRows]),
      doc.selection.sheetId,
      doc.toasts.length,
      this.runtime.ui.alerts.length,
      this.runtime.ui.sidebars.length,
      [...this.formulaErrors],
    ]);
    if (force || fingerprint !== this.fingerprint) this.version++;
    this.fingerprint = fingerprint;
  }
}

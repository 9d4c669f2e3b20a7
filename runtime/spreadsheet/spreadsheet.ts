// The Spreadsheet fake (one document) with its Selection and owner User objects.

import { type Ctx, int, READ, run, WRITE } from "./context.ts";
import { addMetadata, type DeveloperMetadata, listMetadata } from "./metadata.ts";
import {
  checkCellBudget,
  createSheetModel,
  DEFAULT_COLUMNS,
  DEFAULT_ROWS,
  type DocumentModel,
  findSheet,
  nameClashError,
  newSheetId,
  type SheetModel,
} from "./model.ts";
import { Range } from "./range.ts";
import { fail } from "./realm.ts";
import { rangeFromA1, Sheet } from "./sheet.ts";
import { checkTimeZone } from "./values.ts";

const A1 = { row: 1, column: 1, numRows: 1, numColumns: 1 };

/** The active sheet: the selection's sheet, else the first visible one. */
export function activeSheetModel(doc: DocumentModel): SheetModel {
  const chosen = doc.sheets.find((s) => s.id === doc.selection.sheetId);
  return chosen ?? doc.sheets.find((s) => !s.hidden) ?? (doc.sheets[0] as SheetModel);
}

export function activeRange(ctx: Ctx, doc: DocumentModel, cellOnly: boolean): Range {
  const sheet = activeSheetModel(doc);
  const sel = doc.selection.sheetId === sheet.id ? doc.selection.rect : A1;
  const rect = cellOnly
    ? { row: sel.row, column: sel.column, numRows: 1, numColumns: 1 }
    : { ...sel };
  return new Range({ ctx, doc, sheet, rect, open: {} });
}

/** Session.getActiveUser-like owner object. */
export class User {
  readonly #ctx: Ctx;
  readonly #email: string;
  constructor(ctx: Ctx, email: string) {
    this.#ctx = ctx;
    this.#email = email;
  }
  getEmail(): string {
    return run(this.#ctx, "User", "getEmail", {}, () => this.#email);
  }
}

export class Selection {
  readonly #ctx: Ctx;
  readonly #doc: DocumentModel;
  constructor(ctx: Ctx, doc: DocumentModel) {
    this.#ctx = ctx;
    this.#doc = doc;
  }
  getActiveRange(): Range | null {
    return run(this.#ctx, "Selection", "getActiveRange", READ, () =>
      activeRange(this.#ctx, this.#doc, false),
    );
  }
  getCurrentCell(): Range | null {
    return run(this.#ctx, "Selection", "getCurrentCell", READ, () =>
      activeRange(this.#ctx, this.#doc, true),
    );
  }
  getActiveSheet(): Sheet {
    return run(this.#ctx, "Selection", "getActiveSheet", READ, () =>
      this.#sheet(activeSheetModel(this.#doc)),
    );
  }
  #sheet(model: SheetModel): Sheet {
    return new Sheet({ ctx: this.#ctx, doc: this.#doc, sheet: model });
  }
}

export class Spreadsheet {
  readonly #ctx: Ctx;
  readonly #doc: DocumentModel;

  constructor(ctx: Ctx, doc: DocumentModel) {
    this.#ctx = ctx;
    this.#doc = doc;
  }

  #read<T>(method: string, body: (doc: DocumentModel) => T): T {
    return run(this.#ctx, "Spreadsheet", method, READ, () => body(this.#doc));
  }
  #write<T>(method: string, body: (doc: DocumentModel) => T): T {
    return run(this.#ctx, "Spreadsheet", method, WRITE, () => body(this.#doc));
  }
  #sheet(model: SheetModel): Sheet {
    return new Sheet({ ctx: this.#ctx, doc: this.#doc, sheet: model });
  }
  #own(sheet: unknown): SheetModel {
    const model = Sheet.model(sheet);
    if (!this.#doc.sheets.includes(model)) fail("Invalid argument: sheet");
    return model;
  }

  getId(): string {
    return this.#read("getId", (d) => d.id);
  }
  getName(): string {
    return this.#read("getName", (d) => d.name);
  }
  rename(newName: string): void {
    this.#write("rename", (d) => {
      d.name = String(newName);
    });
  }
  getUrl(): string {
    return this.#read("getUrl", (d) => `https://docs.google.com/spreadsheets/d/${d.id}/edit`);
  }
  getSpreadsheetTimeZone(): string {
    return this.#read("getSpreadsheetTimeZone", (d) => d.timeZone);
  }
  setSpreadsheetTimeZone(timezone: string): void {
    this.#write("setSpreadsheetTimeZone", (d) => {
      try {
        checkTimeZone(timezone);
      } catch {
        fail("Invalid argument: timezone");
      }
      d.timeZone = timezone;
    });
  }
  getSpreadsheetLocale(): string {
    return this.#read("getSpreadsheetLocale", (d) => d.locale);
  }
  getOwner(): User {
    return this.#read("getOwner", (d) => new User(this.#ctx, d.owner));
  }

  getSheets(): Sheet[] {
    return this.#read("getSheets", (d) => d.sheets.map((s) => this.#sheet(s)));
  }
  getNumSheets(): number {
    return this.#read("getNumSheets", (d) => d.sheets.length);
  }
  /** Null when missing; names match case-insensitively (inferred). */
  getSheetByName(name: string): Sheet | null {
    return this.#read("getSheetByName", (d) => {
      const model = findSheet(d, String(name));
      return model ? this.#sheet(model) : null;
    });
  }
  getSheetById(id: number): Sheet | null {
    return this.#read("getSheetById", (d) => {
      const model = d.sheets.find((s) => s.id === id);
      return model ? this.#sheet(model) : null;
    });
  }
  /**
   * Overloads (), (name), (index), (name, index) and the same with an options object (ignored: no templates).
   * `index` is 0-based. The new sheet becomes the active sheet.
   */
  insertSheet(nameOrIndex?: unknown, indexOrOptions?: unknown): Sheet {
    return this.#write("insertSheet", (d) => {
      const name = typeof nameOrIndex === "string" ? nameOrIndex : defaultSheetName(d);
      const rawIndex = typeof nameOrIndex === "number" ? nameOrIndex : indexOrOptions;
      const index = typeof rawIndex === "number" ? int(rawIndex) : d.sheets.length;
      if (name.trim() === "") fail("Invalid argument: sheetName");
      if (findSheet(d, name)) fail(nameClashError(name));
      checkCellBudget(d, DEFAULT_ROWS * DEFAULT_COLUMNS);
      const model = createSheetModel(newSheetId(d), name, DEFAULT_ROWS, DEFAULT_COLUMNS);
      // (inferred) an index past the end appends.
      d.sheets.splice(Math.max(0, Math.min(index, d.sheets.length)), 0, model);
      d.selection = { sheetId: model.id, rect: { ...A1 } };
      return this.#sheet(model);
    });
  }
  deleteSheet(sheet: Sheet): void {
    this.#write("deleteSheet", (d) => {
      const model = this.#own(sheet);
      if (d.sheets.length === 1) fail("You can't remove all the sheets in a document.");
      if (!model.hidden && d.sheets.every((s) => s === model || s.hidden)) {
        fail("You can't remove all the visible sheets in a document."); // (inferred) wording
      }
      d.sheets.splice(d.sheets.indexOf(model), 1);
      if (d.selection.sheetId === model.id) {
        const next = d.sheets.find((s) => !s.hidden) ?? (d.sheets[0] as SheetModel);
        d.selection = { sheetId: next.id, rect: { ...A1 } };
      }
    });
  }

  getActiveSheet(): Sheet {
    return this.#read("getActiveSheet", (d) => this.#sheet(activeSheetModel(d)));
  }
  /** (inferred) Needs document write, like other selection changes. */
  setActiveSheet(sheet: Sheet, _restoreSelection?: boolean): Sheet {
    return this.#write("setActiveSheet", (d) => {
      const model = this.#own(sheet);
      if (d.selection.sheetId !== model.id) d.selection = { sheetId: model.id, rect: { ...A1 } };
      return this.#sheet(model);
    });
  }
  getActiveRange(): Range | null {
    return this.#read("getActiveRange", (d) => activeRange(this.#ctx, d, false));
  }
  getActiveCell(): Range {
    return this.#read("getActiveCell", (d) => activeRange(this.#ctx, d, true));
  }
  getCurrentCell(): Range | null {
    return this.#read("getCurrentCell", (d) => activeRange(this.#ctx, d, true));
  }
  setActiveRange(range: Range): Range {
    return this.#write("setActiveRange", (d) => {
      const { sheet, rect } = Range.model(range);
      if (!d.sheets.includes(sheet)) fail("Invalid argument: range");
      d.selection = { sheetId: sheet.id, rect };
      return range;
    });
  }
  getSelection(): Selection {
    return this.#read("getSelection", (d) => new Selection(this.#ctx, d));
  }
  /** "Sheet1!A1:B2", or A1 notation on the active sheet. */
  getRange(a1Notation: string): Range {
    return this.#read("getRange", (d) =>
      rangeFromA1(this.#ctx, d, activeSheetModel(d), a1Notation),
    );
  }

  /** Recorded on the document model (see `toasts`); null timeout means 5 seconds. */
  toast(msg: string, title?: string, timeoutSeconds?: number | null): void {
    run(this.#ctx, "Spreadsheet", "toast", { ui: true }, () => {
      const timeout =
        timeoutSeconds === null || timeoutSeconds === undefined ? 5 : Number(timeoutSeconds);
      this.#doc.toasts.push({
        message: String(msg),
        title: title === undefined ? "" : String(title),
        timeoutSeconds: timeout,
      });
    });
  }

  /** Overloads: (key), (key, value), (key, visibility), (key, value, visibility). */
  addDeveloperMetadata(...args: unknown[]): Spreadsheet {
    return this.#write("addDeveloperMetadata", (d) => {
      addMetadata(this.#ctx.store, d, d.metadata, args);
      return this;
    });
  }
  /** The spreadsheet's own metadata (not its sheets'). */
  getDeveloperMetadata(): DeveloperMetadata[] {
    return this.#read("getDeveloperMetadata", (d) =>
      listMetadata(this.#ctx, d, d.metadata, "SPREADSHEET"),
    );
  }
}

/** (inferred) "SheetN" with the smallest N above the sheet count that is free. */
function defaultSheetName(doc: DocumentModel): string {
  let n = doc.sheets.length + 1;
  while (findSheet(doc, `Sheet${n}`)) n++;
  return `Sheet${n}`;
}

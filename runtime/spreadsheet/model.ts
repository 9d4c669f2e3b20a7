// The spreadsheet model: documents, sheets and sparse cell grids, with Sheets' size limits. No kernel here.

import { MAX_COLUMNS } from "./a1.ts";
import { fail } from "./realm.ts";
import { type CellValue, checkTimeZone, type PlainTextRule } from "./values.ts";

/** One cell; an absent cell or a cell without `value` is empty. Formats are kept apart from content. */
export interface Cell {
  value?: CellValue;
  /** Formula text as written ("=SUM(A1:A3)"); `value` then holds its computed result. */
  formula?: string;
  /** Set on cells filled by an array result spilling from a formula cell (inferred model of array results). */
  spilled?: boolean;
  /** On a formula cell whose array result spilled: the spill's size. */
  spill?: { rows: number; columns: number };
  /** On a formula cell whose array result could not spill (it shows #REF!): the size it wanted. */
  blocked?: { rows: number; columns: number };
  numberFormat?: string;
  note?: string;
  background?: string;
  fontWeight?: "bold" | "normal";
  /** The cell's data validation rule (see data-validation.ts). */
  validation?: ValidationModel;
}

/** A data validation rule: its criteria type and arguments, as DataValidation reports them. */
export interface ValidationModel {
  criteria: string;
  args: unknown[];
  allowInvalid: boolean;
  helpText: string | null;
}

/** A rectangle of a sheet, 1-based. */
export interface GridRect {
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
}

export interface MetadataModel {
  id: number;
  key: string;
  value: string | null;
  visibility: "DOCUMENT" | "PROJECT";
}

export interface FilterModel {
  rect: GridRect;
  /** Rows a test marked as hidden by the filter (the fake has no filter criteria). */
  hiddenRows: Set<number>;
}

export interface SheetModel {
  id: number;
  name: string;
  maxRows: number;
  maxColumns: number;
  /** rows[r-1][c-1]; both levels sparse. */
  rows: Array<Array<Cell | undefined> | undefined>;
  frozenRows: number;
  frozenColumns: number;
  hidden: boolean;
  hiddenRows: Set<number>;
  hiddenColumns: Set<number>;
  filter: FilterModel | null;
  metadata: MetadataModel[];
  columnWidths: Map<number, number>;
}

export interface Toast {
  message: string;
  title: string;
  timeoutSeconds: number;
}

/** Selection of the person at the keyboard (one per document in this fake). */
export interface Selection {
  sheetId: number;
  rect: GridRect;
}

export interface DocumentModel {
  id: string;
  name: string;
  owner: string;
  timeZone: string;
  locale: string;
  sheets: SheetModel[];
  metadata: MetadataModel[];
  toasts: Toast[];
  selection: Selection;
  nextSheetId: number;
  nextMetadataId: number;
}

/** The context handed to `SpreadsheetStore.evaluateFormula`. */
export interface FormulaContext {
  store: SpreadsheetStore;
  documentId: string;
  sheetName: string;
  row: number;
  column: number;
}

/** All documents, keyed by id; survives across executions. */
export interface SpreadsheetStore {
  documents: Map<string, DocumentModel>;
  /**
   * Computes a formula's value when it is written (or on `recalculate`). A 2D array result spills into the
   * empty cells right and below. Without a hook every formula shows "#NAME?"; a throwing hook gives "#ERROR!".
   */
  evaluateFormula?: (formula: string, ctx: FormulaContext) => unknown;
  /** Cells written by setValue(s), setFormula(s) and appendRow so far: the cost benchmarks report. */
  cellsWritten: number;
  /** How a number, boolean or date written into a plain-text cell is stored (default the stricter "text"). */
  plainText: PlainTextRule;
  /**
   * What the spreadsheet's 30,000-character metadata cap counts: "document" (default, the stricter reading) counts
   * the sheets' entries too; "location" counts only the spreadsheet's own entries (see metadata.ts).
   */
  metadataScope?: "document" | "location";
}

/** support.google.com/drive/answer/37603: 10 million cells per spreadsheet, across all its sheets. */
export const MAX_CELLS = 10_000_000;
export const CELLS_ERROR =
  "This action would increase the number of cells in the workbook above the limit of 10000000 cells.";
export const DEFAULT_ROWS = 1000;
export const DEFAULT_COLUMNS = 26;
/** (inferred) The default time zone of a new document in this fake. */
export const DEFAULT_TIME_ZONE = "Etc/GMT";

export function createSpreadsheetStore(): SpreadsheetStore {
  return { documents: new Map(), cellsWritten: 0, plainText: "text" };
}

export function createSheetModel(
  id: number,
  name: string,
  rows: number,
  columns: number,
): SheetModel {
  return {
    id,
    name,
    maxRows: rows,
    maxColumns: columns,
    rows: [],
    frozenRows: 0,
    frozenColumns: 0,
    hidden: false,
    hiddenRows: new Set(),
    hiddenColumns: new Set(),
    filter: null,
    metadata: [],
    columnWidths: new Map(),
  };
}

/** Creates a document with one sheet "Sheet1" (gid 0) of 1000 rows × 26 columns. */
export function addDocument(
  store: SpreadsheetStore,
  opts: { id: string; name?: string; owner: string; timeZone?: string; locale?: string },
): DocumentModel {
  if (store.documents.has(opts.id)) throw new Error(`Document ${opts.id} already exists`);
  const timeZone = opts.timeZone ?? DEFAULT_TIME_ZONE;
  checkTimeZone(timeZone);
  const doc: DocumentModel = {
    id: opts.id,
    name: opts.name ?? "Untitled spreadsheet",
    owner: opts.owner,
    timeZone,
    locale: opts.locale ?? "en_US",
    sheets: [createSheetModel(0, "Sheet1", DEFAULT_ROWS, DEFAULT_COLUMNS)],
    metadata: [],
    toasts: [],
    selection: { sheetId: 0, rect: { row: 1, column: 1, numRows: 1, numColumns: 1 } },
    nextSheetId: 1,
    nextMetadataId: 1,
  };
  store.documents.set(doc.id, doc);
  return doc;
}

export function getDocument(store: SpreadsheetStore, id: string): DocumentModel {
  const doc = store.documents.get(id);
  if (!doc) throw new Error(`No document with id ${id}`);
  return doc;
}

/** Sheet names compare case-insensitively in Sheets (inferred from the UI refusing "sheet1" next to "Sheet1"). */
export function findSheet(doc: DocumentModel, name: string): SheetModel | undefined {
  const lower = name.toLowerCase();
  return doc.sheets.find((s) => s.name.toLowerCase() === lower);
}

export function sheetByName(store: SpreadsheetStore, docId: string, name: string): SheetModel {
  const sheet = findSheet(getDocument(store, docId), name);
  if (!sheet) throw new Error(`No sheet named ${name} in ${docId}`);
  return sheet;
}

export function totalCells(doc: DocumentModel): number {
  return doc.sheets.reduce((sum, s) => sum + s.maxRows * s.maxColumns, 0);
}

/** Throws the real error when adding `extra` cells would pass 10,000,000. */
export function checkCellBudget(doc: DocumentModel, extra: number): void {
  if (totalCells(doc) + extra > MAX_CELLS) fail(CELLS_ERROR);
}

/**
 * A sheet is at most MAX_COLUMNS (18,278) columns wide (column ZZZ; support.google.com/drive/answer/37603,
 * docs/apps-script.md "Sheet size"). The message is inferred, in the style of the cell cap's.
 */
export const COLUMNS_ERROR =
  "This action would increase the number of columns in the sheet above the limit of 18278.";

/** Throws when a sheet would grow past 18,278 columns. */
export function checkColumnBudget(sheet: SheetModel, extraColumns: number): void {
  if (sheet.maxColumns + extraColumns > MAX_COLUMNS) fail(COLUMNS_ERROR);
}

export function nameClashError(name: string): string {
  return `A sheet with the name "${name}" already exists. Please enter another name.`;
}

/** (inferred) New sheets get a pseudo-random 9-10 digit gid, deterministic per document. */
export function newSheetId(doc: DocumentModel): number {
  const n = doc.nextSheetId++;
  let id = (n * 2_654_435_761) % 2_000_000_000;
  while (id < 100_000_000 || doc.sheets.some((s) => s.id === id))
    id = (id + 982_451_653) % 2_000_000_000;
  return id;
}

export function cellAt(sheet: SheetModel, row: number, column: number): Cell | undefined {
  return sheet.rows[row - 1]?.[column - 1];
}

/** The cell at (row, column), created when missing. */
export function cellFor(sheet: SheetModel, row: number, column: number): Cell {
  let r = sheet.rows[row - 1];
  if (!r) {
    r = [];
    sheet.rows[row - 1] = r;
  }
  let c = r[column - 1];
  if (!c) {
    c = {};
    r[column - 1] = c;
  }
  return c;
}

export function hasContent(cell: Cell | undefined): boolean {
  return cell !== undefined && (cell.value !== undefined || cell.formula !== undefined);
}

/** Last row with a value or formula; 0 on an empty sheet. */
export function lastRow(sheet: SheetModel): number {
  for (let r = sheet.rows.length; r >= 1; r--) {
    if (sheet.rows[r - 1]?.some(hasContent)) return r;
  }
  return 0;
}

/** Last column with a value or formula; 0 on an empty sheet. */
export function lastColumn(sheet: SheetModel): number {
  let last = 0;
  for (const row of sheet.rows) {
    if (!row) continue;
    for (let c = row.length; c > last; c--) {
      if (hasContent(row[c - 1])) {
        last = c;
        break;
      }
    }
  }
  return last;
}

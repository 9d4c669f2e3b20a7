// The Workbook port over SpreadsheetApp: one getValues or setValues per block, never cell by cell.
import { type CellValue, planWrite } from "../sheets/cells";
import type { ActiveSelection } from "../sheets/selection";
import type { SheetHandle, Workbook } from "../sheets/workbook";

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

function handle(sheet: Sheet): SheetHandle {
  const ensureSize = (rows: number, columns: number) => {
    const extraRows = rows - sheet.getMaxRows();
    if (extraRows > 0) sheet.insertRowsAfter(sheet.getMaxRows(), extraRows);
    const extraColumns = columns - sheet.getMaxColumns();
    if (extraColumns > 0) sheet.insertColumnsAfter(sheet.getMaxColumns(), extraColumns);
  };
  return {
    id: sheet.getSheetId(),
    name: () => sheet.getName(),
    read() {
      const range = sheet.getDataRange();
      if (sheet.getLastRow() === 0) return { values: [], formulas: [] };
      return { values: range.getValues() as CellValue[][], formulas: range.getFormulas() };
    },
    readRows(first, count, width) {
      return sheet.getRange(first, 1, count, width).getValues() as CellValue[][];
    },
    write(row, values) {
      this.writeAt(row, 1, values);
    },
    writeAt(row, column, values) {
      if (values.length === 0) return;
      const width = Math.max(...values.map((r) => r.length));
      const block = values.map((r) =>
        r.length === width ? r : [...r, ...Array<CellValue>(width - r.length).fill("")],
      );
      ensureSize(row + block.length - 1, column + width - 1);
      const range = sheet.getRange(row, column, block.length, width);
      const plan = planWrite(block, range.getNumberFormats());
      if (plan.formats) range.setNumberFormats(plan.formats);
      range.setValues(plan.values);
    },
    deleteRows(first, count) {
      // Sheets refuses to delete every unfrozen row: keep one empty row below.
      if (count >= sheet.getMaxRows() - sheet.getFrozenRows())
        sheet.insertRowsAfter(sheet.getMaxRows(), 1);
      sheet.deleteRows(first, count);
    },
    deleteColumns(first, count) {
      if (count >= sheet.getMaxColumns() - sheet.getFrozenColumns())
        sheet.insertColumnsAfter(sheet.getMaxColumns(), 1);
      sheet.deleteColumns(first, count);
    },
    insertColumns(after, count) {
      if (after === 0) sheet.insertColumnsBefore(1, count);
      else sheet.insertColumnsAfter(after, count);
    },
    lastRow: () => sheet.getLastRow(),
    lastColumn: () => sheet.getLastColumn(),
    gridSize: () => ({ rows: sheet.getMaxRows(), columns: sheet.getMaxColumns() }),
    readMarks() {
      if (sheet.getLastRow() === 0) return { notes: [], backgrounds: [] };
      const range = sheet.getDataRange();
      return { notes: range.getNotes(), backgrounds: range.getBackgrounds() };
    },
    writeMarks(notes, backgrounds) {
      if (notes.length === 0 || (notes[0]?.length ?? 0) === 0) return;
      const range = sheet.getRange(1, 1, notes.length, notes[0]?.length ?? 0);
      range.setNotes(notes);
      range.setBackgrounds(backgrounds);
    },
    replaceAll(values) {
      sheet.clearContents();
      if (values.length > 0) this.write(1, values);
      sheet.setFrozenRows(values.length > 0 ? 1 : 0);
      // The header reads as one, as a person would format it: frozen and bold.
      const width = values[0]?.length ?? 0;
      if (width > 0) sheet.getRange(1, 1, 1, width).setFontWeight("bold");
    },
    getMeta(key) {
      const found = sheet.getDeveloperMetadata().find((m) => m.getKey() === key);
      return found ? found.getValue() : null;
    },
    setMeta(key, value) {
      const found = sheet.getDeveloperMetadata().find((m) => m.getKey() === key);
      if (found) found.setValue(value);
      else sheet.addDeveloperMetadata(key, value);
    },
    rename: (name) => {
      sheet.setName(name);
    },
    activate: () => {
      sheet.activate();
    },
  };
}

export function activeWorkbook(): Workbook {
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  const wrap = (sheet: Sheet | null) => (sheet ? handle(sheet) : null);
  return {
    timeZone: () => spreadsheet.getSpreadsheetTimeZone(),
    sheetById: (id) => wrap(spreadsheet.getSheets().find((s) => s.getSheetId() === id) ?? null),
    sheetByName: (name) => wrap(spreadsheet.getSheetByName(name)),
    active: () => wrap(spreadsheet.getActiveSheet()),
    sheets: () => spreadsheet.getSheets().map(handle),
    insert(name, options) {
      // insertSheet shows the new sheet; the person stays where they were (a finished pull shows its sheet).
      const before = spreadsheet.getActiveSheet();
      const sheet = spreadsheet.insertSheet(name, spreadsheet.getNumSheets());
      if (options?.hidden) sheet.hideSheet();
      before?.activate();
      return handle(sheet);
    },
    remove(target) {
      const sheet = spreadsheet.getSheets().find((s) => s.getSheetId() === target.id);
      if (sheet) spreadsheet.deleteSheet(sheet);
    },
  };
}

/** The active range (null when there is none), read with one getValues each for it and the header row. */
export function activeSelection(): ActiveSelection | null {
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  const range = spreadsheet.getActiveRange();
  if (!range) return null;
  const sheet = range.getSheet();
  const width = sheet.getLastColumn();
  return {
    sheetName: sheet.getName(),
    range: range.getA1Notation(),
    row: range.getRow(),
    column: range.getColumn(),
    values: range.getValues() as CellValue[][],
    headers: width > 0 ? (sheet.getRange(1, 1, 1, width).getValues()[0] as CellValue[]) : [],
    readRow: (row) =>
      width > 0 ? (sheet.getRange(row, 1, 1, width).getValues()[0] as CellValue[]) : [],
  };
}

// Public entry of the SpreadsheetApp fake: the store, documents, the per-execution SpreadsheetApp and model accessors.

export { MAX_COLUMNS, parseA1 } from "./a1.ts";
export {
  cellModel,
  recalculate,
  seedValues,
  setRowsHiddenByFilter,
  setSelection,
  sheetDisplayValues,
  sheetFormulas,
  sheetNames,
  sheetValues,
  toasts,
} from "./accessors.ts";
export { createSpreadsheetApp, SpreadsheetApp } from "./app.ts";
export { DEFAULT_NUMBER_FORMAT } from "./cells.ts";
export { MAX_METADATA_CHARS, METADATA_ERROR } from "./metadata.ts";
export {
  addDocument,
  CELLS_ERROR,
  type Cell,
  COLUMNS_ERROR,
  createSpreadsheetStore,
  type DocumentModel,
  type FormulaContext,
  getDocument,
  MAX_CELLS,
  type SheetModel,
  type SpreadsheetStore,
  sheetByName,
  type Toast,
} from "./model.ts";
export { DEFAULT_BACKGROUND } from "./range-format.ts";
export { createTestKernel, createTestSpreadsheet, type TestKernel } from "./test-kernel.ts";
export { CELL_CHARS_ERROR, type CellValue, MAX_CELL_CHARS } from "./values.ts";

// The SpreadsheetApp global for one execution: finds the execution's document and hands out Spreadsheet objects.

import type { Kernel } from "../kernel.ts";
import { type Ctx, READ, run, WRITE } from "./context.ts";
import { DataValidationBuilder, DataValidationCriteria } from "./data-validation.ts";
import { DeveloperMetadataLocationType, DeveloperMetadataVisibility } from "./metadata.ts";
import type { DocumentModel, SpreadsheetStore } from "./model.ts";
import { Range } from "./range.ts";
import { Sheet } from "./sheet.ts";
import { activeRange, activeSheetModel, type Selection, Spreadsheet } from "./spreadsheet.ts";

/** The document of the running execution, or null for a standalone run or an unknown id. */
function currentDocument(ctx: Ctx): DocumentModel | null {
  const id = ctx.kernel.current().documentId;
  return id === null ? null : (ctx.store.documents.get(id) ?? null);
}

export class SpreadsheetApp {
  readonly #ctx: Ctx;
  declare readonly DeveloperMetadataVisibility: typeof DeveloperMetadataVisibility;
  declare readonly DeveloperMetadataLocationType: typeof DeveloperMetadataLocationType;
  declare readonly DataValidationCriteria: typeof DataValidationCriteria;

  constructor(ctx: Ctx) {
    this.#ctx = ctx;
    Object.defineProperties(this, {
      DeveloperMetadataVisibility: { value: DeveloperMetadataVisibility, enumerable: true },
      DeveloperMetadataLocationType: { value: DeveloperMetadataLocationType, enumerable: true },
      DataValidationCriteria: { value: DataValidationCriteria, enumerable: true },
    });
  }

  #withDoc<T>(method: string, body: (doc: DocumentModel) => T): T | null {
    return run(this.#ctx, "SpreadsheetApp", method, READ, () => {
      const doc = currentDocument(this.#ctx);
      return doc ? body(doc) : null;
    });
  }

  /** Null when the execution has no document (standalone run). */
  getActiveSpreadsheet(): Spreadsheet | null {
    return this.#withDoc("getActiveSpreadsheet", (doc) => new Spreadsheet(this.#ctx, doc));
  }
  getActive(): Spreadsheet | null {
    return this.#withDoc("getActive", (doc) => new Spreadsheet(this.#ctx, doc));
  }
  getActiveSheet(): Sheet | null {
    return this.#withDoc(
      "getActiveSheet",
      (doc) => new Sheet({ ctx: this.#ctx, doc, sheet: activeSheetModel(doc) }),
    );
  }
  getActiveRange(): Range | null {
    return this.#withDoc("getActiveRange", (doc) => activeRange(this.#ctx, doc, false));
  }
  getCurrentCell(): Range | null {
    return this.#withDoc("getCurrentCell", (doc) => activeRange(this.#ctx, doc, true));
  }
  getSelection(): Selection | null {
    return this.#withDoc("getSelection", (doc) => new Spreadsheet(this.#ctx, doc).getSelection());
  }
  setActiveSheet(sheet: Sheet): Sheet {
    return run(this.#ctx, "SpreadsheetApp", "setActiveSheet", WRITE, () => {
      const model = Sheet.model(sheet);
      const doc = currentDocument(this.#ctx);
      if (doc?.sheets.includes(model))
        doc.selection = {
          sheetId: model.id,
          rect: { row: 1, column: 1, numRows: 1, numColumns: 1 },
        };
      return sheet;
    });
  }
  setActiveRange(range: Range): Range {
    return run(this.#ctx, "SpreadsheetApp", "setActiveRange", WRITE, () => {
      const { sheet, rect } = Range.model(range);
      const doc = currentDocument(this.#ctx);
      if (doc?.sheets.includes(sheet)) doc.selection = { sheetId: sheet.id, rect };
      return range;
    });
  }
  newDataValidation(): DataValidationBuilder {
    return run(
      this.#ctx,
      "SpreadsheetApp",
      "newDataValidation",
      READ,
      () => new DataValidationBuilder(this.#ctx),
    );
  }
  /** Writes are applied at once in this fake: counted, no effect. */
  flush(): void {
    run(this.#ctx, "SpreadsheetApp", "flush", {}, () => undefined);
  }
  getUi(): unknown {
    return run(this.#ctx, "SpreadsheetApp", "getUi", {}, () => this.#ctx.getUi());
  }
}

/**
 * The SpreadsheetApp object for one execution; `kernel.current().documentId` names the active document. Objects are
 * Node-realm: hand them to the vm context through the runtime's Membrane (arrays and Dates are copied there).
 */
export function createSpreadsheetApp(
  store: SpreadsheetStore,
  kernel: Kernel,
  getUi: () => unknown,
): SpreadsheetApp {
  return new SpreadsheetApp({ store, kernel, getUi });
}

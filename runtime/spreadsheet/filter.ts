// The Filter fake: one per sheet, over a range; no criteria, but tests may mark rows as hidden by it.

import { type Ctx, int, READ, run, WRITE } from "./context.ts";
import type { DocumentModel, SheetModel } from "./model.ts";
import { Range } from "./range.ts";

export class Filter {
  readonly #ctx: Ctx;
  readonly #doc: DocumentModel;
  readonly #sheet: SheetModel;

  constructor(ctx: Ctx, doc: DocumentModel, sheet: SheetModel) {
    this.#ctx = ctx;
    this.#doc = doc;
    this.#sheet = sheet;
  }

  getRange(): Range {
    return run(this.#ctx, "Filter", "getRange", READ, () => {
      const rect = this.#sheet.filter?.rect ?? { row: 1, column: 1, numRows: 1, numColumns: 1 };
      return new Range({
        ctx: this.#ctx,
        doc: this.#doc,
        sheet: this.#sheet,
        rect: { ...rect },
        open: {},
      });
    });
  }
  /** Criteria are not modelled: always null. */
  getColumnFilterCriteria(columnPosition: number): null {
    return run(this.#ctx, "Filter", "getColumnFilterCriteria", READ, () => {
      int(columnPosition);
      return null;
    });
  }
  remove(): void {
    run(this.#ctx, "Filter", "remove", WRITE, () => {
      this.#sheet.filter = null;
    });
  }
}

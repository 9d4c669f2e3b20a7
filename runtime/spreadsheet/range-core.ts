// The base of Range: its hidden parts (sheet, rectangle) and the counted read/write wrappers its methods use.

import type { A1Open } from "./a1.ts";
import { type Ctx, READ, run, WRITE } from "./context.ts";
import type { Cell, DocumentModel, GridRect, SheetModel } from "./model.ts";
import { fail } from "./realm.ts";

export interface RangeParts {
  ctx: Ctx;
  doc: DocumentModel;
  sheet: SheetModel;
  rect: GridRect;
  open: A1Open;
}

/** Holds a Range's state in a private field, so the object shows no own properties (as Apps Script's do not). */
export class RangeCore {
  readonly #parts: RangeParts;

  constructor(parts: RangeParts) {
    this.#parts = parts;
  }

  /** The parts of a Range (also one handed back by the bundle, for setActiveRange…). */
  static parts(range: unknown): RangeParts {
    if (typeof range !== "object" || range === null || !(#parts in range))
      return fail("Invalid argument: range");
    return range.#parts;
  }
}

export function readRange<T>(self: RangeCore, method: string, body: (p: RangeParts) => T): T {
  const p = RangeCore.parts(self);
  return run(p.ctx, "Range", method, READ, () => body(p));
}

export function writeRange<R extends RangeCore>(
  self: R,
  method: string,
  body: (p: RangeParts) => void,
): R {
  const p = RangeCore.parts(self);
  return run(p.ctx, "Range", method, WRITE, () => {
    body(p);
    return self;
  });
}

/** The top-left cell of the range. */
export function firstCell(p: RangeParts): Cell | undefined {
  return p.sheet.rows[p.rect.row - 1]?.[p.rect.column - 1];
}

/** `value` repeated over the range's shape (for setValue, setNote… on many cells). */
export function fill<T>(p: RangeParts, value: T): T[][] {
  return Array.from({ length: p.rect.numRows }, () => new Array<T>(p.rect.numColumns).fill(value));
}

// The base of Sheet: its hidden parts (document, sheet model) and the counted read/write wrappers its methods use.

import { type Ctx, READ, run, WRITE } from "./context.ts";
import type { DocumentModel, SheetModel } from "./model.ts";
import { fail } from "./realm.ts";

export interface SheetParts {
  ctx: Ctx;
  doc: DocumentModel;
  sheet: SheetModel;
}

/** Holds a Sheet's state in a private field, so the object shows no own properties. */
export class SheetCore {
  readonly #parts: SheetParts;

  constructor(parts: SheetParts) {
    this.#parts = parts;
  }

  /** The parts of a Sheet (also one handed back by the bundle, for setActiveSheet, deleteSheet…). */
  static parts(sheet: unknown): SheetParts {
    if (typeof sheet !== "object" || sheet === null || !(#parts in sheet))
      return fail("Invalid argument: sheet");
    return sheet.#parts;
  }
}

export function readSheet<T>(self: SheetCore, method: string, body: (p: SheetParts) => T): T {
  const p = SheetCore.parts(self);
  return run(p.ctx, "Sheet", method, READ, () => body(p));
}

export function writeSheet<S extends SheetCore>(
  self: S,
  method: string,
  body: (p: SheetParts) => unknown,
): S {
  const p = SheetCore.parts(self);
  return run(p.ctx, "Sheet", method, WRITE, () => {
    body(p);
    return self;
  });
}

// Range formats: number formats, notes, backgrounds and font weights (get, set, clear).

import { checkShape, DEFAULT_NUMBER_FORMAT, eachCell, readGrid } from "./cells.ts";
import { DataValidation } from "./data-validation.ts";
import type { Cell } from "./model.ts";
import {
  fill,
  firstCell,
  RangeCore,
  type RangeParts,
  readRange,
  writeRange,
} from "./range-core.ts";
import { fail } from "./realm.ts";
import { checkCellLength } from "./values.ts";

export const DEFAULT_BACKGROUND = "#ffffff";

function getAll<T>(self: RangeCore, method: string, pick: (c: Cell | undefined) => T): T[][] {
  return readRange(self, method, (p) => readGrid(p.sheet, p.rect, pick));
}

function setAll<R extends RangeCore>(
  self: R,
  method: string,
  data: unknown,
  apply: (cell: Cell, v: unknown) => void,
): R {
  return writeRange(self, method, (p: RangeParts) => {
    const rows = checkShape(data, p.rect, method);
    // Validate every input on a scratch cell before touching the sheet.
    for (const row of rows) for (const v of row) apply({}, v);
    eachCell(p.sheet, p.rect, (cell, r, c) => apply(cell, rows[r]?.[c]));
  });
}

const numberFormat = (c: Cell | undefined) => c?.numberFormat ?? DEFAULT_NUMBER_FORMAT;
const note = (c: Cell | undefined) => c?.note ?? "";
const background = (c: Cell | undefined) => c?.background ?? DEFAULT_BACKGROUND;
const fontWeight = (c: Cell | undefined) => c?.fontWeight ?? "normal";

export class RangeFormats extends RangeCore {
  getNumberFormat(): string {
    return readRange(this, "getNumberFormat", (p) => numberFormat(firstCell(p)));
  }
  getNumberFormats(): string[][] {
    return getAll(this, "getNumberFormats", numberFormat);
  }
  setNumberFormat(format: string): this {
    return setAll(this, "setNumberFormat", fill(RangeCore.parts(this), format), setFormat);
  }
  setNumberFormats(formats: string[][]): this {
    return setAll(this, "setNumberFormats", formats, setFormat);
  }

  getNote(): string {
    return readRange(this, "getNote", (p) => note(firstCell(p)));
  }
  getNotes(): string[][] {
    return getAll(this, "getNotes", note);
  }
  setNote(text: string | null): this {
    return setAll(this, "setNote", fill(RangeCore.parts(this), text), setNote);
  }
  setNotes(notes: Array<Array<string | null>>): this {
    return setAll(this, "setNotes", notes, setNote);
  }
  clearNote(): this {
    return writeRange(this, "clearNote", (p) =>
      eachCell(p.sheet, p.rect, (cell) => delete cell.note),
    );
  }

  getBackground(): string {
    return readRange(this, "getBackground", (p) => background(firstCell(p)));
  }
  getBackgrounds(): string[][] {
    return getAll(this, "getBackgrounds", background);
  }
  setBackground(color: string | null): this {
    return setAll(this, "setBackground", fill(RangeCore.parts(this), color), setBackground);
  }
  setBackgrounds(colors: Array<Array<string | null>>): this {
    return setAll(this, "setBackgrounds", colors, setBackground);
  }

  getFontWeight(): string {
    return readRange(this, "getFontWeight", (p) => fontWeight(firstCell(p)));
  }
  getFontWeights(): string[][] {
    return getAll(this, "getFontWeights", fontWeight);
  }
  setFontWeight(weight: string | null): this {
    return setAll(this, "setFontWeight", fill(RangeCore.parts(this), weight), setFontWeight);
  }
  setFontWeights(weights: Array<Array<string | null>>): this {
    return setAll(this, "setFontWeights", weights, setFontWeight);
  }

  /** Data validation rules (null where a cell has none): they belong to cells and move with rows. */
  getDataValidation(): DataValidation | null {
    return readRange(this, "getDataValidation", (p) => ruleOf(p, firstCell(p)));
  }
  getDataValidations(): Array<Array<DataValidation | null>> {
    return readRange(this, "getDataValidations", (p) =>
      readGrid(p.sheet, p.rect, (c) => ruleOf(p, c)),
    );
  }
  setDataValidation(rule: DataValidation | null): this {
    return setAll(this, "setDataValidation", fill(RangeCore.parts(this), rule), setRule);
  }
  setDataValidations(rules: Array<Array<DataValidation | null>>): this {
    return setAll(this, "setDataValidations", rules, setRule);
  }
  clearDataValidations(): this {
    return writeRange(this, "clearDataValidations", (p) =>
      eachCell(p.sheet, p.rect, (cell) => delete cell.validation),
    );
  }

  /** Number formats, backgrounds and font weights back to their defaults. */
  clearFormat(): this {
    return writeRange(this, "clearFormat", (p) => eachCell(p.sheet, p.rect, clearFormats));
  }
}

export function clearFormats(cell: Cell): void {
  delete cell.numberFormat;
  delete cell.background;
  delete cell.fontWeight;
}

function setFormat(cell: Cell, v: unknown): void {
  if (v === null || v === undefined || v === "") delete cell.numberFormat;
  else cell.numberFormat = String(v);
}

function ruleOf(p: RangeParts, cell: Cell | undefined): DataValidation | null {
  return cell?.validation ? new DataValidation(p.ctx, cell.validation) : null;
}

function setRule(cell: Cell, v: unknown): void {
  const model = DataValidation.model(v);
  if (model) cell.validation = model;
  else delete cell.validation;
}

function setNote(cell: Cell, v: unknown): void {
  const text = v === null || v === undefined ? "" : String(v);
  checkCellLength(text); // (inferred) notes share the 50,000-character cap
  if (text === "") delete cell.note;
  else cell.note = text;
}

function setBackground(cell: Cell, v: unknown): void {
  const color = normalizeColor(v);
  if (color === undefined || color === DEFAULT_BACKGROUND) delete cell.background;
  else cell.background = color;
}

function setFontWeight(cell: Cell, v: unknown): void {
  if (normalizeFontWeight(v)) cell.fontWeight = "bold";
  else delete cell.fontWeight;
}

const NAMED_COLORS: Record<string, string> = {
  white: "#ffffff",
  black: "#000000",
  red: "#ff0000",
  green: "#008000",
  blue: "#0000ff",
  yellow: "#ffff00",
  orange: "#ffa500",
  gray: "#808080",
  grey: "#808080",
  purple: "#800080",
};

/** Colours as getBackground returns them: lower-case "#rrggbb" (named and 3-digit forms expanded; inferred). */
export function normalizeColor(color: unknown): string | undefined {
  if (color === null || color === undefined || color === "") return undefined;
  const text = String(color).trim().toLowerCase();
  const named = NAMED_COLORS[text];
  if (named) return named;
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(text);
  if (short) return `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`;
  return text;
}

/** "bold" | "normal"; null resets. Anything else is refused (inferred message). */
export function normalizeFontWeight(weight: unknown): "bold" | undefined {
  if (weight === null || weight === undefined || weight === "normal") return undefined;
  if (weight === "bold") return "bold";
  return fail("Invalid argument: fontWeight");
}

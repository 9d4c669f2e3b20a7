// Data validation rules: SpreadsheetApp.newDataValidation(), DataValidation, and the per-cell rule a Range sets and reads.
// https://developers.google.com/apps-script/reference/spreadsheet/data-validation-builder and
// https://developers.google.com/apps-script/reference/spreadsheet/data-validation; docs/apps-script.md
// "Rows, formulas and spills". A rule belongs to its cell: it moves with inserted and deleted rows, and
// clearContent() keeps it. (inferred) Scripts may write values a rule rejects (Sheets only flags them).

import { type Ctx, run } from "./context.ts";
import type { ValidationModel } from "./model.ts";
import { fail } from "./realm.ts";

export const DataValidationCriteria = Object.freeze(
  Object.fromEntries(
    [
      "CHECKBOX",
      "CUSTOM_FORMULA",
      "DATE_AFTER",
      "DATE_BEFORE",
      "DATE_BETWEEN",
      "DATE_EQUAL_TO",
      "DATE_IS_VALID_DATE",
      "DATE_NOT_BETWEEN",
      "DATE_ON_OR_AFTER",
      "DATE_ON_OR_BEFORE",
      "NUMBER_BETWEEN",
      "NUMBER_EQUAL_TO",
      "NUMBER_GREATER_THAN",
      "NUMBER_GREATER_THAN_OR_EQUAL_TO",
      "NUMBER_LESS_THAN",
      "NUMBER_LESS_THAN_OR_EQUAL_TO",
      "NUMBER_NOT_BETWEEN",
      "NUMBER_NOT_EQUAL_TO",
      "TEXT_CONTAINS",
      "TEXT_DOES_NOT_CONTAIN",
      "TEXT_EQUAL_TO",
      "TEXT_IS_VALID_EMAIL",
      "TEXT_IS_VALID_URL",
      "VALUE_IN_LIST",
      "VALUE_IN_RANGE",
    ].map((name) => [name, name]),
  ) as Record<string, string>,
);

const EMPTY: ValidationModel = { criteria: "", args: [], allowInvalid: true, helpText: null };

function copyModel(model: ValidationModel): ValidationModel {
  return { ...model, args: [...model.args] };
}

/** A built rule (immutable): what getDataValidation returns and setDataValidation takes. */
export class DataValidation {
  readonly #ctx: Ctx;
  readonly #model: ValidationModel;

  constructor(ctx: Ctx, model: ValidationModel) {
    this.#ctx = ctx;
    this.#model = copyModel(model);
  }

  /** The rule behind a DataValidation handed back by the bundle (null clears a cell's rule). */
  static model(rule: unknown): ValidationModel | null {
    if (rule === null || rule === undefined) return null;
    if (!(rule instanceof DataValidation)) return fail("Invalid argument: rule");
    return copyModel(rule.#model);
  }

  #get<T>(method: string, pick: (m: ValidationModel) => T): T {
    return run(this.#ctx, "DataValidation", method, {}, () => pick(this.#model));
  }
  getCriteriaType(): string {
    return this.#get("getCriteriaType", (m) => m.criteria);
  }
  getCriteriaValues(): unknown[] {
    return this.#get("getCriteriaValues", (m) => [...m.args]);
  }
  getAllowInvalid(): boolean {
    return this.#get("getAllowInvalid", (m) => m.allowInvalid);
  }
  getHelpText(): string | null {
    return this.#get("getHelpText", (m) => m.helpText);
  }
  copy(): DataValidationBuilder {
    return this.#get("copy", (m) => new DataValidationBuilder(this.#ctx, m));
  }
}

/** SpreadsheetApp.newDataValidation(): a builder with the commonest criteria. */
export class DataValidationBuilder {
  readonly #ctx: Ctx;
  #model: ValidationModel;

  constructor(ctx: Ctx, model: ValidationModel = EMPTY) {
    this.#ctx = ctx;
    this.#model = copyModel(model);
  }

  /** Counts the call first, then applies `change` (which may refuse its arguments). */
  #set(method: string, change: () => Partial<ValidationModel>): this {
    return run(this.#ctx, "DataValidationBuilder", method, {}, () => {
      this.#model = { ...this.#model, ...change() };
      return this;
    });
  }
  requireValueInList(values: unknown[], showDropdown = true): this {
    return this.#set("requireValueInList", () => {
      if (!Array.isArray(values)) fail("Invalid argument: values");
      return { criteria: "VALUE_IN_LIST", args: [[...values], showDropdown] };
    });
  }
  requireCheckbox(...values: unknown[]): this {
    return this.#set("requireCheckbox", () => ({ criteria: "CHECKBOX", args: values }));
  }
  requireNumberBetween(start: number, end: number): this {
    return this.#set("requireNumberBetween", () => ({
      criteria: "NUMBER_BETWEEN",
      args: [start, end],
    }));
  }
  requireNumberGreaterThan(n: number): this {
    return this.#set("requireNumberGreaterThan", () => ({
      criteria: "NUMBER_GREATER_THAN",
      args: [n],
    }));
  }
  requireTextIsEmail(): this {
    return this.#set("requireTextIsEmail", () => ({ criteria: "TEXT_IS_VALID_EMAIL", args: [] }));
  }
  requireFormulaSatisfied(formula: string): this {
    return this.#set("requireFormulaSatisfied", () => ({
      criteria: "CUSTOM_FORMULA",
      args: [String(formula)],
    }));
  }
  withCriteria(criteria: string, args: unknown[]): this {
    return this.#set("withCriteria", () => {
      if (!Object.hasOwn(DataValidationCriteria, String(criteria)) || !Array.isArray(args))
        fail("Invalid argument: criteria");
      return { criteria: String(criteria), args: [...args] };
    });
  }
  setAllowInvalid(allowInvalid: boolean): this {
    return this.#set("setAllowInvalid", () => ({ allowInvalid: Boolean(allowInvalid) }));
  }
  setHelpText(helpText: string): this {
    return this.#set("setHelpText", () => ({ helpText: String(helpText) }));
  }
  getCriteriaType(): string {
    return run(
      this.#ctx,
      "DataValidationBuilder",
      "getCriteriaType",
      {},
      () => this.#model.criteria,
    );
  }
  /** (inferred message) A rule needs criteria. */
  build(): DataValidation {
    return run(this.#ctx, "DataValidationBuilder", "build", {}, () => {
      if (!this.#model.criteria) fail("You must specify criteria for the data validation rule.");
      return new DataValidation(this.#ctx, this.#model);
    });
  }
  copy(): DataValidationBuilder {
    return run(
      this.#ctx,
      "DataValidationBuilder",
      "copy",
      {},
      () => new DataValidationBuilder(this.#ctx, this.#model),
    );
  }
}

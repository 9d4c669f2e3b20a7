// Evaluates the playground's formulas: fast-formula-parser for Sheets' ordinary functions (Formula.js for those it
// lacks), the bundle's custom functions for every other name, and SPARKLINE as a small chart drawn in its cell.
import * as formulajs from "@formulajs/formulajs";
import FormulaParser from "fast-formula-parser";
import { type Cell, type FormulaContext, sheetByName } from "../runtime/spreadsheet/model.ts";

/** Runs one custom function (case-insensitive name) with evaluated arguments. */
export type CallCustomFunction = (name: string, args: unknown[], ctx: FormulaContext) => unknown;

/** A formula's outcome: the value the cell holds, why it is an error, and a sparkline to draw. */
export interface FormulaOutcome {
  value: unknown;
  /** Shown in the cell's tooltip, as Sheets shows an error's reason when the pointer rests on the cell. */
  message?: string | undefined;
  sparkline?: number[] | undefined;
}

/** An error a custom function raised: shown as `display` (#NAME?, #ERROR!) with `message` as the reason. */
export class FormulaError extends Error {
  constructor(
    readonly display: string,
    message: string,
  ) {
    super(message);
  }
}

/** Sheets counts days from 1899-12-30: dates enter arithmetic as that serial number. */
const serial = (date: Date) => date.getTime() / 86_400_000 + 25_569;

const cellValue = (cell: Cell | undefined): unknown => {
  const v = cell?.value;
  if (v === undefined) return null;
  return v instanceof Date ? serial(v) : v;
};

/** What an engine argument object ({ value, isArray, omitted }) carries, as a custom function receives it. */
const plain = (arg: unknown): unknown => {
  const a = arg as { value?: unknown; omitted?: boolean } | null;
  if (!a || typeof a !== "object" || !("value" in a)) return arg;
  if (a.omitted) return "";
  const fix = (v: unknown) => (v === null || v === undefined ? "" : v);
  return Array.isArray(a.value)
    ? (a.value as unknown[][]).map((row) => row.map(fix))
    : fix(a.value);
};

const isEngineError = (value: unknown): value is Error & { error: string; details?: unknown } =>
  value instanceof Error && typeof (value as { error?: unknown }).error === "string";

/** A function Formula.js has and fast-formula-parser lacks: arguments unwrapped, errors kept as Sheets errors. */
function formulajsFunction(name: string): ((...args: unknown[]) => unknown) | undefined {
  const fn = (formulajs as unknown as Record<string, unknown>)[name];
  if (typeof fn !== "function") return undefined;
  return (...args: unknown[]) => {
    const result = (fn as (...a: unknown[]) => unknown)(...args.map(plain));
    if (result instanceof Error)
      throw new FormulaError(result.message || "#VALUE!", result.message);
    return result;
  };
}

/** Evaluates one formula in the runtime's document; never throws. */
export function evaluateFormula(
  formula: string,
  ctx: FormulaContext,
  call: CallCustomFunction,
): FormulaOutcome {
  let sparkline: number[] | undefined;
  let customError: FormulaError | undefined;
  const sheetOf = (name: string | undefined) => {
    try {
      return sheetByName(ctx.store, ctx.documentId, name || ctx.sheetName);
    } catch {
      throw new FormulaError("#REF!", `Unresolved sheet name '${name}'.`);
    }
  };
  const engine = borrowEngine();
  engine.onCell = (ref) => cellValue(sheetOf(ref.sheet).rows[ref.row - 1]?.[ref.col - 1]);
  engine.onRange = (ref) => {
    const sheet = sheetOf(ref.sheet);
    // A whole column (A:A) reads down to the sheet's last row, not the engine's million.
    const lastRow = Math.min(ref.to.row, sheet.maxRows, Math.max(sheet.rows.length, ref.from.row));
    const lastColumn = Math.min(ref.to.col, sheet.maxColumns);
    const rows: unknown[][] = [];
    for (let r = ref.from.row; r <= lastRow; r++) {
      const line: unknown[] = [];
      for (let c = ref.from.col; c <= lastColumn; c++)
        line.push(cellValue(sheet.rows[r - 1]?.[c - 1]));
      rows.push(line);
    }
    return rows;
  };
  const drawSparkline = (data: unknown) => {
    const values = plain(data);
    sparkline = (Array.isArray(values) ? values.flat() : [values]).filter(
      (v): v is number => typeof v === "number",
    );
    return "";
  };
  // Names the engine lacks go to Formula.js, then to the bundle's custom functions (which says #NAME? if unknown).
  engine.functions = new Proxy(engine.builtIn, {
    get(target, name) {
      if (typeof name !== "string") return undefined;
      if (name === "SPARKLINE") return drawSparkline;
      if (name === "IF") return readingTest(target.IF);
      const found = target[name];
      const fallback = formulajsFunction(name);
      if (typeof found === "function") {
        if (!fallback) return found;
        // Some of the engine's functions are stubs that return nothing: Formula.js answers those.
        return (...args: unknown[]) => {
          const result = (found as (...a: unknown[]) => unknown)(...args);
          return result === undefined ? fallback(...args) : result;
        };
      }
      if (fallback) return fallback;
      return (...args: unknown[]) => {
        try {
          return toEngine(call(name, args.map(plain), ctx));
        } catch (error) {
          if (error instanceof FormulaError) {
            customError = error;
            throw new FormulaEngineError(error.display, error.message);
          }
          throw error;
        }
      };
    },
  });
  try {
    const result = engine.parse(formula.replace(/^=/, ""), positionOf(ctx), true);
    if (isEngineError(result)) return explain(result, customError);
    if (Array.isArray(result)) {
      return {
        value: (result as unknown[][]).map((row) =>
          (Array.isArray(row) ? row : [row]).map((v) =>
            isEngineError(v) ? v.error : v === null ? "" : v,
          ),
        ),
        sparkline,
      };
    }
    return { value: result === null ? "" : result, sparkline };
  } catch (error) {
    if (isEngineError(error)) return explain(error, customError);
    if (error instanceof FormulaError) return { value: error.display, message: error.message };
    return { value: "#ERROR!", message: `Formula parse error: ${String(error)}` };
  } finally {
    idleEngines.push(engine);
  }
}

/**
 * The engine hands IF its arguments unread (so that only the branch taken is computed), and its IF then takes a cell
 * reference for TRUE whatever the cell holds: `=IF(E2, 10, 0)` gave 10 where E2 is FALSE or 0. Sheets reads the
 * cell, an empty one as FALSE (https://support.google.com/docs/answer/3093364): the condition is read here first.
 */
function readingTest(engineIf: unknown) {
  return (context: { retrieveRef(arg: unknown): unknown }, test: unknown, ...rest: unknown[]) => {
    const read = test !== null && typeof test === "object" && "ref" in test;
    return (engineIf as (...args: unknown[]) => unknown)(
      context,
      read ? (context.retrieveRef(test) ?? false) : test,
      ...rest,
    );
  };
}

/** The engine's hooks and function table, set for each formula it evaluates. */
type Engine = FormulaParser & {
  onCell: (ref: { sheet?: string; row: number; col: number }) => unknown;
  onRange: (ref: {
    sheet?: string;
    from: { row: number; col: number };
    to: { row: number; col: number };
  }) => unknown[][];
  functions: Record<string, unknown>;
  /** The engine's own functions, as built. */
  builtIn: Record<string, unknown>;
};

/**
 * Engines not evaluating anything now. Building one costs its grammar's self-analysis (about 10 ms): a pull with
 * usage metrics writes thousands of SPARKLINE cells, which took over 30 s when each formula built its own. A formula
 * borrows an idle engine (one evaluated inside another, through a custom function, builds a second) and gives it back.
 */
const idleEngines: Engine[] = [];
let built = 0;
/** Engines built so far (the tests check that formulas reuse them). */
export const enginesBuilt = (): number => built;

function borrowEngine(): Engine {
  const idle = idleEngines.pop();
  if (idle) return idle;
  built++;
  const engine = new FormulaParser({}) as Engine;
  engine.builtIn = engine.functions;
  return engine;
}

const positionOf = (ctx: FormulaContext) => ({
  sheet: ctx.sheetName,
  row: ctx.row,
  col: ctx.column,
});

/** The engine's own error class, so a custom function's failure shows as its Sheets error text. */
const FormulaEngineError: new (error: string, message: string) => Error = (() => {
  const probe = new FormulaParser({}).parse("1/0") as Error;
  return probe.constructor as new (
    error: string,
    message: string,
  ) => Error;
})();

/** A custom function's result for the engine: a 2D array stays one, a 1D array fills a column. */
function toEngine(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((row: unknown) => (Array.isArray(row) ? row : [row]));
  return value instanceof Date ? value : value === undefined ? "" : value;
}

/** An engine error as the cell's text and the tooltip's reason. */
function explain(
  error: Error & { error: string; details?: unknown },
  custom: FormulaError | undefined,
): FormulaOutcome {
  if (custom) return { value: custom.display, message: custom.message };
  const detail = error.details instanceof Error ? error.details.message : "";
  if (error.error === "#NAME?" && /not implemented/i.test(error.message)) {
    const name = /Function (\S+)/.exec(error.message)?.[1] ?? "";
    return {
      value: "#NAME?",
      message: `Unknown function: ${name}. The playground's formula engine (fast-formula-parser with Formula.js) does not support it.`,
    };
  }
  if (error.error === "#ERROR!") {
    return {
      value: "#ERROR!",
      message: `Formula parse error. ${(detail || error.message).split("\n")[0]}`.trim(),
    };
  }
  const reasons: Record<string, string> = {
    "#DIV/0!": "Function DIVIDE parameter 2 cannot be zero.",
    "#VALUE!": "A value is not of the type the function expects (text where a number is needed).",
    "#N/A": "No match was found.",
    "#NUM!": "The result is not a finite number.",
    "#REF!": "The reference is not valid.",
  };
  return { value: error.error, message: error.message || reasons[error.error] };
}

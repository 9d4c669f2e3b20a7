// Runs one custom function: opens the execution (switch, key, project), runs the body, turns any failure into a cell text.
import type { RetryOptions } from "../../api/retry";
import { refreshTokenOf } from "./args";
import { type FormulaContext, type FormulaEnv, openFormula } from "./context";
import { cellMessage } from "./messages";
import type { FormulaResult } from "./values";

/**
 * Retries for a custom function, which Sheets stops after 30 s: short waits, a small total, and a 429 asking
 * for longer than that is shown in the cell (`PostHog: rate limited…`) rather than waited out.
 */
export const FORMULA_RETRY: RetryOptions = {
  maxRetries: 2,
  baseDelayMs: 1_000,
  maxDelayMs: 8_000,
  budgetMs: 12_000,
};

/** The result of `body`, or the failure's short text: a custom function never throws (Sheets would show #ERROR!). */
export function runFormula(
  makeEnv: () => FormulaEnv,
  refresh: unknown,
  body: (ctx: FormulaContext) => FormulaResult,
): FormulaResult {
  try {
    return body(openFormula(makeEnv(), refreshTokenOf(refresh)));
  } catch (error) {
    return cellMessage(error);
  }
}

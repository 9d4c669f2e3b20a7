// "Keep history" of a pulled groups sheet: a few characters in the sheet's developer metadata (it moves with the
// sheet), apart from the tag a pull rewrites. Google allows 30,000 characters a sheet (docs/apps-script.md).
import { UserFacingError } from "../../shared/failures";
import { argsOf } from "../../shared/respond";
import { readMeta } from "../../sheets/sheet-meta";
import type { SheetHandle, Workbook } from "../../sheets/workbook";

export const HISTORY_KEY = "posthog.history";
export const DEFAULT_DAYS = 180;
/** Ten years: a bound people can pick without the sheet growing past reason. */
export const MAX_DAYS = 3650;

export interface HistorySetting {
  /** Recorded rows older than this many days are dropped whenever the history is written. */
  days: number;
}

/** The sheet's history setting, or null when it keeps none. */
export function readHistorySetting(sheet: SheetHandle): HistorySetting | null {
  const text = sheet.getMeta(HISTORY_KEY);
  if (!text) return null;
  try {
    const days = Number((JSON.parse(text) as { days?: unknown }).days);
    return Number.isInteger(days) && days > 0 ? { days } : null;
  } catch {
    return null;
  }
}

/** Switches the active pulled groups sheet's history on (with its days) or off; answers the new setting. */
export function changeHistory(workbook: Workbook, input: unknown): HistorySetting | null {
  const args = argsOf(input);
  const sheet = workbook.active();
  const meta = sheet ? readMeta(workbook, sheet) : null;
  if (!sheet || meta?.request.entity !== "groups")
    throw new UserFacingError(
      "not_a_pulled_sheet",
      "Open a sheet pulled from PostHog as Groups to keep its history.",
    );
  if (args.keep !== true) {
    sheet.setMeta(HISTORY_KEY, "");
    return null;
  }
  const days = args.days === undefined ? DEFAULT_DAYS : Number(args.days);
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS)
    throw new UserFacingError(
      "invalid_input",
      `Keep history for 1 to ${MAX_DAYS} days (whole days).`,
      "days",
    );
  sheet.setMeta(HISTORY_KEY, JSON.stringify({ days }));
  return { days };
}

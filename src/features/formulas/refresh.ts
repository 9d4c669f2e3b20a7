// "Refresh PostHog formulas": a new cache generation for the document, and a new value in the refresh cell.
//
// Sheets recomputes a custom function only when one of its arguments changes. Formulas that pass
// PostHogRefresh!A1 as their last argument therefore recompute when the menu writes a new time there, and as
// that value is part of their cache entries' names, they fetch fresh data. The generation (a document
// property in every entry's name) makes any formula that Sheets recomputes later skip older entries too.
import type { KeyValueStore } from "../../platform/ports";
import type { Workbook } from "../../sheets/workbook";
import { GENERATION_KEY, REFRESH_SHEET } from "./settings";

const NOTE =
  "← PostHog formulas whose last argument is PostHogRefresh!A1 fetch fresh data when this changes (Extensions → PostHog for Sheets → Refresh PostHog formulas).";

export interface RefreshDeps {
  /** The document's properties. */
  document: KeyValueStore;
  workbook: Workbook;
  now: () => Date;
  newId: () => string;
}

/** Starts a new generation and writes the time into the refresh cell (creating its hidden sheet if needed). */
export function bumpFormulaRefresh(deps: RefreshDeps): Date {
  deps.document.put(GENERATION_KEY, deps.newId());
  return writeToken(deps.workbook, deps.now());
}

function writeToken(workbook: Workbook, at: Date): Date {
  const sheet =
    workbook.sheetByName(REFRESH_SHEET) ?? workbook.insert(REFRESH_SHEET, { hidden: true });
  sheet.write(1, [[at, NOTE]]);
  return at;
}

// The menu's "Refresh PostHog formulas": bumps the refresh cell and the cache generation, then says so in a toast.

import { bumpFormulaRefresh } from "../features/formulas/refresh";
import { REFRESH_CELL } from "../features/formulas/settings";
import { documentStore } from "../platform/stores.gas";
import { activeWorkbook } from "../platform/workbook.gas";
import { toFailure, UserFacingError } from "../shared/failures";

/** A new cache generation and a new time in the active spreadsheet's refresh cell. */
export function bumpActiveFormulaRefresh(): void {
  const document = documentStore();
  if (!document) throw new UserFacingError("no_document", "Open a spreadsheet first.");
  bumpFormulaRefresh({
    document,
    workbook: activeWorkbook(),
    now: () => new Date(),
    newId: () => Utilities.getUuid(),
  });
}

export function refreshFormulasFromMenu(): void {
  try {
    bumpActiveFormulaRefresh();
    SpreadsheetApp.getActiveSpreadsheet().toast(
      `Formulas whose last argument is ${REFRESH_CELL} now fetch fresh data.`,
      "PostHog formulas",
      5,
    );
  } catch (error) {
    const ui = SpreadsheetApp.getUi();
    ui.alert("PostHog", toFailure(error).message, ui.ButtonSet.OK);
  }
}

// The menu's "Refresh PostHog formulas": bumps the refresh cell and the cache generation, then says so in a toast.

import { REFRESH_CELL } from "../features/formulas/settings";
import { bumpActiveFormulaRefresh } from "../platform/root.gas";
import { toFailure } from "../shared/failures";

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

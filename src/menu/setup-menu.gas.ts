// The menu's "Check setup": runs the self-test and says where the report is.

import { runSetupCheck } from "../features/setup/run-check";
import { setupDeps } from "../platform/root.gas";
import { toFailure } from "../shared/failures";

export function checkSetupFromMenu(): void {
  const ui = SpreadsheetApp.getUi();
  try {
    const report = runSetupCheck(setupDeps());
    ui.alert(
      "PostHog",
      `${report.passed} of ${report.passed + report.failed} checks passed. The report is in the sheet "${report.sheetName}": share it with support if something failed (it holds no key).`,
      ui.ButtonSet.OK,
    );
  } catch (error) {
    ui.alert("PostHog", toFailure(error).message, ui.ButtonSet.OK);
  }
}

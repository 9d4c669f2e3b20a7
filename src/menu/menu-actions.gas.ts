// What the menu's refresh items and the scheduled trigger do: refresh within the execution, report in plain words.

import { refreshSheet } from "../features/pull/pull-job";
import { describeReport, refreshAll, runUntil } from "../features/refresh/refresh";
import { runScheduled } from "../features/schedule/scheduled-run";
import { budget, clock, locked, pullDeps, scheduledRunStores } from "../platform/root.gas";
import { openSidebar } from "../platform/sidebar-page.gas";
import { toFailure, UserFacingError } from "../shared/failures";
import { countOf } from "../shared/wording";

function alert(message: string): void {
  SpreadsheetApp.getUi().alert("PostHog", message, SpreadsheetApp.getUi().ButtonSet.OK);
}

export function refreshActiveSheetFromMenu(): void {
  const deadline = clock() + budget("menuRunMs");
  const run = (discardEdits: boolean) =>
    locked(() => {
      const deps = pullDeps();
      const sheet = deps.workbook.active();
      return runUntil(deps, (d) => refreshSheet(d, sheet, discardEdits), deadline);
    });
  try {
    let progress: ReturnType<typeof run>;
    try {
      progress = run(false);
    } catch (error) {
      if (!(error instanceof UserFacingError) || error.code !== "unpushed_edits") throw error;
      const ui = SpreadsheetApp.getUi();
      const answer = ui.alert(
        "PostHog",
        `${error.message}\n\nRefresh anyway and discard them?`,
        ui.ButtonSet.YES_NO,
      );
      if (answer !== ui.Button.YES) return;
      progress = run(true);
    }
    if (progress.status === "running") {
      openSidebar();
      return;
    }
    SpreadsheetApp.getActiveSpreadsheet().toast(
      `${countOf(progress.rows, "row")} from PostHog.`,
      `Refreshed ${progress.sheetName}`,
      5,
    );
  } catch (error) {
    alert(toFailure(error).message);
  }
}

export function refreshAllFromMenu(): void {
  try {
    const report = locked(() => refreshAll(pullDeps(), clock() + budget("menuRunMs")));
    alert(describeReport(report));
    if (report.unfinished) openSidebar();
  } catch (error) {
    alert(toFailure(error).message);
  }
}

/**
 * The hourly trigger: refreshes the sheets whose schedule is due within the day's trigger budget, skipping those
 * whose data did not change, and records each outcome for the sidebar.
 */
export function runScheduledRefreshes(): void {
  const startedAt = clock();
  const stores = scheduledRunStores();
  if (!stores) return;
  // No person is watching: failures are recorded per sheet, never thrown (an add-on trigger sends no failure mail).
  try {
    locked(() => runScheduled(pullDeps(), stores, startedAt));
  } catch (error) {
    console.warn(`Scheduled refresh did not run: ${toFailure(error).code}`);
  }
}

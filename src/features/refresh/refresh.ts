// Refreshing pulled sheets outside the sidebar: from the menu (this sheet, all sheets) and on a schedule.
import { toFailure, UserFacingError } from "../../shared/failures";
import type { PullProgress } from "../../shared/rpc";
import { isPulled } from "../../sheets/sheet-meta";
import type { SheetHandle } from "../../sheets/workbook";
import { continuePull, currentPull, type PullDeps, refreshSheet } from "../pull/pull-job";

/** Chunks of one job until it is done or the execution's own deadline comes (the rest waits for the next run). */
export function runUntil(
  deps: PullDeps,
  first: (deps: PullDeps) => PullProgress,
  deadline: number,
): PullProgress {
  const bounded = (): PullDeps => ({
    ...deps,
    budgetMs: Math.max(1, Math.min(deps.budgetMs, deadline - deps.clock())),
  });
  let progress = first(bounded());
  while (progress.status === "running" && deps.clock() < deadline) {
    progress = continuePull(bounded(), progress.jobId);
  }
  return progress;
}

export interface RefreshReport {
  refreshed: string[];
  /** Sheets left as they were, and why. */
  skipped: Array<{ sheet: string; reason: string }>;
  /** A sheet whose refresh goes on in a later execution (the sidebar continues it). */
  unfinished: string | null;
}

/** Refreshes every pulled sheet of this project, one after another, within the deadline. */
export function refreshAll(
  deps: PullDeps,
  deadline: number,
  only?: (sheet: SheetHandle) => boolean,
): RefreshReport {
  const report: RefreshReport = { refreshed: [], skipped: [], unfinished: null };
  const running = currentPull(deps);
  if (running) {
    const progress = runUntil(deps, (d) => continuePull(d, running.jobId), deadline);
    if (progress.status === "running") return { ...report, unfinished: progress.sheetName };
  }
  for (const sheet of deps.workbook.sheets()) {
    if (!isPulled(sheet) || (only && !only(sheet))) continue;
    if (deps.clock() >= deadline) {
      report.skipped.push({
        sheet: sheet.name(),
        reason: "no time left in this run; it is refreshed next time",
      });
      continue;
    }
    try {
      const progress = runUntil(deps, (d) => refreshSheet(d, sheet), deadline);
      if (progress.status === "running") {
        report.unfinished = sheet.name();
        break;
      }
      report.refreshed.push(sheet.name());
    } catch (error) {
      report.skipped.push({ sheet: sheet.name(), reason: toFailure(error).message });
    }
  }
  return report;
}

/** A plain-words summary for an alert. */
export function describeReport(report: RefreshReport): string {
  const lines: string[] = [];
  if (report.refreshed.length > 0) lines.push(`Refreshed: ${report.refreshed.join(", ")}.`);
  for (const s of report.skipped) lines.push(`Not refreshed: ${s.sheet}: ${s.reason}`);
  if (report.unfinished)
    lines.push(`Still refreshing ${report.unfinished}: open the PostHog sidebar to let it finish.`);
  if (lines.length === 0)
    throw new UserFacingError("nothing_to_refresh", "No sheet here was pulled from PostHog yet.");
  return lines.join("\n");
}

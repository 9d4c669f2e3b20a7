// The hourly trigger's run: within the day's trigger budget, skip sheets whose data did not change, refresh the rest.

import { countQuery } from "../../api/query-sql";
import type { KeyValueStore } from "../../platform/ports";
import { toFailure } from "../../shared/failures";
import { type PulledSheetMeta, readMeta } from "../../sheets/sheet-meta";
import type { PullDeps } from "../pull/pull-job";
import { refreshAll } from "../refresh/refresh";
import { dueSchedules, readSchedules, recordRun, type SheetSchedule } from "./schedule";
import { planScheduledRun } from "./schedule-budget";
import { addUsage, readUsage } from "./usage";

/**
 * PostHog's groups view can show a write minutes after it happened (ClickHouse ingestion lag, inferred), and
 * `updated_at` has whole seconds: a check trusts "no change" only when the newest change is older than this before
 * the previous check.
 */
export const SETTLED_MS = 10 * 60_000;

/**
 * The cheap check: one HogQL query giving the type's group count and newest `updated_at` (HogQL's groups table maps
 * it to ClickHouse's `_timestamp`, posthog/hogql/database/schema/groups.py). Null when there is no cheap check
 * (no query:read, or not a groups sheet): such sheets are always refreshed.
 */
export function fingerprintOf(deps: PullDeps, meta: PulledSheetMeta): string | null {
  const request = meta.request;
  if (request.entity !== "groups" || !deps.project.canQuery) return null;
  const count = countQuery({
    groupTypeIndex: request.groupTypeIndex,
    ...(request.search ? { search: request.search } : {}),
  });
  const sql = count.sql.replace(
    "SELECT count() AS total",
    "SELECT count() AS total, max(updated_at) AS changed",
  );
  const [row] = deps.client.query.run({
    ...count,
    sql,
    name: "sheets-addon/schedule-check",
  }).results;
  return row ? `${String(row[0])}|${String(row[1])}` : null;
}

/** True when the check says nothing changed since the sheet's last refresh or check. */
function unchanged(schedule: SheetSchedule, print: string | null): boolean {
  if (!print || print !== schedule.fingerprint || !schedule.checkedAt) return false;
  const newest = Date.parse(`${print.split("|")[1] ?? ""}`);
  return Number.isFinite(newest) && newest < Date.parse(schedule.checkedAt) - SETTLED_MS;
}

export interface ScheduledRunReport {
  refreshed: string[];
  unchanged: string[];
  /** Set when today's budget is spent: scheduled refreshes resume then. */
  pausedUntil: number | null;
}

export interface ScheduledRunStores {
  /** Document properties: the schedules. */
  schedules: KeyValueStore;
  /** The person's properties: the add-on's counters of today's quota use. */
  usage: KeyValueStore;
  /** UrlFetch calls this execution has made so far (all of them are the scheduled run's). */
  fetchesSoFar: () => number;
}

/** The scheduled run. `startedAt` is when the execution began: its time counts toward the day's trigger budget. */
export function runScheduled(
  deps: PullDeps,
  stores: ScheduledRunStores,
  startedAt: number,
): ScheduledRunReport {
  const now = deps.clock();
  const due = dueSchedules(readSchedules(stores.schedules), now);
  const report: ScheduledRunReport = { refreshed: [], unchanged: [], pausedUntil: null };
  if (due.length === 0) return report;
  const plan = planScheduledRun(readUsage(stores.usage, now));
  if ("pausedUntil" in plan) {
    const message = `Scheduled refreshes are paused: ${plan.reason}.`;
    for (const s of due)
      recordRun(stores.schedules, s.sheetId, now, {
        kind: "postponed",
        message,
        pausedUntil: plan.pausedUntil,
      });
    return { ...report, pausedUntil: plan.pausedUntil };
  }
  // Charged up front, so a run Google cuts short still counts; what was not used is given back at the end.
  addUsage(stores.usage, now, { triggerMs: plan.budgetMs });
  const deadline = startedAt + plan.budgetMs;
  const prints = new Map<number, string | null>();
  const toRefresh = new Set<number>();
  try {
    for (const s of due) {
      const sheet = deps.workbook.sheetById(s.sheetId);
      const meta = sheet ? readMeta(deps.workbook, sheet) : null;
      if (!sheet || !meta) {
        recordRun(stores.schedules, s.sheetId, now, {
          kind: "failed",
          message: "The sheet was deleted.",
        });
        continue;
      }
      let print: string | null = null;
      try {
        print = deps.clock() < deadline ? fingerprintOf(deps, meta) : null;
      } catch {
        print = null; // No answer from the check: refresh, which reports the failure if there is one.
      }
      prints.set(s.sheetId, print);
      if (print && unchanged(s, print)) {
        recordRun(stores.schedules, s.sheetId, deps.clock(), {
          kind: "unchanged",
          fingerprint: print,
        });
        report.unchanged.push(sheet.name());
      } else toRefresh.add(s.sheetId);
    }
    if (toRefresh.size === 0) return report;
    const done = refreshAll(deps, deadline, (sheet) => toRefresh.has(sheet.id));
    for (const id of toRefresh) {
      const name = deps.workbook.sheetById(id)?.name() ?? "";
      const skipped = done.skipped.find((s) => s.sheet === name);
      const at = deps.clock();
      if (done.unfinished === name || (skipped && /no time left/.test(skipped.reason))) {
        recordRun(stores.schedules, id, at, {
          kind: "postponed",
          message: "Not refreshed yet: this run's time was used up; the next run continues.",
        });
      } else if (skipped)
        recordRun(stores.schedules, id, at, { kind: "failed", message: skipped.reason });
      else {
        recordRun(stores.schedules, id, at, {
          kind: "refreshed",
          fingerprint: prints.get(id) ?? null,
        });
        report.refreshed.push(name);
      }
    }
    return report;
  } catch (error) {
    for (const id of toRefresh)
      recordRun(stores.schedules, id, deps.clock(), {
        kind: "failed",
        message: toFailure(error).message,
      });
    return report;
  } finally {
    const used = deps.clock() - startedAt;
    addUsage(stores.usage, deps.clock(), {
      triggerMs: used - plan.budgetMs,
      fetches: stores.fetchesSoFar(),
    });
  }
}

// How much trigger time a scheduled run may use, within the add-on's daily share of the consumer quota.
import { TIME_BUDGETS } from "../../shared/time-budgets";
import { type Usage, windowEndsAt } from "./usage";

/** Apps Script's daily trigger runtime for a consumer account, the stricter kind (docs/apps-script.md, "Quotas"). */
export const TRIGGER_QUOTA_MS = 90 * 60_000;
/** The add-on's share: the quota is the person's, across every script and add-on they run. */
export const SCHEDULE_DAY_BUDGET_MS = 60 * 60_000;
/** UrlFetch calls: 20,000 a day on a consumer account; scheduled runs stop at this share. */
export const SCHEDULE_DAY_FETCHES = 15_000;
/** One run stops well before Apps Script's 6 minutes (src/shared/time-budgets.ts). */
export const RUN_CAP_MS = TIME_BUDGETS.scheduledRunMs;
/** Less than this left is not worth starting a refresh. */
export const MIN_RUN_MS = 30_000;

export type RunPlan = { budgetMs: number } | { pausedUntil: number; reason: string };

/** The time this run may use, or when scheduled refreshes resume when today's budget is spent. */
export function planScheduledRun(usage: Usage): RunPlan {
  const pausedUntil = windowEndsAt(usage);
  if (usage.fetches >= SCHEDULE_DAY_FETCHES) {
    return {
      pausedUntil,
      reason: "today's share of Google's 20,000 daily requests is used up",
    };
  }
  const left = SCHEDULE_DAY_BUDGET_MS - usage.triggerMs;
  if (left < MIN_RUN_MS) {
    return {
      pausedUntil,
      reason: "today's share of Google's 90 minutes a day for scheduled runs is used up",
    };
  }
  return { budgetMs: Math.min(RUN_CAP_MS, left) };
}

// How long each kind of execution may work before it hands back: one table, so the limits cannot drift apart.
//
// Apps Script stops every execution at 6 minutes (docs/apps-script.md, "Quotas"; Google's quotas page,
// https://developers.google.com/apps-script/guides/services/quotas, "Script runtime: 6 min / execution").
// A stopped execution loses its unsaved state and tells the person nothing, so each budget leaves room for
// the last call in flight and the bookkeeping after it.

export const TIME_BUDGETS = {
  /** A pull chunk: its last page (one fetch or query, at most a minute with retries) and the sheet write fit in 90 s. */
  pullChunkMs: 270_000,
  /**
   * A push chunk: its budget, plus a write batch started just before it ends (the write client sleeps at most
   * `writeCallMs` for the pacer), plus the statuses, snapshot and log written at the end.
   */
  pushChunkMs: 240_000,
  /** One write call waits at most this for the pacer, so a chunk that starts a batch late still ends in time. */
  writeCallMs: 60_000,
  /** A menu refresh runs without the sidebar's chunking: it stops here, and the sidebar continues what is left. */
  menuRunMs: 280_000,
  /** One scheduled (trigger) run, before the day's trigger budget cuts it shorter (features/schedule). */
  scheduledRunMs: 280_000,
  /** How long a pull or push waits for another one of the same document to finish before saying it is busy. */
  lockWaitMs: 10_000,
} as const;

export type TimeBudget = keyof typeof TIME_BUDGETS;

/**
 * Developer settings (script properties) that shorten a budget, for tests and benchmarks: a flow test sets
 * `posthog.pullBudgetMs` to 1 to see a pull hand back after every page.
 */
export const BUDGET_OVERRIDES: Partial<Record<TimeBudget, string>> = {
  pullChunkMs: "posthog.pullBudgetMs",
  pushChunkMs: "posthog.pushBudgetMs",
};

/** The budget, or its override when that property holds a positive number. */
export function budgetOf(name: TimeBudget, read: (key: string) => string | null): number {
  const key = BUDGET_OVERRIDES[name];
  const value = key ? Number(read(key)) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : TIME_BUDGETS[name];
}

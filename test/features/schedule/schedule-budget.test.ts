// The scheduled run's daily budget: the add-on's own counters, the share of the consumer quota, when runs resume.
import { describe, expect, it } from "vitest";
import {
  MIN_RUN_MS,
  planScheduledRun,
  RUN_CAP_MS,
  SCHEDULE_DAY_BUDGET_MS,
  SCHEDULE_DAY_FETCHES,
  TRIGGER_QUOTA_MS,
} from "../../../src/features/schedule/schedule-budget.ts";
import { addUsage, readUsage } from "../../../src/features/schedule/usage.ts";
import { memoryStore } from "../../fakes/memory-store.ts";

const DAY = 24 * 3_600_000;

describe("the add-on's counters", () => {
  it("add up within a 24-hour window and start again after it", () => {
    const store = memoryStore();
    addUsage(store, 1000, { fetches: 3, triggerMs: 60_000 });
    expect(addUsage(store, 2000, { fetches: 2, triggerMs: -10_000 })).toEqual({
      windowStartedAt: 1000,
      fetches: 5,
      triggerMs: 50_000,
    });
    expect(readUsage(store, 1000 + DAY)).toEqual({
      windowStartedAt: 1000 + DAY,
      fetches: 0,
      triggerMs: 0,
    });
    store.put("posthog.usage", "{broken");
    expect(readUsage(store, 5).fetches).toBe(0);
  });
});

describe("a scheduled run's budget", () => {
  const usage = (triggerMs: number, fetches = 0) => ({ windowStartedAt: 0, fetches, triggerMs });

  it("keeps the add-on's share under the consumer quota and a run under Apps Script's 6 minutes", () => {
    expect(SCHEDULE_DAY_BUDGET_MS).toBeLessThan(TRIGGER_QUOTA_MS);
    expect(RUN_CAP_MS).toBeLessThan(360_000);
    expect(planScheduledRun(usage(0))).toEqual({ budgetMs: RUN_CAP_MS });
    expect(planScheduledRun(usage(SCHEDULE_DAY_BUDGET_MS - 100_000))).toEqual({
      budgetMs: 100_000,
    });
  });

  it("pauses until the window ends when the time or the requests are used up", () => {
    expect(planScheduledRun(usage(SCHEDULE_DAY_BUDGET_MS - MIN_RUN_MS + 1))).toEqual({
      pausedUntil: DAY,
      reason: "today's share of Google's 90 minutes a day for scheduled runs is used up",
    });
    expect(planScheduledRun(usage(0, SCHEDULE_DAY_FETCHES))).toMatchObject({
      pausedUntil: DAY,
      reason: expect.stringContaining("20,000 daily requests"),
    });
  });
});

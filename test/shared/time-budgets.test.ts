// The one table of time budgets: every budget ends well inside Apps Script's 6 minutes; tests may shorten some.
import { describe, expect, it } from "vitest";
import { RUN_CAP_MS } from "../../src/features/schedule/schedule-budget.ts";
import { budgetOf, TIME_BUDGETS } from "../../src/shared/time-budgets.ts";

const SIX_MINUTES = 6 * 60_000;

describe("time budgets", () => {
  it("leave room inside the 6-minute execution limit, a push chunk also for one paced write call", () => {
    for (const ms of Object.values(TIME_BUDGETS)) expect(ms).toBeLessThan(SIX_MINUTES);
    expect(TIME_BUDGETS.pushChunkMs + TIME_BUDGETS.writeCallMs).toBeLessThan(SIX_MINUTES);
    expect(RUN_CAP_MS).toBe(TIME_BUDGETS.scheduledRunMs);
  });

  it("take a positive developer override, and ignore anything else", () => {
    const props = new Map([
      ["posthog.pullBudgetMs", "1"],
      ["posthog.pushBudgetMs", "soon"],
    ]);
    const read = (key: string) => props.get(key) ?? null;
    expect(budgetOf("pullChunkMs", read)).toBe(1);
    expect(budgetOf("pushChunkMs", read)).toBe(TIME_BUDGETS.pushChunkMs);
    expect(budgetOf("menuRunMs", () => "5")).toBe(TIME_BUDGETS.menuRunMs);
    props.set("posthog.pushBudgetMs", "-3");
    expect(budgetOf("pushChunkMs", read)).toBe(TIME_BUDGETS.pushChunkMs);
  });
});

// The hourly trigger's run without the runtime: within the day's budget, skip sheets PostHog did not change (one
// count query), refresh the rest, record each outcome, and charge the time and fetches used.
import { describe, expect, it } from "vitest";
import { startPull } from "../../../src/features/pull/pull-job.ts";
import { readSchedules, setSchedule } from "../../../src/features/schedule/schedule.ts";
import { SCHEDULE_DAY_BUDGET_MS } from "../../../src/features/schedule/schedule-budget.ts";
import { runScheduled } from "../../../src/features/schedule/scheduled-run.ts";
import { addUsage, readUsage } from "../../../src/features/schedule/usage.ts";
import { memoryStore } from "../../fakes/memory-store.ts";
import { companies, pullWorld } from "../../fakes/pull-deps.ts";

const HOUR = 3_600_000;

/** A pulled, hourly-scheduled "Companies" sheet, and the stores of the scheduled run. */
function scheduled(n = 5) {
  const world = pullWorld(companies(n), { msPerRequest: 100 });
  startPull(world.deps(), { entity: "groups", groupTypeIndex: 0 });
  const sheet = world.workbook.sheet("Companies");
  const schedules = memoryStore();
  const usage = memoryStore();
  setSchedule(schedules, sheet.id, "hourly");
  const run = () => {
    const startedAt = world.time.now();
    const before = world.fake.requests.length;
    const report = runScheduled(
      world.deps(),
      { schedules, usage, fetchesSoFar: () => world.fake.requests.length - before },
      startedAt,
    );
    return { report, requests: world.fake.requests.slice(before) };
  };
  const keysetQueries = (requests: typeof world.fake.requests) =>
    requests.filter((r) => (r.body ?? "").includes("ORDER BY key")).length;
  return { world, sheet, schedules, usage, run, keysetQueries };
}

describe("runScheduled", () => {
  it("refreshes a due sheet, then skips it while PostHog's groups are unchanged, and refreshes again on a change", () => {
    const { world, sheet, schedules, run, keysetQueries } = scheduled();
    const first = run();
    expect(first.report).toEqual({ refreshed: ["Companies"], unchanged: [], pausedUntil: null });
    expect(keysetQueries(first.requests)).toBe(1);
    const [saved] = readSchedules(schedules);
    expect(saved).toMatchObject({
      sheetId: sheet.id,
      lastResult: "ok",
      fingerprint: "5|2026-01-01T00:00:00Z",
    });

    world.time.advance(HOUR);
    const second = run();
    expect(second.report).toEqual({ refreshed: [], unchanged: ["Companies"], pausedUntil: null });
    // Only the cheap check: one count query, no page, no sheet write.
    expect(second.requests).toHaveLength(1);
    expect(second.requests[0]?.body).toContain("max(updated_at)");

    // A group changes: the next check differs and the sheet is refreshed.
    const group = world.fake.groups.get(0)?.[2];
    if (!group) throw new Error("no group");
    group.properties = { ...group.properties, plan: "enterprise" };
    group.updatedAt = new Date(world.time.now()).toISOString();
    world.time.advance(HOUR);
    const third = run();
    expect(third.report.refreshed).toEqual(["Companies"]);
    expect(sheet.values()[3]?.[3]).toBe("enterprise");
  });

  it("does not trust a check whose newest change is too recent (ingestion lag): it refreshes", () => {
    const { world, run } = scheduled();
    for (const g of world.fake.groups.get(0) ?? [])
      g.updatedAt = new Date(world.time.now()).toISOString();
    run();
    world.time.advance(HOUR);
    // The newest change is not 10 minutes older than the last check: refresh again rather than skip.
    expect(run().report.refreshed).toEqual(["Companies"]);
  });

  it("runs nothing before a schedule is due", () => {
    const { world, run } = scheduled();
    run();
    world.time.advance(30 * 60_000);
    const again = run();
    expect(again.report).toEqual({ refreshed: [], unchanged: [], pausedUntil: null });
    expect(again.requests).toEqual([]);
  });

  it("pauses, sending nothing, when the day's trigger budget is spent, and says until when", () => {
    const { world, schedules, usage, run } = scheduled();
    addUsage(usage, world.time.now(), { triggerMs: SCHEDULE_DAY_BUDGET_MS - 10_000 });
    const windowEnd = readUsage(usage, world.time.now()).windowStartedAt + 24 * HOUR;
    const { report, requests } = run();
    expect(report).toEqual({ refreshed: [], unchanged: [], pausedUntil: windowEnd });
    expect(requests).toEqual([]);
    expect(readSchedules(schedules)[0]).toMatchObject({
      lastMessage: expect.stringMatching(/^Scheduled refreshes are paused: .*90 minutes/),
      pausedUntil: new Date(windowEnd).toISOString(),
    });
  });

  it("pauses when the day's share of UrlFetch calls is used", () => {
    const { world, usage, run } = scheduled();
    addUsage(usage, world.time.now(), { fetches: 15_000 });
    expect(run().report.pausedUntil).not.toBeNull();
  });

  it("charges the time used and the fetches made to today's usage", () => {
    const { world, usage, run } = scheduled();
    const startedAt = world.time.now();
    const { requests } = run();
    const used = readUsage(usage, world.time.now());
    expect(used.fetches).toBe(requests.length);
    // The run's budget was charged up front and what was not used given back: the fake clock's time remains.
    expect(used.triggerMs).toBe(world.time.now() - startedAt);
    expect(used.triggerMs).toBe(requests.length * 100);
  });

  it("records a deleted sheet as failed", () => {
    const { world, sheet, schedules, run } = scheduled();
    world.workbook.remove(sheet);
    run();
    expect(readSchedules(schedules)[0]).toMatchObject({
      lastResult: "failed",
      lastMessage: "The sheet was deleted.",
    });
  });
});

// Scheduled refreshes on Google's daily quotas: a day's hourly schedule, unchanged sheets skipped, the paused message.
import { afterEach, describe, expect, it } from "vitest";
import { sheetValues } from "../../runtime/spreadsheet/index.ts";
import { DOC, OWNER, startWorld, type World } from "../../scripts/local-world.ts";
import type { SheetStatus } from "../../src/shared/rpc.ts";
import { pullToEnd } from "./sheet-kit.ts";

const HOUR = 3_600_000;
let world: World;
afterEach(() => world?.close());

/** Moves both clocks (the runtime's and the local PostHog's) an hour on and fires the due triggers. */
async function nextHour(w: World): Promise<string[]> {
  w.runtime.advanceClock(HOUR);
  await w.posthog.control.advanceClock(HOUR);
  return w.runtime.fireTimeTriggers().map((r) => r.error?.message ?? "ok");
}

/** Changes a group in PostHog, as someone else would, and lets the groups view catch up. */
async function changeGroup(w: World, type: number, key: string, value: string): Promise<void> {
  const res = await fetch(
    `${w.posthog.url}/api/projects/1/groups/update_property/?group_type_index=${type}&group_key=${encodeURIComponent(key)}`,
    {
      method: "POST",
      headers: {
        authorization: `Bearer ${w.posthog.personalApiKey}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ key: "plan", value }),
    },
  );
  expect(res.status).toBe(200);
  await w.posthog.control.flush();
}

/** Pulls a groups sheet and schedules it hourly; returns its name and one of its keys. */
function scheduled(w: World, groupTypeIndex: number): { name: string; key: string } {
  const name = pullToEnd(w, { entity: "groups", groupTypeIndex }).sheetName;
  w.ok<SheetStatus>("setSchedule", { every: "hourly" });
  return { name, key: String(sheetValues(w.runtime.store, DOC, name)[1]?.[0]) };
}

const queries = async (w: World, since: number) =>
  (await w.posthog.control.requests({ since, path: "query" })).length;
/** The local PostHog's last request number: later requests come after it. */
const lastSeq = async (w: World) => (await w.posthog.control.requests()).at(-1)?.seq ?? 0;

describe("a scheduled refresh", () => {
  it("skips a sheet whose data did not change with one request, and refreshes it once the data changed", async () => {
    world = await startWorld({ groups: 150 });
    world.connect();
    const { name } = scheduled(world, 0);
    expect(await nextHour(world)).toEqual(["ok"]); // the first run refreshes: nothing to compare with yet
    const first = world.ok<SheetStatus>("getSheetStatus");
    expect(first.lastResult).toBe("ok");
    const before = sheetValues(world.runtime.store, DOC, name);

    let since = await lastSeq(world);
    world.runtime.resetCounts();
    expect(await nextHour(world)).toEqual(["ok"]);
    const all = await world.posthog.control.requests({ since });
    expect(all.map((r) => r.path)).toEqual(["/api/projects/1/query/"]);
    expect(world.runtime.counts()["Range.setValues"] ?? 0).toBe(0);
    expect(sheetValues(world.runtime.store, DOC, name)).toEqual(before);
    const skipped = world.ok<SheetStatus>("getSheetStatus");
    expect(skipped.lastResult).toBe("ok");
    expect(Date.parse(skipped.checkedAt ?? "")).toBeGreaterThan(Date.parse(first.checkedAt ?? ""));

    const key = String(before[5]?.[0]);
    await changeGroup(world, 0, key, "changed-by-someone");
    since = await lastSeq(world);
    expect(await nextHour(world)).toEqual(["ok"]);
    expect(await queries(world, since)).toBeGreaterThan(1);
    const plan = (before[0] ?? []).indexOf("plan");
    const row = sheetValues(world.runtime.store, DOC, name).find((r) => String(r[0]) === key);
    expect(row?.[plan]).toBe("changed-by-someone");
  });

  it("keeps a day's hourly schedule within the consumer quota, and the sheet panel says when it resumes", async () => {
    // A slow network (40 s a request, virtual): refreshing both sheets every hour would need far more than 90 minutes.
    world = await startWorld({ groups: 150, runtime: { virtualFetchMs: 40_000 } });
    world.connect();
    const a = scheduled(world, 0);
    const b = scheduled(world, 1);
    const outcomes: string[] = [];
    let mostUsed = 0;
    let paused: SheetStatus | null = null;
    for (let hour = 0; hour < 24; hour++) {
      await changeGroup(world, 0, a.key, `plan-${hour}`);
      await changeGroup(world, 1, b.key, `plan-${hour}`);
      outcomes.push(...(await nextHour(world)));
      mostUsed = Math.max(mostUsed, world.runtime.quotas.use(OWNER).triggerMs);
      const status = world.ok<SheetStatus>("getSheetStatus");
      if (!paused && status.pausedUntil) paused = status;
    }
    // Google never stopped a run: the add-on stopped itself first, and used a good part of its share.
    expect(outcomes).toEqual(Array(24).fill("ok"));
    expect(mostUsed).toBeLessThanOrEqual(90 * 60_000);
    expect(mostUsed).toBeGreaterThan(45 * 60_000);
    expect(world.runtime.quotas.use(OWNER).urlFetch).toBeLessThan(20_000);
    // When the budget ran out, the sheet panel's status said so and when refreshes resume.
    expect(paused?.lastMessage).toMatch(/paused: today's share of Google's 90 minutes/);
    const resume = Date.parse(paused?.pausedUntil ?? "");
    expect(resume).toBeGreaterThan(Date.parse(paused?.lastRunAt ?? ""));
    expect(resume).toBeLessThanOrEqual(Date.parse(paused?.lastRunAt ?? "") + 24 * HOUR);
    // A new day: the pause is over, the sheets are current again.
    const now = world.ok<SheetStatus>("getSheetStatus");
    expect(now.pausedUntil).toBeNull();
    expect(now.lastMessage).toBeNull();
    expect(Date.parse(now.checkedAt ?? "")).toBeGreaterThan(resume);
    // The add-on's own counter agrees with what the runtime charged for today's window.
    const own = JSON.parse(world.runtime.properties.user(OWNER).get("posthog.usage") ?? "{}");
    expect(Math.abs(own.triggerMs - world.runtime.quotas.use(OWNER).triggerMs)).toBeLessThan(
      60_000,
    );
  });
});

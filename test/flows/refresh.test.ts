// Refreshing pulled sheets from the menu and on an hourly schedule, through the real bundle.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sheetValues } from "../../runtime/spreadsheet/index.ts";
import { DOC, OWNER, startWorld, type World } from "../../scripts/local-world.ts";
import type { PullProgress, SheetStatus } from "../../src/shared/rpc.ts";
import { typeInto } from "./sheet-kit.ts";

let world: World;
let sheet: string;
beforeAll(async () => {
  world = await startWorld({ groups: 120 });
  world.connect();
  let progress = world.ok<PullProgress>("startPull", { entity: "groups", groupTypeIndex: 1 });
  while (progress.status === "running")
    progress = world.ok<PullProgress>("continuePull", { jobId: progress.jobId });
  sheet = progress.sheetName;
});
afterAll(() => world.close());

const run = (name: string) => world.runtime.run(name, [], { user: OWNER, documentId: DOC });

describe("the menu", () => {
  it("offers the refresh items", () => {
    run("onOpen");
    const menu = JSON.stringify(world.runtime.ui.menus.at(-1));
    expect(menu).toContain("refreshThisSheet");
    expect(menu).toContain("refreshAllSheets");
  });

  it("asks before discarding unpushed edits, and keeps them when the answer is no", () => {
    typeInto(world.runtime.store, DOC, sheet, "C2", "'typed by hand");
    world.runtime.ui.answerNextAlert("NO");
    run("refreshThisSheet");
    expect(world.runtime.ui.alerts.at(-1)?.prompt).toMatch(/not pushed to PostHog yet/);
    expect(sheetValues(world.runtime.store, DOC, sheet)[1]?.[2]).toBe("typed by hand");
    world.runtime.ui.answerNextAlert("YES");
    run("refreshThisSheet");
    expect(sheetValues(world.runtime.store, DOC, sheet)[1]?.[2]).not.toBe("typed by hand");
  });

  it("refreshes every pulled sheet and says which", async () => {
    await world.posthog.control.flush();
    run("refreshAllSheets");
    expect(world.runtime.ui.alerts.at(-1)?.prompt).toContain(`Refreshed: ${sheet}`);
  });
});

describe("the schedule", () => {
  it("creates one hourly trigger, refreshes when it fires, and records the run", () => {
    const status = world.ok<SheetStatus>("setSchedule", { every: "hourly" });
    expect(status).toMatchObject({ sheetName: sheet, schedule: "hourly", lastRunAt: null });
    world.ok("setSchedule", { every: "hourly" });
    const triggers = world.runtime.triggers.filter(
      (t) => t.handlerFunction === "runScheduledRefresh",
    );
    expect(triggers).toHaveLength(1);
    world.runtime.advanceClock(61 * 60_000);
    const runs = world.runtime.fireTimeTriggers();
    expect(runs.map((r) => r.error?.message ?? "ok")).toEqual(["ok"]);
    expect(world.ok<SheetStatus>("getSheetStatus")).toMatchObject({
      schedule: "hourly",
      lastResult: "ok",
    });
  });

  it("records a failed run when the key was revoked, and removes the trigger when switched off", async () => {
    const created = await world.posthog.control.createKey();
    world.connect(created.key);
    await world.posthog.control.revokeKey(created.id);
    world.runtime.advanceClock(61 * 60_000);
    world.runtime.fireTimeTriggers();
    const status = world.ok<SheetStatus>("getSheetStatus");
    expect(status.lastResult).toBe("failed");
    expect(status.lastMessage).toMatch(/key/);
    expect(status.lastMessage).not.toContain(created.key);
    world.ok("setSchedule", { every: "off" });
    expect(
      world.runtime.triggers.filter((t) => t.handlerFunction === "runScheduledRefresh"),
    ).toHaveLength(0);
  });
});

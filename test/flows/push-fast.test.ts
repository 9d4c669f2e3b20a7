// Fast mode through the real bundle and the local PostHog: sets and new groups as $groupidentify events through
// /batch/ with the project token, confirmed by a read-back since PostHog ingests them later; removals still REST.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedValues, sheetNames, sheetValues } from "../../runtime/spreadsheet/index.ts";
import { DOC, type World } from "../../scripts/local-world.ts";
import type { PendingCheck, PushPreview, PushProgress } from "../../src/shared/push-rpc.ts";
import { columnLetter, type PulledSheet, pulledSheet, pushToEnd } from "./sheet-kit.ts";

let s: PulledSheet;
let world: World;
beforeAll(async () => {
  s = await pulledSheet(120);
  world = s.world;
});
afterAll(() => world.close());

const lastSeq = async () => (await world.posthog.control.requests()).at(-1)?.seq ?? 0;
const log = () => sheetValues(world.runtime.store, DOC, "PostHog push log");

describe("fast mode", () => {
  it("sends sets and new groups in one /batch/ request, removals through REST, and confirms each by a read-back", async () => {
    const keys = Array.from({ length: 30 }, (_, i) => s.keyAt(i + 2));
    for (const [i, key] of keys.entries()) {
      s.type(key, "employees", String(500_000 + i));
      s.type(key, "plan", `'fast-${i}`);
    }
    const removed = s.keyAt(40);
    s.type(removed, "industry", "");
    const last = s.grid().length + 1;
    seedValues(world.runtime.store, DOC, s.name, `A${last}`, [["'fast-new-co"]]);
    seedValues(world.runtime.store, DOC, s.name, `${columnLetter(s.col("employees"))}${last}`, [
      ["7"],
    ]);
    const preview = world.ok<PushPreview>("previewPush", { includeRemovals: true });
    expect(preview.counts).toMatchObject({ sets: 60, removals: 1, creates: 1 });
    const since = await lastSeq();
    let progress = world.ok<PushProgress>("startPush", {
      previewId: preview.previewId,
      mode: "fast",
    });
    // PostHog has not ingested the events yet: the push waits for them instead of calling them sent.
    expect(progress).toMatchObject({ status: "running", phase: "confirming", mode: "fast" });
    await world.posthog.control.flush();
    for (let i = 0; progress.status === "running" && i < 10; i++)
      progress = world.ok<PushProgress>("continuePush", { jobId: progress.jobId });
    expect(progress).toMatchObject({ status: "done", sent: 62, failed: 0, conflicts: 0 });

    const requests = await world.posthog.control.requests({ since });
    const batches = requests.filter((r) => r.path.startsWith("/batch"));
    expect(batches).toHaveLength(1);
    expect(requests.filter((r) => r.path.endsWith("update_property/"))).toHaveLength(0);
    expect(requests.filter((r) => r.path.endsWith("delete_property/"))).toHaveLength(1);
    const events = (await world.posthog.control.events({ event: "$groupidentify" })).filter((e) =>
      [...keys, "fast-new-co"].includes(
        String((e.properties as Record<string, unknown>).$group_key),
      ),
    );
    // One event per group, carrying all of its changed properties.
    expect(events).toHaveLength(31);

    for (const [i, key] of keys.entries()) {
      const now = await s.props(key);
      expect([now.employees, now.plan]).toEqual([500_000 + i, `fast-${i}`]);
    }
    expect(await s.props(removed)).not.toHaveProperty("industry");
    expect((await s.props("fast-new-co")).employees).toBe(7);
    const results = log().filter((r) => String(r[3]) !== "" && String(r[9]) !== "Result");
    expect(results).toHaveLength(62);
    expect(results.every((r) => r[9] === "sent")).toBe(true);
  });

  it("under 120 s of ingestion lag, reports 0 failed and the updates pending, then settles them to sent before the next preview", async () => {
    await world.posthog.control.settings({ captureDelayMs: 120_000 });
    const keys = Array.from({ length: 20 }, (_, i) => s.keyAt(i + 60));
    for (const [i, key] of keys.entries()) s.type(key, "plan", `'lagged-${i}`);
    const preview = world.ok<PushPreview>("previewPush");
    expect(preview.counts.sets).toBe(20);
    const progress = pushToEnd(world, preview, { mode: "fast" });
    // PostHog accepted the events but has not ingested them within the push's read-back rounds.
    expect(progress).toMatchObject({ status: "done", sent: 0, failed: 0, pending: 20 });
    const statusAt = s.col("PostHog status");
    for (const key of keys)
      expect(String(s.grid()[s.rowOf(key)]?.[statusAt])).toBe("pending (plan)");
    const rows = () => log().filter((r) => keys.includes(String(r[5])));
    expect(rows().map((r) => r[9])).toEqual(keys.map(() => "pending"));
    expect(world.ok<PendingCheck>("checkPendingPushes")).toMatchObject({ pending: 20, sent: 0 });

    // Two minutes pass on both clocks: PostHog ingests the events, and the next preview settles them first.
    await world.posthog.control.advanceClock(120_000);
    world.runtime.advanceClock(120_000);
    expect(world.ok<PushPreview>("previewPush").counts.sets).toBe(0);
    for (const key of keys) expect(String(s.grid()[s.rowOf(key)]?.[statusAt])).toBe("sent");
    expect(rows().map((r) => r[9])).toEqual(keys.map(() => "sent"));
    expect(world.ok<PendingCheck>("checkPendingPushes")).toMatchObject({ pending: 0 });
    // The push's hidden queue went once nothing waited any more.
    expect(sheetNames(world.runtime.store, DOC).some((n) => n.includes("push queue"))).toBe(false);
  });

  it("settles an update PostHog never shows to failed 30 minutes after the push, and offers the edit again", async () => {
    const key = s.keyAt(50);
    s.type(key, "plan", "'never-lands");
    const preview = world.ok<PushPreview>("previewPush");
    // Ingestion stalls: the events are accepted but never reach the group.
    await world.posthog.control.settings({ captureDelayMs: 3_600_000_000 });
    const progress = pushToEnd(world, preview, { mode: "fast" });
    expect(progress).toMatchObject({ status: "done", sent: 0, failed: 0, pending: 1 });
    const status = () => String(s.grid()[s.rowOf(key)]?.[s.col("PostHog status")]);
    expect(status()).toBe("pending (plan)");

    // Within the bound it stays pending.
    world.runtime.advanceClock(29 * 60_000);
    expect(world.ok<PendingCheck>("checkPendingPushes")).toMatchObject({ pending: 1, failed: 0 });
    world.runtime.advanceClock(2 * 60_000);
    expect(world.ok<PendingCheck>("checkPendingPushes")).toMatchObject({
      pending: 0,
      failed: 1,
      failsAt: null,
    });
    expect((await s.props(key)).plan).not.toBe("never-lands");
    expect(status()).toMatch(/^failed: PostHog did not show this update within 30 minutes/);
    const row = log().filter((r) => String(r[5]) === key && String(r[6]) === "plan");
    expect(String(row.at(-1)?.[9])).toMatch(/^failed/);
    // Not confirmed, so the snapshot is back to PostHog's value: the edit is there to push again.
    expect(world.ok<PushPreview>("previewPush").counts.sets).toBe(1);
  });
});

// Every kind of edit, conflicts and faults during a push, through the real bundle against the local PostHog.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedValues, sheetValues } from "../../runtime/spreadsheet/index.ts";
import { DOC, type World } from "../../scripts/local-world.ts";
import type { PushPreview, PushProgress } from "../../src/shared/push-rpc.ts";
import { columnLetter, type PulledSheet, pulledSheet, pushToEnd } from "./sheet-kit.ts";

let s: PulledSheet;
let world: World;
beforeAll(async () => {
  s = await pulledSheet(80);
  world = s.world;
});
afterAll(() => world.close());

describe("kinds of edits", () => {
  it("sends removals only when chosen, creates new rows, and explains what cannot be sent", async () => {
    const k = [s.keyAt(2), s.keyAt(3), s.keyAt(4), s.keyAt(5)];
    s.type(k[0] as string, "industry", "");
    s.type(k[1] as string, "employees", "'lots");
    s.type(k[2] as string, "plan", "=1+1");
    s.type(k[3] as string, "address", '\'{"city":"Oslo"}');
    const last = s.grid().length + 1;
    seedValues(world.runtime.store, DOC, s.name, `A${last}`, [["'brand-new-co"]]);
    seedValues(world.runtime.store, DOC, s.name, `${columnLetter(s.col("employees"))}${last}`, [
      ["42"],
    ]);
    const without = world.ok<PushPreview>("previewPush");
    expect(without.counts).toMatchObject({ sets: 1, removals: 0, creates: 1 });
    const reasons = without.blocked.map((b) => b.reason).join("\n");
    expect(reasons).toMatch(/cleared/);
    expect(reasons).toMatch(/holds numbers/);
    expect(reasons).toMatch(/formula/);
    const preview = world.ok<PushPreview>("previewPush", { includeRemovals: true });
    expect(preview.counts).toMatchObject({ sets: 1, removals: 1, creates: 1 });
    const done = pushToEnd(world, preview);
    expect(done).toMatchObject({ status: "done", sent: 3, failed: 0 });
    expect(await s.props(k[0] as string)).not.toHaveProperty("industry");
    expect((await s.props(k[3] as string)).address).toEqual({ city: "Oslo" });
    expect((await s.props("brand-new-co")).employees).toBe(42);
  });

  it("reports a property changed in PostHog since the pull as a conflict, and overwrites only when asked", async () => {
    const key = s.keyAt(10);
    s.type(key, "plan", "'mine");
    const preview = world.ok<PushPreview>("previewPush", { includeRemovals: true });
    await fetch(
      `${world.posthog.url}/api/projects/1/groups/update_property/?group_type_index=0&group_key=${encodeURIComponent(key)}`,
      {
        method: "POST",
        headers: {
          authorization: `Bearer ${world.posthog.personalApiKey}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ key: "plan", value: "theirs" }),
      },
    );
    const done = pushToEnd(world, preview);
    expect(done.conflicts).toBe(1);
    expect(done.conflictList[0]).toMatchObject({
      key,
      property: "plan",
      posthog: "theirs",
      yours: "mine",
    });
    expect((await s.props(key)).plan).toBe("theirs");
    expect(s.grid()[s.rowOf(key)]?.[s.col("PostHog status")]).toMatch(/conflict/);
  });
});

describe("faults during a push", () => {
  it("rides out 429s, a 5xx after the write, a cut connection and a second push; each edit lands once", async () => {
    const keys = [20, 21, 22, 23, 24, 25].map((row) => s.keyAt(row));
    for (const [i, key] of keys.entries()) s.type(key, "employees", String(900_000 + i));
    const control = world.posthog.control;
    await control.addFault({ path: "update_property", kind: "throttle", retryAfter: 1, count: 3 });
    await control.addFault({
      path: "update_property",
      kind: "status",
      status: 500,
      when: "after",
      count: 1,
      skip: 3,
    });
    await control.addFault({
      path: "update_property",
      kind: "destroy",
      when: "after",
      count: 1,
      skip: 5,
    });
    const preview = world.ok<PushPreview>("previewPush");
    const since = (await control.requests()).at(-1)?.seq ?? 0;
    const first = world.ok<PushProgress>("startPush", { previewId: preview.previewId });
    expect(world.call("startPush", { previewId: preview.previewId })).toMatchObject({ ok: false });
    let progress = first;
    for (let i = 0; progress.status === "running" && i < 20; i++)
      progress = world.ok<PushProgress>("continuePush", { jobId: progress.jobId });
    expect(progress).toMatchObject({ status: "done", sent: 6, failed: 0 });
    for (const [i, key] of keys.entries()) expect((await s.props(key)).employees).toBe(900_000 + i);
    const writes = (await control.requests({ since })).filter(
      (r) => r.path.endsWith("update_property/") && r.status !== 429 && r.status !== null,
    );
    const perKey = new Map<string, number>();
    for (const w of writes)
      perKey.set(w.query.group_key ?? "", (perKey.get(w.query.group_key ?? "") ?? 0) + 1);
    expect([...perKey.values()].every((n) => n === 1)).toBe(true);
    const log = sheetValues(world.runtime.store, DOC, "PostHog push log").filter((r) =>
      keys.includes(String(r[5])),
    );
    expect(log.map((r) => r[9])).toEqual(keys.map(() => "sent"));
  });
});

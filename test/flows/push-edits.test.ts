// Every kind of edit, conflicts and faults during a push, through the real bundle against the local PostHog.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedValues, sheetValues } from "../../runtime/spreadsheet/index.ts";
import { DOC, startWorld, type World } from "../../scripts/local-world.ts";
import type { PushPreview, PushProgress } from "../../src/shared/push-rpc.ts";
import type { PullProgress } from "../../src/shared/rpc.ts";

let world: World;
let sheet: string;
beforeAll(async () => {
  world = await startWorld({ groups: 80 });
  world.connect();
  let progress = world.ok<PullProgress>("startPull", { entity: "groups", groupTypeIndex: 0 });
  while (progress.status === "running")
    progress = world.ok<PullProgress>("continuePull", { jobId: progress.jobId });
  sheet = progress.sheetName;
});
afterAll(() => world.close());

const grid = () => sheetValues(world.runtime.store, DOC, sheet);
const col = (header: string) => (grid()[0] ?? []).indexOf(header);
const letter = (c: number) => String.fromCharCode(65 + c);
const rowOf = (key: string) => grid().findIndex((r) => String(r[0]) === key);
const type = (key: string, header: string, input: string) =>
  seedValues(world.runtime.store, DOC, sheet, `${letter(col(header))}${rowOf(key) + 1}`, [[input]]);
const keyAt = (row: number) => String(grid()[row]?.[0]);
const props = async (key: string) =>
  (await world.posthog.control.group(key, 0)).postgres?.group_properties ?? {};

function runPush(preview: PushPreview, extra: Record<string, unknown> = {}): PushProgress {
  let progress = world.ok<PushProgress>("startPush", { previewId: preview.previewId, ...extra });
  for (let i = 0; progress.status === "running" && i < 50; i++)
    progress = world.ok<PushProgress>("continuePush", { jobId: progress.jobId });
  return progress;
}

describe("kinds of edits", () => {
  it("sends removals only when chosen, creates new rows, and explains what cannot be sent", async () => {
    const k = [keyAt(2), keyAt(3), keyAt(4), keyAt(5)];
    type(k[0] as string, "industry", "");
    type(k[1] as string, "employees", "'lots");
    type(k[2] as string, "plan", "=1+1");
    type(k[3] as string, "address", '\'{"city":"Oslo"}');
    const last = grid().length + 1;
    seedValues(world.runtime.store, DOC, sheet, `A${last}`, [["'brand-new-co"]]);
    seedValues(world.runtime.store, DOC, sheet, `${letter(col("employees"))}${last}`, [["42"]]);
    const without = world.ok<PushPreview>("previewPush");
    expect(without.counts).toMatchObject({ sets: 1, removals: 0, creates: 1 });
    const reasons = without.blocked.map((b) => b.reason).join("\n");
    expect(reasons).toMatch(/cleared/);
    expect(reasons).toMatch(/holds numbers/);
    expect(reasons).toMatch(/formula/);
    const preview = world.ok<PushPreview>("previewPush", { includeRemovals: true });
    expect(preview.counts).toMatchObject({ sets: 1, removals: 1, creates: 1 });
    const done = runPush(preview);
    expect(done).toMatchObject({ status: "done", sent: 3, failed: 0 });
    expect(await props(k[0] as string)).not.toHaveProperty("industry");
    expect((await props(k[3] as string)).address).toEqual({ city: "Oslo" });
    expect((await props("brand-new-co")).employees).toBe(42);
  });

  it("reports a property changed in PostHog since the pull as a conflict, and overwrites only when asked", async () => {
    const key = keyAt(10);
    type(key, "plan", "'mine");
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
    const done = runPush(preview);
    expect(done.conflicts).toBe(1);
    expect(done.conflictList[0]).toMatchObject({
      key,
      property: "plan",
      posthog: "theirs",
      yours: "mine",
    });
    expect((await props(key)).plan).toBe("theirs");
    expect(grid()[rowOf(key)]?.[col("PostHog status")]).toMatch(/conflict/);
  });
});

describe("faults during a push", () => {
  it("rides out 429s, a 5xx after the write, a cut connection and a second push; each edit lands once", async () => {
    const keys = [20, 21, 22, 23, 24, 25].map(keyAt);
    for (const [i, key] of keys.entries()) type(key, "employees", String(900_000 + i));
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
    for (const [i, key] of keys.entries()) expect((await props(key)).employees).toBe(900_000 + i);
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

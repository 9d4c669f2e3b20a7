// Faults during a push through the real bundle against the local PostHog: the execution killed at its time limit,
// a key revoked mid-push and resumed after reconnecting, a timed-out write, and overwriting a conflict.
// Each ends with every edit in PostHog exactly once and the log telling the truth.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SpawnedPostHog, spawnLocalPostHog } from "../../posthog-local/spawn.ts";
import { type AppsScriptRuntime, createAppsScriptRuntime } from "../../runtime/index.ts";
import { sheetValues } from "../../runtime/spreadsheet/index.ts";
import { OWNER } from "../../scripts/local-world.ts";
import type { PushPreview, PushProgress } from "../../src/shared/push-rpc.ts";
import type { PullProgress, RpcResult } from "../../src/shared/rpc.ts";
import { typeInto } from "./sheet-kit.ts";

/** The execution limit of this runtime: short, so that a push's 429 waits (virtual sleeps) run past it. */
const LIMIT_MS = 40_000;
/** The fetch timeout: a write whose reply comes later than this is "timed out" though PostHog wrote it. */
const FETCH_TIMEOUT_MS = 1_500;

let posthog: SpawnedPostHog;
let runtime: AppsScriptRuntime;
let doc = 0;
let documentId = "";
let sheet = "";

const call = <T>(name: string, input?: unknown): RpcResult<T> =>
  runtime.run(name, input === undefined ? [] : [input], {
    user: OWNER,
    documentId,
  }) as RpcResult<T>;
function ok<T>(name: string, input?: unknown): T {
  const result = call<T>(name, input);
  if (!result.ok) throw new Error(`${name} failed: ${result.code}: ${result.message}`);
  return result.value;
}

/** A fresh document connected with `key`, with groups pulled into `sheet`. */
function pulledDocument(key: string): void {
  documentId = `doc-faults-${++doc}`;
  runtime.addDocument({ id: documentId, name: documentId, owner: OWNER });
  ok("connect", { host: posthog.url, apiKey: key });
  ok("selectProject", { projectId: posthog.projectId });
  let progress = ok<PullProgress>("startPull", { entity: "groups", groupTypeIndex: 0 });
  while (progress.status === "running")
    progress = ok<PullProgress>("continuePull", { jobId: progress.jobId });
  sheet = progress.sheetName;
}

beforeAll(async () => {
  posthog = await spawnLocalPostHog({ groups: 120, lagMs: 0 });
  runtime = createAppsScriptRuntime({
    distDir: "dist",
    extraUrlAllowlist: [`${posthog.url}/`],
    sleep: "virtual",
    executionLimitMs: LIMIT_MS,
    fetchTimeoutMs: FETCH_TIMEOUT_MS,
  });
});
afterAll(async () => {
  runtime.close();
  await posthog.close();
});

const grid = () => sheetValues(runtime.store, documentId, sheet);
const col = (header: string) => (grid()[0] ?? []).indexOf(header);
const letter = (c: number) => String.fromCharCode(65 + c);
const rowOf = (key: string) => grid().findIndex((r) => String(r[0]) === key);
const type = (key: string, header: string, input: string) =>
  typeInto(runtime.store, documentId, sheet, `${letter(col(header))}${rowOf(key) + 1}`, input);
const keyAt = (row: number) => String(grid()[row]?.[0]);
const props = async (key: string) =>
  (await posthog.control.group(key, 0)).postgres?.group_properties ?? {};
const lastSeq = async () => (await posthog.control.requests()).at(-1)?.seq ?? 0;

/** Types `value + i` into `employees` of rows 2.. and returns their keys. */
function editEmployees(count: number, base: number): string[] {
  const keys = Array.from({ length: count }, (_, i) => keyAt(i + 2));
  for (const [i, key] of keys.entries()) type(key, "employees", String(base + i));
  return keys;
}

/** Writes PostHog accepted (2xx) per group key since `since`. */
async function acceptedWrites(since: number): Promise<Map<string, number>> {
  const perKey = new Map<string, number>();
  for (const r of await posthog.control.requests({ since })) {
    // A write delayed "after" was written though its reply came too late (its logged status is null).
    const written = (r.status !== null && r.status < 300) || (r.fault ?? "").endsWith(":delay");
    if (!r.path.endsWith("update_property/") || !written) continue;
    const key = r.query.group_key ?? "";
    perKey.set(key, (perKey.get(key) ?? 0) + 1);
  }
  return perKey;
}

/** The push log's rows for `keys`: [key, property, result]. */
const logRows = (keys: readonly string[]) =>
  sheetValues(runtime.store, documentId, "PostHog push log")
    .filter((r) => keys.includes(String(r[5])))
    .map((r) => [String(r[5]), String(r[6]), String(r[9])]);

async function expectEachOnce(keys: readonly string[], base: number, since: number) {
  for (const [i, key] of keys.entries()) expect((await props(key)).employees).toBe(base + i);
  const writes = await acceptedWrites(since);
  expect([...writes.keys()].sort()).toEqual([...keys].sort());
  expect([...writes.values()].every((n) => n === 1)).toBe(true);
  expect(logRows(keys)).toEqual(keys.map((k) => [k, "employees", "sent"]));
  expect(call("currentPush")).toMatchObject({ ok: true, value: null });
}

describe("faults during a push", () => {
  it("resumes a push whose execution was killed at its time limit, sending nothing twice", async () => {
    pulledDocument(posthog.personalApiKey);
    const keys = editEmployees(60, 700_000);
    const preview = ok<PushPreview>("previewPush");
    const since = await lastSeq();
    // Long 429 waits: the pacer sleeps them (virtually), which runs the execution past its limit mid-push.
    await posthog.control.addFault({
      path: "update_property",
      kind: "throttle",
      retryAfter: 25,
      count: 1,
      skip: 10,
    });
    await posthog.control.addFault({
      path: "update_property",
      kind: "throttle",
      retryAfter: 25,
      count: 1,
      skip: 30,
    });
    let killed = 0;
    let progress: PushProgress | null = null;
    for (let i = 0; i < 30 && progress?.status !== "done"; i++) {
      const before = runtime.now();
      const result: RpcResult<PushProgress> = progress
        ? call<PushProgress>("continuePush", { jobId: progress.jobId })
        : call<PushProgress>("startPush", { previewId: preview.previewId });
      if (result.ok) {
        progress = result.value;
        continue;
      }
      // The runtime ends the execution at its limit (its clock ran past it); nothing of the job's code runs after.
      expect(runtime.now() - before).toBeGreaterThanOrEqual(LIMIT_MS);
      killed++;
      // The sidebar asks for the unfinished push, then continues it.
      progress = ok<PushProgress | null>("currentPush");
    }
    expect(killed).toBeGreaterThan(0);
    expect(progress).toMatchObject({ status: "done", sent: 60, failed: 0, conflicts: 0 });
    await expectEachOnce(keys, 700_000, since);
  });

  it("stops when the key is revoked mid-push and finishes after reconnecting with another key", async () => {
    const first = await posthog.control.createKey({ label: "revoked mid-push" });
    pulledDocument(first.key);
    const keys = editEmployees(50, 800_000);
    const preview = ok<PushPreview>("previewPush");
    const since = await lastSeq();
    // The conflict read and a few writes go through, then every request is refused.
    await posthog.control.revokeKey(first.id, 20);
    const stopped = call<PushProgress>("startPush", { previewId: preview.previewId });
    expect(stopped.ok).toBe(false);
    const unfinished = ok<PushProgress | null>("currentPush");
    expect(unfinished).toMatchObject({ status: "running" });
    expect(unfinished?.sent ?? 0).toBeGreaterThan(0);
    expect(unfinished?.sent ?? 0).toBeLessThan(50);
    const second = await posthog.control.createKey({ label: "after reconnecting" });
    ok("connect", { host: posthog.url, apiKey: second.key });
    ok("selectProject", { projectId: posthog.projectId });
    let progress = unfinished as PushProgress;
    for (let i = 0; progress.status === "running" && i < 20; i++)
      progress = ok<PushProgress>("continuePush", { jobId: progress.jobId });
    expect(progress).toMatchObject({ status: "done", sent: 50, failed: 0 });
    await expectEachOnce(keys, 800_000, since);
  });

  it("re-reads a write whose reply timed out instead of sending it again", async () => {
    pulledDocument(posthog.personalApiKey);
    const keys = editEmployees(12, 900_000);
    const preview = ok<PushPreview>("previewPush");
    const since = await lastSeq();
    // PostHog writes, then answers after the fetch timeout: the add-on sees a timeout, not a reply.
    await posthog.control.addFault({
      path: "update_property",
      kind: "delay",
      delayMs: FETCH_TIMEOUT_MS + 1_000,
      when: "after",
      count: 2,
      skip: 3,
    });
    let progress = ok<PushProgress>("startPush", { previewId: preview.previewId });
    for (let i = 0; progress.status === "running" && i < 20; i++)
      progress = ok<PushProgress>("continuePush", { jobId: progress.jobId });
    expect(progress).toMatchObject({ status: "done", sent: 12, failed: 0 });
    const faults = (await posthog.control.faults()).faults;
    expect(faults.every((f) => f.hits === (f.count ?? 0))).toBe(true);
    await expectEachOnce(keys, 900_000, since);
  });

  it("in fast mode, reads back a capture whose reply timed out, and confirms every update", async () => {
    pulledDocument(posthog.personalApiKey);
    const keys = editEmployees(40, 600_000);
    const preview = ok<PushPreview>("previewPush");
    await posthog.control.addFault({
      path: "^/batch",
      kind: "delay",
      delayMs: FETCH_TIMEOUT_MS + 1_000,
      when: "after",
      count: 1,
    });
    const stopped = call<PushProgress>("startPush", { previewId: preview.previewId, mode: "fast" });
    expect(stopped).toMatchObject({ ok: false, code: "timeout" });
    let progress = ok<PushProgress | null>("currentPush") as PushProgress;
    expect(progress).toMatchObject({ status: "running", sent: 0 });
    for (let i = 0; progress.status === "running" && i < 20; i++) {
      await posthog.control.flush();
      progress = ok<PushProgress>("continuePush", { jobId: progress.jobId });
    }
    expect(progress).toMatchObject({ status: "done", sent: 40, failed: 0 });
    for (const [i, key] of keys.entries()) expect((await props(key)).employees).toBe(600_000 + i);
    expect(logRows(keys)).toEqual(keys.map((k) => [k, "employees", "sent"]));
  });

  it("overwrites a conflict only when asked, and logs PostHog's value it replaced", async () => {
    pulledDocument(posthog.personalApiKey);
    const key = keyAt(7);
    type(key, "plan", "'mine");
    const preview = ok<PushPreview>("previewPush");
    const theirs = await fetch(
      `${posthog.url}/api/projects/${posthog.projectId}/groups/update_property/?group_type_index=0&group_key=${encodeURIComponent(key)}`,
      {
        method: "POST",
        headers: {
          authorization: `Bearer ${posthog.personalApiKey}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ key: "plan", value: "theirs" }),
      },
    );
    expect(theirs.ok).toBe(true);
    let progress = ok<PushProgress>("startPush", {
      previewId: preview.previewId,
      overwriteConflicts: true,
    });
    for (let i = 0; progress.status === "running" && i < 20; i++)
      progress = ok<PushProgress>("continuePush", { jobId: progress.jobId });
    expect(progress).toMatchObject({ status: "done", sent: 1, conflicts: 0 });
    expect((await props(key)).plan).toBe("mine");
    expect(logRows([key])).toEqual([[key, "plan", "sent"]]);
    expect(grid()[rowOf(key)]?.[col("PostHog status")]).toBe("sent");
  });
});

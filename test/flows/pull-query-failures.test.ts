// A pull against the query API's refusals: a 402 falls back to the groups list and completes with one note;
// a page too heavy for PostHog (513) is retried smaller, and when even small pages fail the person is told.
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { sheetValues } from "../../runtime/spreadsheet/index.ts";
import { DOC, startWorld, type World } from "../../scripts/local-world.ts";
import { MAX_HALVINGS } from "../../src/features/pull/query-pages.ts";
import type { PullProgress } from "../../src/shared/rpc.ts";

const GROUPS = 2_500;
let world: World;
beforeAll(async () => {
  world = await startWorld({ groups: GROUPS });
  world.connect();
}, 120_000);
afterEach(async () => {
  await requests({ since: Number.MAX_SAFE_INTEGER });
  await world.posthog.control.clearFaults();
  await world.posthog.control.settings({ query: { quotaExceeded: false, memoryLimitBytes: null } });
});
afterAll(() => world.close());

function pull(request: unknown): PullProgress {
  let progress = world.ok<PullProgress>("startPull", request);
  const hints = progress.hint ? [progress.hint] : [];
  while (progress.status === "running") {
    progress = world.ok<PullProgress>("continuePull", { jobId: progress.jobId });
    if (progress.hint && !hints.includes(progress.hint)) hints.push(progress.hint);
  }
  return { ...progress, hint: hints.join(" | ") };
}

it("falls back to the groups list on a 402, with one clear note, and completes", async () => {
  await world.posthog.control.settings({ query: { quotaExceeded: true } });
  const since = await lastSeq();
  const done = pull({ entity: "groups", groupTypeIndex: 0 });
  expect(done).toMatchObject({ status: "done", rows: GROUPS });
  expect(done.hint).toMatch(/used up this month's free query allowance.*groups list/);
  expect(done.hint).not.toContain("|");
  const grid = sheetValues(world.runtime.store, DOC, done.sheetName);
  expect(new Set(grid.slice(1).map((row) => row[0])).size).toBe(GROUPS);
  // One refused query (the count), then only the REST list.
  const queries = await requests({ since, path: "/api/projects/1/query/" });
  expect(queries.map((q) => q.status)).toEqual([402]);
});

it("falls back when the 402 arrives mid-pull, rewriting nothing twice", async () => {
  // The count and the probe page pass; the next page is refused.
  await refuseQueries(402, 2);
  const since = await lastSeq();
  const done = pull({ entity: "groups", groupTypeIndex: 0, search: "" });
  expect(done).toMatchObject({ status: "done", rows: GROUPS });
  expect(done.hint).toMatch(/free query allowance/);
  const posts = await requests({ since, path: "/api/projects/1/query/", method: "POST" });
  expect(posts.map((q) => q.status)).toEqual([200, 200, 402]);
  const grid = sheetValues(world.runtime.store, DOC, done.sheetName);
  expect(grid).toHaveLength(GROUPS + 1);
  expect(new Set(grid.slice(1).map((row) => row[0])).size).toBe(GROUPS);
});

it("retries a page that runs out of memory smaller, and completes", async () => {
  // Rows of key, time, name and plan take about 80 bytes: the limit fits about 375 of them, so the
  // 1,000-row probe must shrink to fit.
  await world.posthog.control.settings({ query: { memoryLimitBytes: 30_000 } });
  const since = await lastSeq();
  const done = pull({ entity: "groups", groupTypeIndex: 0, columns: ["name", "plan"] });
  expect(done).toMatchObject({ status: "done", rows: GROUPS });
  const statuses = (await requests({ since, path: "/api/projects/1/query/", method: "POST" })).map(
    (q) => q.status,
  );
  expect(statuses).toContain(513);
  expect(statuses.at(-1)).toBe(200);
});

it("stops with a clear message when even small pages are too heavy", async () => {
  await refuseQueries(513, 1); // the count passes
  const since = await lastSeq();
  const failed = world.call<PullProgress>("startPull", {
    entity: "groups",
    groupTypeIndex: 0,
    search: "",
    columns: ["name"],
  });
  expect(failed).toMatchObject({ ok: false, code: "page_too_large" });
  expect(failed.ok ? "" : failed.message).toMatch(
    /could not return even [\d,]+ groups at a time\. PostHog ran out of memory reading them\. Pick fewer columns/,
  );
  const posts = await requests({
    since,
    path: "/api/projects/1/query/",
    method: "POST",
  });
  // The count, then the probe and its halvings: never the same page twice.
  expect(posts.filter((q) => q.status === 513)).toHaveLength(MAX_HALVINGS + 1);
  // The job is given up, so the person can pull again at once.
  expect(world.ok("currentPull")).toBeNull();
});

/** Every query from the `skip + 1`th on answers `status`, with PostHog's body for it. */
async function refuseQueries(status: number, skip: number): Promise<void> {
  await world.posthog.control.addFault({
    path: "/query/?$",
    method: "POST",
    kind: "status",
    status,
    skip,
    count: null,
  });
}

async function lastSeq(): Promise<number> {
  const all = await requests({ since: 0 });
  return all.at(-1)?.seq ?? 0;
}

/**
 * The request log, asked again once if the first try meets a socket the server closed while the runtime
 * blocked this thread (the local server drops idle sockets after 5 s).
 */
async function requests(filter: Parameters<World["posthog"]["control"]["requests"]>[0]) {
  try {
    return await world.posthog.control.requests(filter);
  } catch {
    return world.posthog.control.requests(filter);
  }
}

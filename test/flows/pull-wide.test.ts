// Wide rows: 20,000 groups of about 3 KB each pull through the runtime with no answer near Apps Script's
// 50 MB response limit: a small probe page measures the rows, then pages are sized to fit.
import { afterAll, beforeAll, expect, it } from "vitest";
import { MAX_RESPONSE_BYTES } from "../../runtime/services/url-fetch.ts";
import { sheetValues } from "../../runtime/spreadsheet/index.ts";
import { DOC, startWorld, type World } from "../../scripts/local-world.ts";
import { PROBE_ROWS } from "../../src/features/pull/query-pages.ts";
import type { PullProgress } from "../../src/shared/rpc.ts";

const GROUPS = 20_000;
const BYTES = 3_000;
let world: World;
beforeAll(async () => {
  world = await startWorld({ groups: 1 });
  await world.posthog.control.reset({ groups: GROUPS, groupBytes: BYTES, lagMs: 0 });
  // The runtime sleeps on a virtual clock, so polls come faster than the server's real one moves: async pages are
  // picked up at once, or a fast machine polls into the query throttle before the 100 ms pickup has passed.
  await world.posthog.control.settings({ query: { asyncPickupMs: 0 } });
  world.connect();
}, 180_000);
afterAll(() => world.close());

it("pulls 20,000 groups of about 3 KB each in pages that stay under 50 MB", async () => {
  let progress = world.ok<PullProgress>("startPull", { entity: "groups", groupTypeIndex: 0 });
  while (progress.status === "running")
    progress = world.ok<PullProgress>("continuePull", { jobId: progress.jobId });
  expect(progress).toMatchObject({ status: "done", rows: GROUPS });

  const grid = sheetValues(world.runtime.store, DOC, progress.sheetName);
  expect(grid).toHaveLength(GROUPS + 1);
  const notes = grid[0]?.indexOf("notes_long") ?? -1;
  expect(String(grid[1]?.[notes]).length).toBeGreaterThan(1_500);

  const log = await world.posthog.control.requests({ since: 0, path: "/api/projects/1/query/" });
  const posts = log.filter((r) => r.method === "POST");
  const largest = Math.max(...log.map((r) => r.responseBytes ?? 0));
  // The whole type is about 60 MB: one 50,000-row answer would have been refused by Apps Script.
  expect(largest).toBeGreaterThan(5_000_000);
  expect(largest).toBeLessThan(MAX_RESPONSE_BYTES / 2);
  expect(log.every((r) => r.status !== null && r.status < 400)).toBe(true);
  // The blocking probe, then async pages (started, then polled); the counts are not pages.
  const pages = posts
    .map((r) => r.body as { refresh: string; query: { query: string } })
    .filter((body) => body.query.query.includes("ORDER BY key"))
    .map((body) => body.refresh);
  expect(pages[0]).toBe("force_blocking");
  expect(pages.slice(1).every((refresh) => refresh === "force_async")).toBe(true);
  expect(pages.length).toBeLessThan(GROUPS / PROBE_ROWS);
}, 600_000);

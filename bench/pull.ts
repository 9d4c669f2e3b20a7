// The cost of pulls: 1,000 to 50,000 groups, query and REST modes, through the real bundle and the local PostHog;
// a wide pull (20,000 groups of about 3 KB), and 50,000 groups both ways with PostHog Cloud's latency.
import type { LatencySettings } from "../posthog-local/settings.ts";
import { startWorld, type World } from "../scripts/local-world.ts";
import type { PullProgress } from "../src/shared/rpc.ts";

export interface PullRun {
  mode: "query" | "rest";
  groups: number;
  requests: number;
  spreadsheetCalls: number;
  cellsWritten: number;
  executions: number;
  wallSeconds: number;
  /** The largest answer PostHog sent during the pull, in bytes (Apps Script refuses more than 50 MB). */
  largestResponseBytes: number;
  /**
   * What a person waits: the wall time plus the add-on's own waits (pacing, query polling), which the bench
   * sleeps on the runtime's virtual clock.
   */
  personSeconds: number;
  /** Each group's properties padded to about this many bytes (wide rows). */
  groupBytes?: number;
  /** The local PostHog's latency setting during the run. */
  latency?: LatencySettings;
}

const SPREADSHEET_SERVICES = /^(SpreadsheetApp|Spreadsheet|Sheet|Range|DeveloperMetadata)\./;

/**
 * PostHog Cloud as a person in Europe or the US sees it: about 150 ms a request (round trip and server
 * overhead), and answers downloaded at 10 MB/s. docs/posthog-query-api.md, "Latency".
 */
export const CLOUD_LATENCY: LatencySettings = { baseMs: 150, bytesPerSecond: 10_000_000 };

export async function measurePulls(
  sizes: readonly number[] = [1_000, 10_000, 50_000],
): Promise<PullRun[]> {
  // The runtime sleeps on a virtual clock that the server cannot see, so the server's own throttle is off;
  // the add-on's pacer still keeps under PostHog's limits on that clock.
  const world = await startWorld({ groups: 1, throttle: false });
  const runs: PullRun[] = [];
  try {
    for (const groups of sizes) {
      await world.posthog.control.reset({ groups });
      for (const mode of ["query", "rest"] as const) runs.push(await pullOnce(world, mode, groups));
    }
    // Wide rows: the whole type is about 60 MB, so page sizes must come from the measured rows.
    await world.posthog.control.reset({ groups: 20_000, groupBytes: 3_000 });
    runs.push({ ...(await pullOnce(world, "query", 20_000)), groupBytes: 3_000 });
    // Side by side, as a person on PostHog Cloud would wait for them.
    await world.posthog.control.reset({ groups: 50_000, groupBytes: 0, latency: CLOUD_LATENCY });
    for (const mode of ["query", "rest"] as const)
      runs.push({ ...(await pullOnce(world, mode, 50_000)), latency: CLOUD_LATENCY });
    return runs;
  } finally {
    await world.close();
  }
}

async function pullOnce(world: World, mode: "query" | "rest", groups: number): Promise<PullRun> {
  world.openDocument(`bench-${mode}-${groups}-${world.runtime.now()}`);
  world.connect(mode === "query" ? world.posthog.personalApiKey : world.posthog.readOnlyKey);
  world.runtime.resetCounts();
  const since = await lastSeq(world);
  const cellsBefore = world.runtime.store.cellsWritten;
  const started = performance.now();
  const virtualBefore = world.runtime.now() - Date.now();
  let executions = 1;
  let progress = world.ok<PullProgress>("startPull", { entity: "groups", groupTypeIndex: 0 });
  while (progress.status === "running") {
    executions++;
    progress = world.ok<PullProgress>("continuePull", { jobId: progress.jobId });
  }
  const wallSeconds = (performance.now() - started) / 1000;
  const sleptSeconds = (world.runtime.now() - Date.now() - virtualBefore) / 1000;
  if (progress.rows !== groups)
    throw new Error(`${mode} pull of ${groups} gave ${progress.rows} rows`);
  const counts = world.runtime.counts();
  const spreadsheetCalls = Object.entries(counts)
    .filter(([name]) => SPREADSHEET_SERVICES.test(name))
    .reduce((sum, [, n]) => sum + n, 0);
  const log = await requestsSince(world, since);
  return {
    mode,
    groups,
    requests: counts["UrlFetchApp.requests"] ?? 0,
    spreadsheetCalls,
    cellsWritten: world.runtime.store.cellsWritten - cellsBefore,
    executions,
    wallSeconds,
    largestResponseBytes: Math.max(0, ...log.map((r) => r.responseBytes ?? 0)),
    personSeconds: wallSeconds + Math.max(0, sleptSeconds),
  };
}

async function lastSeq(world: World): Promise<number> {
  const all = await requestsSince(world, 0);
  return all.at(-1)?.seq ?? 0;
}

/** The server's request log; asked twice if the runtime blocked this thread past the server's idle-socket timeout. */
async function requestsSince(world: World, since: number) {
  try {
    return await world.posthog.control.requests({ since });
  } catch {
    return world.posthog.control.requests({ since });
  }
}

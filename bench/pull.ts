// The cost of pulls: 1,000 to 50,000 groups, query and REST modes, through the real bundle and the local PostHog.
import { startWorld } from "../scripts/local-world.ts";
import type { PullProgress } from "../src/shared/rpc.ts";

export interface PullRun {
  mode: "query" | "rest";
  groups: number;
  requests: number;
  spreadsheetCalls: number;
  cellsWritten: number;
  executions: number;
  wallSeconds: number;
}

const SPREADSHEET_SERVICES = /^(SpreadsheetApp|Spreadsheet|Sheet|Range|DeveloperMetadata)\./;

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
      for (const mode of ["query", "rest"] as const) {
        world.openDocument(`bench-${mode}-${groups}`);
        world.connect(mode === "query" ? world.posthog.personalApiKey : world.posthog.readOnlyKey);
        world.runtime.resetCounts();
        const cellsBefore = world.runtime.store.cellsWritten;
        const started = performance.now();
        let executions = 1;
        let progress = world.ok<PullProgress>("startPull", { entity: "groups", groupTypeIndex: 0 });
        while (progress.status === "running") {
          executions++;
          progress = world.ok<PullProgress>("continuePull", { jobId: progress.jobId });
        }
        const wallSeconds = (performance.now() - started) / 1000;
        if (progress.rows !== groups)
          throw new Error(`${mode} pull of ${groups} gave ${progress.rows} rows`);
        const counts = world.runtime.counts();
        const spreadsheetCalls = Object.entries(counts)
          .filter(([name]) => SPREADSHEET_SERVICES.test(name))
          .reduce((sum, [, n]) => sum + n, 0);
        runs.push({
          mode,
          groups,
          requests: counts["UrlFetchApp.requests"] ?? 0,
          spreadsheetCalls,
          cellsWritten: world.runtime.store.cellsWritten - cellsBefore,
          executions,
          wallSeconds,
        });
      }
    }
    return runs;
  } finally {
    await world.close();
  }
}

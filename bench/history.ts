// The cost of keeping account history: refreshes of a pulled groups sheet with a share of its accounts changed in
// PostHog between them, through the real bundle and the local PostHog. The cells the history writes a refresh must
// follow the number of changes, not the number of accounts.
import { sheetValues } from "../runtime/spreadsheet/index.ts";
import { startWorld, type World } from "../scripts/local-world.ts";
import type { PullProgress, SheetStatus } from "../src/shared/rpc.ts";
import { pullToEnd } from "../test/flows/sheet-kit.ts";

export interface HistoryRun {
  accounts: number;
  changedShare: number;
  /** Cells written to the "PostHog history" sheet a refresh (rows appended × its columns), averaged over the refreshes. */
  cellsWrittenPerRefresh: number;
  /** Wall time of one refresh (the whole refresh, history included), averaged. */
  wallSeconds: number;
}

const HISTORY = "PostHog history";
const REFRESHES = 3;

export async function measureHistory(
  runs: ReadonlyArray<{ accounts: number; changedShare: number }> = [
    { accounts: 10_000, changedShare: 0.01 },
    { accounts: 50_000, changedShare: 0.01 },
    { accounts: 50_000, changedShare: 0.002 },
  ],
): Promise<HistoryRun[]> {
  const world = await startWorld({ groups: 1, throttle: false });
  // Large pulls read async query pages with `refresh: "async"`, which PostHog may answer from its results cache: a
  // refresh minutes after the last would read the old pages (a known gap in the refresh, left to its owners). The
  // bench turns the cache off so that each refresh sees the changes it measures.
  const results: HistoryRun[] = [];
  try {
    for (const run of runs) {
      await twice(() => world.posthog.control.reset({ groups: run.accounts }));
      await twice(() =>
        world.posthog.control.settings({ query: { cacheTtlMs: 0, asyncPickupMs: 0 } }),
      );
      results.push(await refreshes(world, run.accounts, run.changedShare));
    }
    return results;
  } finally {
    await world.close();
  }
}

async function refreshes(
  world: World,
  accounts: number,
  changedShare: number,
): Promise<HistoryRun> {
  const doc = `bench-history-${accounts}-${changedShare}-${world.runtime.now()}`;
  world.openDocument(doc);
  world.connect();
  const sheet = pullToEnd(world, { entity: "groups", groupTypeIndex: 0 });
  world.ok<SheetStatus>("setHistory", { keep: true });
  const keys = sheetValues(world.runtime.store, doc, sheet.sheetName)
    .slice(1)
    .map((r) => String(r[0]));
  const changed = Math.round(accounts * changedShare);
  const historyRows = () =>
    world.runtime.store.documents.get(doc)?.sheets.some((s) => s.name === HISTORY)
      ? sheetValues(world.runtime.store, doc, HISTORY).length
      : 0;
  let cells = 0;
  let seconds = 0;
  for (let round = 1; round <= REFRESHES; round++) {
    // A different 1% each round, changed through ingestion in one /batch/ request, then ingested.
    const batch = Array.from({ length: changed }, (_, i) => ({
      event: "$groupidentify",
      distinct_id: "bench",
      properties: {
        $group_type: "company",
        $group_key: keys[(round * changed + i) % keys.length],
        $group_set: { bench_round: round },
      },
    }));
    const send = () =>
      fetch(`${world.posthog.url}/batch/`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ api_key: world.posthog.projectToken, batch }),
      });
    const res = await twice(send);
    if (!res.ok) throw new Error(`batch: ${res.status}`);
    await twice(() => world.posthog.control.flush());
    const rowsBefore = historyRows();
    const started = performance.now();
    let progress = world.ok<PullProgress>("refreshActiveSheet", { discardEdits: true });
    while (progress.status === "running")
      progress = world.ok<PullProgress>("continuePull", { jobId: progress.jobId });
    seconds += (performance.now() - started) / 1000;
    const added = historyRows() - rowsBefore - (rowsBefore === 0 ? 1 : 0);
    if (added !== changed)
      throw new Error(`refresh ${round} recorded ${added} rows for ${changed} changes`);
    const width = sheetValues(world.runtime.store, doc, HISTORY)[0]?.length ?? 0;
    cells += added * width;
  }
  return {
    accounts,
    changedShare,
    cellsWrittenPerRefresh: cells / REFRESHES,
    wallSeconds: seconds / REFRESHES,
  };
}

/** Asked twice if the runtime blocked this thread past the server's idle-socket timeout (as bench/pull.ts does). */
const twice = <T>(call: () => Promise<T>): Promise<T> => call().catch(call);

// The cost of custom functions: 100 and 1,000 cells of =POSTHOG_GROUP over distinct keys of one type, cold and warm,
// and 1,000 cells of =POSTHOG_METRIC; with the document-cache bytes a cell reads.

import { companyKey } from "../posthog-local/seed/group-props.ts";
import { utf8Length } from "../runtime/bytes.ts";
import { OWNER, startWorld } from "../scripts/local-world.ts";

export interface FunctionRun {
  /** Which custom function the cells call. */
  function: "POSTHOG_GROUP" | "POSTHOG_METRIC";
  /** Cells computed, one custom-function execution each (as Sheets runs them). */
  cells: number;
  /** "cold": a document whose cache is empty; "warm": the same cells again. */
  cache: "cold" | "warm";
  /** HTTP requests to PostHog for all the cells. */
  requests: number;
  /** Cache and CacheService calls for all the cells (the document cache and the pacer's). */
  cacheCalls: number;
  wallSeconds: number;
  /** Milliseconds per cell (one execution each) in this runtime. */
  msPerCell: number;
  /** Of which: an execution that does nothing (a fresh context loading the bundle), measured apart. */
  loadMsPerExecution: number;
  /** Service calls per cell, by name ("Cache.get": 2…): locks and UrlFetchApp show here when a cell uses them. */
  callsPerCell: Record<string, number>;
  /** UTF-8 bytes of document-cache values a cell read, on average (goal for a warm cell: at most 32 KB). */
  bytesReadPerCell: number;
  /** The most any one cell read. */
  maxBytesReadPerCell: number;
}

/** The seeded metric the POSTHOG_METRIC runs read (posthog-local/seed/people.ts seedMetrics). */
const METRIC = "Events (7 days)";

const CELLS: Record<FunctionRun["function"], (key: string) => unknown[]> = {
  POSTHOG_GROUP: (key) => ["company", key, "name"],
  POSTHOG_METRIC: (key) => ["company", key, METRIC],
};

/** Counts the bytes of values the document cache hands back (wrapping the runtime's store, uncounted otherwise). */
function countCacheBytes(world: Awaited<ReturnType<typeof startWorld>>, documentId: string) {
  const store = world.runtime.caches.document(documentId);
  const read = store.read.bind(store);
  const counter = { bytes: 0 };
  store.read = (key: string) => {
    const value = read(key);
    counter.bytes += value === null ? 0 : utf8Length(value);
    return value;
  };
  return counter;
}

/** Milliseconds of an execution that only loads the bundle: the floor under every cell. */
function loadMs(world: Awaited<ReturnType<typeof startWorld>>, documentId: string): number {
  const runs = 20;
  const started = performance.now();
  for (let i = 0; i < runs; i++) world.runtime.evaluate("0", { user: OWNER, documentId });
  return (performance.now() - started) / runs;
}

export async function measureFunctions(
  sizes: readonly number[] = [100, 1_000],
  metricSizes: readonly number[] = [1_000],
): Promise<FunctionRun[]> {
  // The runtime sleeps on a virtual clock the server cannot see, so the server's own throttle is off.
  const world = await startWorld({ groups: Math.max(...sizes), throttle: false });
  const runs: FunctionRun[] = [];
  try {
    world.connect();
    const plan = [
      ...sizes.map((cells) => ({ cells, fn: "POSTHOG_GROUP" as const })),
      ...metricSizes.map((cells) => ({ cells, fn: "POSTHOG_METRIC" as const })),
    ];
    for (const { cells, fn } of plan) {
      const documentId = `bench-functions-${fn}-${cells}`;
      world.openDocument(documentId);
      world.ok("selectProject", { projectId: world.posthog.projectId });
      world.ok("setFormulasEnabled", { enabled: true });
      const keys = Array.from({ length: cells }, (_, i) => companyKey(i + 1));
      const counter = countCacheBytes(world, documentId);
      for (const cache of ["cold", "warm"] as const) {
        world.runtime.resetCounts();
        counter.bytes = 0;
        let maxBytes = 0;
        const started = performance.now();
        for (const key of keys) {
          const before = counter.bytes;
          const args = CELLS[fn](key);
          const value = world.runtime.runCustomFunction(fn, args, { user: OWNER, documentId });
          maxBytes = Math.max(maxBytes, counter.bytes - before);
          const wanted = fn === "POSTHOG_GROUP" ? "string" : "number";
          if (typeof value !== wanted || String(value).startsWith("PostHog:"))
            throw new Error(`=${fn}(${JSON.stringify(args)}) gave ${String(value)}`);
        }
        const wallSeconds = (performance.now() - started) / 1000;
        const counts = world.runtime.counts();
        const cacheCalls = Object.entries(counts)
          .filter(([name]) => /^Cache(Service)?\./.test(name))
          .reduce((sum, [, n]) => sum + n, 0);
        const callsPerCell = Object.fromEntries(
          Object.entries(counts).map(([name, n]) => [name, Math.round((n / cells) * 100) / 100]),
        );
        runs.push({
          function: fn,
          cells,
          cache,
          requests: counts["UrlFetchApp.requests"] ?? 0,
          cacheCalls,
          wallSeconds,
          msPerCell: (wallSeconds * 1000) / cells,
          loadMsPerExecution: loadMs(world, documentId),
          callsPerCell,
          bytesReadPerCell: Math.round(counter.bytes / cells),
          maxBytesReadPerCell: maxBytes,
        });
      }
    }
    return runs;
  } finally {
    await world.close();
  }
}

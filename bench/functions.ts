// The cost of custom functions: 100 and 1,000 cells of =POSTHOG_GROUP over distinct keys of one type, cold and warm.
import { companyKey } from "../posthog-local/seed/group-props.ts";
import { OWNER, startWorld } from "../scripts/local-world.ts";

export interface FunctionRun {
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
): Promise<FunctionRun[]> {
  // The runtime sleeps on a virtual clock the server cannot see, so the server's own throttle is off.
  const world = await startWorld({ groups: Math.max(...sizes), throttle: false });
  const runs: FunctionRun[] = [];
  try {
    world.connect();
    for (const cells of sizes) {
      const documentId = `bench-functions-${cells}`;
      world.openDocument(documentId);
      world.ok("selectProject", { projectId: world.posthog.projectId });
      world.ok("setFormulasEnabled", { enabled: true });
      const keys = Array.from({ length: cells }, (_, i) => companyKey(i + 1));
      for (const cache of ["cold", "warm"] as const) {
        world.runtime.resetCounts();
        const started = performance.now();
        for (const key of keys) {
          const value = world.runtime.runCustomFunction("POSTHOG_GROUP", ["company", key, "name"], {
            user: OWNER,
            documentId,
          });
          if (typeof value !== "string" || value.startsWith("PostHog:"))
            throw new Error(`=POSTHOG_GROUP("company", "${key}", "name") gave ${String(value)}`);
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
          cells,
          cache,
          requests: counts["UrlFetchApp.requests"] ?? 0,
          cacheCalls,
          wallSeconds,
          msPerCell: (wallSeconds * 1000) / cells,
          loadMsPerExecution: loadMs(world, documentId),
          callsPerCell,
        });
      }
    }
    return runs;
  } finally {
    await world.close();
  }
}

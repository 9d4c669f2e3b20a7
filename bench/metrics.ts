// The cost of usage-metric columns: 5 event metrics in 2 intervals and 1 metric on a data-warehouse table, for 1,000,
// 10,000 and 50,000 groups, every group active.
// The add-on's own code runs as in a pull (src/features/pull/metric-columns.ts over the real API client); PostHog's
// side is a stand-in that answers the metric query with one row per group in key order (keyset pages, LIMIT), since
// the local PostHog seeds events for its first 60 companies only. Requests, rows and cells are exact; wall time is
// the add-on's work (query building, parsing, cells), not ClickHouse's.

import type { GroupUsageMetric } from "../src/api/types.ts";
import { metricColumns } from "../src/features/pull/metric-columns.ts";
import { fakeClock } from "../test/fakes/fake-clock.ts";
import { jsonReply, memoryClient } from "../test/fakes/memory-client.ts";
import { memoryTransport } from "../test/fakes/memory-transport.ts";
import { demoMetrics, NOW, WAREHOUSE } from "../test/fakes/metric-events.ts";

/** The demo metrics plus a sum over a warehouse table, which the add-on reads in a query of its own, as PostHog batches it (docs/posthog-query-api.md §15). */
function benchMetrics(): GroupUsageMetric[] {
  const charges: GroupUsageMetric = {
    id: "m6",
    name: "Charges",
    format: "currency",
    interval: 30,
    display: "number",
    filters: WAREHOUSE,
    math: "sum",
    math_property: "amount",
  };
  return [...demoMetrics(), charges];
}

export interface MetricsRun {
  groups: number;
  metrics: number;
  /** Query requests for the metric values (the metric list's one REST request is not counted). */
  requests: number;
  rowsRead: number;
  cellsWritten: number;
  wallSeconds: number;
}

const key = (i: number) => `c${String(i).padStart(6, "0")}`;

/** Answers the metric list and the metric query: per group (all active) one row of small numbers. */
function responder(groups: number) {
  return memoryTransport((request) => {
    if (request.method === "GET")
      return jsonReply(200, { count: 6, next: null, results: benchMetrics() });
    const { query } = JSON.parse(request.body ?? "{}") as {
      query: { query: string; values: Record<string, unknown> };
    };
    const limit = Number(/LIMIT (\d+)$/.exec(query.query)?.[1]);
    const columns = (query.query.match(/ AS m\d+_\w+/g) ?? []).length;
    const after = String(query.values.after ?? "");
    const results: unknown[][] = [];
    for (let i = 0; i < groups && results.length < limit; i++) {
      const k = key(i);
      if (k <= after) continue;
      results.push([k, ...Array.from({ length: columns }, (_, c) => (i + c) % 9)]);
    }
    return jsonReply(200, { results, columns: [] });
  });
}

export function measureMetrics(sizes: readonly number[] = [1_000, 10_000, 50_000]): MetricsRun[] {
  return sizes.map((groups) => {
    const transport = responder(groups);
    const client = memoryClient(
      transport,
      { host: "us", apiKey: "phx_bench000000000000000000000", projectId: 1 },
      fakeClock(),
    );
    const started = performance.now();
    const columns = metricColumns(client, 0, [0], true, NOW);
    let cellsWritten = 0;
    for (let i = 0; i < groups; i++) cellsWritten += columns.cells(key(i)).length;
    const wallSeconds = (performance.now() - started) / 1000;
    return {
      groups,
      metrics: benchMetrics().length,
      requests: columns.requests,
      rowsRead: columns.rowsRead,
      cellsWritten,
      wallSeconds,
    };
  });
}

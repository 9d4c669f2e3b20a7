// `npm run bench`: cost figures of the add-on, printed as text or, with --json, as one JSON document.
import { buildDist } from "../scripts/build.ts";
import { measureBridge } from "./bridge.ts";
import { type BundleSizes, measureBundle } from "./bundle.ts";
import { measureFunctions } from "./functions.ts";
import { measureHistory } from "./history.ts";
import { measureMetrics } from "./metrics.ts";
import { measurePeople } from "./people.ts";
import { measurePlayground } from "./playground.ts";
import { measurePulls } from "./pull.ts";
import { measurePushes } from "./push.ts";

/** Each kind of figure and how it is measured; `--only history,pull` runs just those kinds. */
const KINDS = {
  bundle: async (): Promise<BundleSizes> => measureBundle(),
  bridge: () => measureBridge(200),
  pull: () => measurePulls(),
  push: () => measurePushes(),
  functions: () => measureFunctions(),
  metrics: async () => measureMetrics(),
  playground: () => measurePlayground(),
  people: () => measurePeople(),
  history: () => measureHistory(),
};

type Report = { [K in keyof typeof KINDS]?: Awaited<ReturnType<(typeof KINDS)[K]>> };

async function main(): Promise<void> {
  const json = process.argv.includes("--json");
  const at = process.argv.indexOf("--only");
  const only = at >= 0 ? (process.argv[at + 1] ?? "").split(",") : null;
  await buildDist();
  const report: Report = {};
  for (const [kind, measure] of Object.entries(KINDS))
    if (!only || only.includes(kind)) (report as Record<string, unknown>)[kind] = await measure();
  if (json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  if (report.bundle) {
    const b = report.bundle;
    console.log(
      `bundle: server ${b.serverBytes} bytes (target ${b.serverBudgetBytes}, ceiling ${b.serverCeilingBytes}) + entry stubs ${b.entryPointsBytes} bytes, ` +
        `sidebar ${b.sidebarBytes} bytes; a cold load of the server compiles and runs in ${b.coldLoadMs.toFixed(1)} ms`,
    );
  }
  for (const run of report.bridge ?? []) {
    const perRequest = ((run.wallSeconds * 1000) / run.requests).toFixed(2);
    console.log(
      `bridge ${run.mode}: ${run.requests} requests in ${run.wallSeconds.toFixed(3)} s (${perRequest} ms each)`,
    );
  }
  for (const run of report.pull ?? []) {
    const wide = run.groupBytes ? ` of ~${run.groupBytes} bytes` : "";
    const latency = run.latency
      ? ` with ${run.latency.baseMs} ms + ${(run.latency.bytesPerSecond ?? 0) / 1e6} MB/s latency`
      : "";
    console.log(
      `pull ${run.mode} ${run.groups} groups${wide}${latency}: ${run.requests} requests, ` +
        `largest answer ${(run.largestResponseBytes / 1e6).toFixed(2)} MB, ${run.spreadsheetCalls} spreadsheet calls, ` +
        `${run.cellsWritten} cells written, ${run.executions} execution(s), ${run.wallSeconds.toFixed(2)} s ` +
        `(${run.personSeconds.toFixed(2)} s as a person waits)`,
    );
  }
  for (const run of report.push ?? []) {
    console.log(
      `push ${run.mode} ${run.changes} changes: ${run.requests} requests (${run.writeRequests} writes), ` +
        `${run.spreadsheetCalls} spreadsheet calls, ${run.executions} execution(s), ` +
        `at most ${run.maxRequestsPerMinute} requests a minute, ${run.wallSeconds.toFixed(2)} s`,
    );
  }
  for (const run of report.functions ?? []) {
    console.log(
      `=${run.function} ${run.cells} cells, ${run.cache} cache: ${run.requests} requests, ` +
        `${run.cacheCalls} cache calls, ${run.bytesReadPerCell} cache bytes a cell (at most ${run.maxBytesReadPerCell}), ` +
        `${run.wallSeconds.toFixed(2)} s; ` +
        `${run.msPerCell.toFixed(1)} ms a cell (loading the bundle: ${run.loadMsPerExecution.toFixed(1)} ms)`,
    );
    if (run.cache === "warm")
      console.log(
        `  a warm cell's service calls: ${Object.entries(run.callsPerCell)
          .map(([name, n]) => `${name} ${n}`)
          .join(", ")}`,
      );
  }
  for (const run of report.metrics ?? []) {
    console.log(
      `metrics ${run.groups} groups x ${run.metrics} metrics: ${run.requests} query requests, ${run.rowsRead} rows, ` +
        `${run.cellsWritten} cells, ${run.wallSeconds.toFixed(2)} s`,
    );
  }
  for (const run of report.playground ?? []) {
    console.log(
      `playground ${run.rows} rows x ${run.columns} columns: tab shown ${run.tabShownSeconds.toFixed(2)} s after the pull, ` +
        `a click answered in ${run.clickMs.toFixed(0)} ms, page ${run.pageMemoryMB.toFixed(0)} MB ` +
        `(JS heap ${run.jsHeapMB.toFixed(0)} MB), a warm =POSTHOG_GROUP cell ${run.warmFormulaCellMs.toFixed(0)} ms ` +
        `in ${run.warmFormulaCellExecutions} execution(s)`,
    );
  }
  for (const run of report.people ?? []) {
    console.log(
      `people of ${run.accounts} accounts among ${run.persons} persons: ${run.requests} requests, ` +
        `${run.rowsRead} rows read, ${run.wallSeconds.toFixed(2)} s`,
    );
  }
  for (const run of report.history ?? []) {
    console.log(
      `history ${run.accounts} accounts, ${run.changedShare * 100}% changed a refresh: ` +
        `${run.cellsWrittenPerRefresh} history cells written a refresh, ${run.wallSeconds.toFixed(2)} s a refresh`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

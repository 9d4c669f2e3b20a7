// `npm run bench`: cost figures of the add-on, printed as text or, with --json, as one JSON document.
import { statSync } from "node:fs";
import { buildDist } from "../scripts/build.ts";
import { measureBridge } from "./bridge.ts";
import { measurePulls } from "./pull.ts";

interface Report {
  bundle: { serverBytes: number; sidebarBytes: number };
  bridge: Awaited<ReturnType<typeof measureBridge>>;
  pull: Awaited<ReturnType<typeof measurePulls>>;
}

async function main(): Promise<void> {
  const json = process.argv.includes("--json");
  await buildDist();
  const report: Report = {
    bundle: {
      serverBytes: statSync("dist/posthog-sheets.js").size + statSync("dist/entry-points.js").size,
      sidebarBytes: statSync("dist/sidebar.html").size,
    },
    bridge: await measureBridge(200),
    pull: await measurePulls(),
  };
  if (json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  console.log(
    `bundle: server ${report.bundle.serverBytes} bytes, sidebar ${report.bundle.sidebarBytes} bytes`,
  );
  for (const run of report.bridge) {
    const perRequest = ((run.wallSeconds * 1000) / run.requests).toFixed(2);
    console.log(
      `bridge ${run.mode}: ${run.requests} requests in ${run.wallSeconds.toFixed(3)} s (${perRequest} ms each)`,
    );
  }
  for (const run of report.pull) {
    console.log(
      `pull ${run.mode} ${run.groups} groups: ${run.requests} requests, ${run.spreadsheetCalls} spreadsheet calls, ` +
        `${run.cellsWritten} cells written, ${run.executions} execution(s), ${run.wallSeconds.toFixed(2)} s`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

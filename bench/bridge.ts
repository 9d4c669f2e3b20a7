// The synchronous HTTP bridge's cost: UrlFetchApp.fetch one by one, and fetchAll, against a loopback server.
import { createAppsScriptRuntime } from "../runtime/index.ts";
import { startLoopbackServer } from "./loopback-server.ts";

export interface BridgeRun {
  mode: "sequential" | "fetchAll";
  requests: number;
  wallSeconds: number;
}

const SEQUENTIAL = (url: string, n: number) =>
  `for (var i = 0; i < ${n}; i++) UrlFetchApp.fetch(${JSON.stringify(url)} + "/seq/" + i);`;
const ALL = (url: string, n: number) =>
  `var r = []; for (var i = 0; i < ${n}; i++) r.push({ url: ${JSON.stringify(url)} + "/all/" + i });
   UrlFetchApp.fetchAll(r);`;

export async function measureBridge(requests: number): Promise<BridgeRun[]> {
  const server = await startLoopbackServer();
  const runtime = createAppsScriptRuntime({
    distDir: "dist",
    extraUrlAllowlist: [`${server.url}/`],
  });
  try {
    const runs: BridgeRun[] = [];
    runtime.evaluate(SEQUENTIAL(server.url, 5)); // warm the worker
    for (const [mode, code] of [
      ["sequential", SEQUENTIAL],
      ["fetchAll", ALL],
    ] as const) {
      const started = performance.now();
      runtime.evaluate(code(server.url, requests));
      runs.push({ mode, requests, wallSeconds: (performance.now() - started) / 1000 });
    }
    return runs;
  } finally {
    runtime.close();
    await server.close();
  }
}

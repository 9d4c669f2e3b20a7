// The size of what the build writes (the server bundle every execution loads whole, its entry stubs, the sidebar
// page) and what loading the server bundle costs V8 when nothing of it is cached.
import { readFileSync, statSync } from "node:fs";
import vm from "node:vm";
import { SERVER_BUDGET_BYTES, SERVER_CEILING_BYTES } from "../scripts/build.ts";

export interface BundleSizes {
  /** dist/posthog-sheets.js: the whole server, minified with its function names kept. */
  serverBytes: number;
  /** dist/entry-points.js: the top-level stubs and the custom functions' JSDoc, also loaded on every execution. */
  entryPointsBytes: number;
  /** dist/sidebar.html: the page HtmlService serves when the sidebar opens. */
  sidebarBytes: number;
  /** The target (150 KiB) and the ceiling the size test holds until the target is met. */
  serverBudgetBytes: number;
  serverCeilingBytes: number;
  /**
   * Median ms to compile and run the server bundle and its stubs in a fresh V8 context with nothing compiled before
   * (each run's source differs by a comment, so V8's compilation cache cannot answer): the part of every
   * execution's start that grows with the bundle (docs/apps-script.md §12).
   */
  coldLoadMs: number;
}

/** Compiles and runs the bundle `runs` times from scratch; returns the median time in ms. */
export function coldLoadMs(source: string, runs = 41): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const unique = `${source}\n// cold load ${i} ${Math.random()}\n`;
    const context = vm.createContext({});
    const started = performance.now();
    new vm.Script(unique).runInContext(context);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

/** Reads the sizes of dist/ as the last build left it (bench/run.ts builds first). */
export function measureBundle(dist = "dist"): BundleSizes {
  const size = (file: string) => statSync(`${dist}/${file}`).size;
  const read = (file: string) => readFileSync(`${dist}/${file}`, "utf8");
  return {
    serverBytes: size("posthog-sheets.js"),
    entryPointsBytes: size("entry-points.js"),
    sidebarBytes: size("sidebar.html"),
    serverBudgetBytes: SERVER_BUDGET_BYTES,
    serverCeilingBytes: SERVER_CEILING_BYTES,
    coldLoadMs: coldLoadMs(`${read("posthog-sheets.js")}\n${read("entry-points.js")}`),
  };
}

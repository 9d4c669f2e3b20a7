// The size of what the build writes: the server bundle every execution loads whole, its entry stubs, the sidebar page.
import { statSync } from "node:fs";
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
}

/** Reads the sizes of dist/ as the last build left it (bench/run.ts builds first). */
export function measureBundle(dist = "dist"): BundleSizes {
  const size = (file: string) => statSync(`${dist}/${file}`).size;
  return {
    serverBytes: size("posthog-sheets.js"),
    entryPointsBytes: size("entry-points.js"),
    sidebarBytes: size("sidebar.html"),
    serverBudgetBytes: SERVER_BUDGET_BYTES,
    serverCeilingBytes: SERVER_CEILING_BYTES,
  };
}

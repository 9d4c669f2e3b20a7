// The server bundle's budget and its stack traces: every execution loads it whole, and its logs must still name functions.
import { readFileSync, statSync } from "node:fs";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { addonDefines, buildServer, SERVER_CEILING_BYTES } from "../../scripts/build.ts";

/** The ceiling, not the 150 KiB target, which is not met yet (scripts/build.ts, docs/apps-script.md §12). */
const CEILING = SERVER_CEILING_BYTES;

/** Runs a server bundle in a fresh V8 context, as Apps Script does (no Apps Script globals here), and returns onOpen's stack. */
function stackOfOnOpen(code: string): string {
  const context = vm.createContext({});
  vm.runInContext(code, context, { filename: "posthog-sheets.js" });
  try {
    vm.runInContext("PostHogSheets.onOpen({})", context);
  } catch (error) {
    return String((error as { stack?: unknown }).stack);
  }
  throw new Error("onOpen did not throw without SpreadsheetApp");
}

/** The function names of the frames inside the bundle, e.g. ["installAddonMenu", "onOpen"] (V8 adds "[as key]" for a method called under another name). */
function bundleFrames(stack: string): string[] {
  return [
    ...stack.matchAll(/at (?:Object\.)?([\w$]+)(?: \[as [\w$]+\])? \(posthog-sheets\.js:/g),
  ].map((m) => m[1] ?? "");
}

describe("the server bundle", () => {
  it(`stays within its ceiling of ${CEILING} bytes`, () => {
    const size = statSync("dist/posthog-sheets.js").size;
    expect(size).toBeGreaterThan(50_000);
    expect(size).toBeLessThanOrEqual(CEILING);
  });

  it("names the source functions in a stack trace (keepNames sets each function's `name`, which V8 prints)", () => {
    const frames = bundleFrames(stackOfOnOpen(readFileSync("dist/posthog-sheets.js", "utf8")));
    // onOpen (src/main.ts) calls installAddonMenu (src/menu/), which finds no SpreadsheetApp here and throws.
    expect(frames).toEqual(["installAddonMenu", "onOpen"]);
  });

  it("would print minified names without keepNames (the check above can fail)", async () => {
    const bare = await buildServer(addonDefines(), { keepNames: false });
    const frames = bundleFrames(stackOfOnOpen(bare));
    expect(frames).toHaveLength(2);
    expect(frames).not.toContain("installAddonMenu");
    expect(frames).not.toContain("onOpen");
  });
});

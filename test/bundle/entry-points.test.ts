// Golden test of the built bundle: dist/ loaded into the Apps Script runtime exposes exactly src/main.ts's entry points.
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { createAppsScriptRuntime } from "../../runtime/index.ts";
import { readEntryPoints } from "../../scripts/entry-points.ts";
import { ADDON_MENU } from "../../src/menu/addon-menu.ts";
import { SERVER_FUNCTION_NAMES } from "../../src/shared/rpc-names.ts";

const entries = readEntryPoints("src/main.ts");
const runtime = createAppsScriptRuntime({ distDir: "dist" });
runtime.addDocument({ id: "sheet-1", name: "Accounts", owner: "owner@example.com" });
afterAll(() => runtime.close());

describe("the built bundle", () => {
  it("defines every entry point of src/main.ts as a top-level function with its parameter list", () => {
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      const fn = runtime.globalFunction(entry.name);
      expect(fn, entry.name).toBeDefined();
      expect(fn?.params, entry.name).toEqual(entry.params);
    }
  });

  it("leaks nothing else to the global scope but the library object", () => {
    const expected = [...entries.map((e) => e.name), "PostHogSheets"].sort();
    expect(runtime.globalNames().sort()).toEqual(expected);
  });

  it("gives every custom function its @customfunction JSDoc, with a @param per parameter", () => {
    const stubs = readFileSync("dist/entry-points.js", "utf8");
    const custom = entries.filter((e) => e.name.startsWith("POSTHOG_"));
    expect(custom.length).toBeGreaterThan(0);
    for (const entry of custom) {
      const doc = new RegExp(
        `/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*function ${entry.name}\\(`,
      ).exec(stubs)?.[1];
      expect(doc, entry.name).toContain("@customfunction");
      const documented = [...(doc ?? "").matchAll(/@param\s+\{[^}]*\}\s+(\w+)/g)].map((m) => m[1]);
      expect(documented, entry.name).toEqual(entry.params);
    }
    expect(entries.filter((e) => e.isCustomFunction).map((e) => e.name)).toEqual(
      custom.map((e) => e.name),
    );
  });

  it("points every menu item at an entry point", () => {
    const names = new Set(entries.map((e) => e.name));
    for (const item of ADDON_MENU)
      if (item) expect(names, item.caption).toContain(item.functionName);
  });

  it("defines every function the sidebar may call, none ending in _ (google.script.run cannot call those)", () => {
    const names = new Set(entries.map((e) => e.name));
    for (const name of Object.keys(SERVER_FUNCTION_NAMES)) {
      expect(names, name).toContain(name);
      expect(name.endsWith("_"), name).toBe(false);
    }
  });

  it("keeps the server bundle a plain script: no import, export or require", () => {
    for (const file of ["dist/posthog-sheets.js", "dist/entry-points.js"]) {
      const code = readFileSync(file, "utf8");
      expect(code, file).not.toMatch(/^\s*(import|export)\s/m);
      expect(code, file).not.toMatch(/\brequire\(/);
    }
  });
});

describe("onOpen", () => {
  it("in AuthMode.NONE builds the add-on menu and calls nothing else", () => {
    runtime.resetCounts();
    runtime.run("onOpen", [{ authMode: "NONE" }], { authMode: "NONE" });
    const calls = Object.keys(runtime.counts());
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls)
      expect(call).toMatch(/^(SpreadsheetApp\.getUi|Ui\.createAddonMenu|Menu\.\w+)$/);
    const menu = runtime.ui.menus.at(-1);
    expect(JSON.stringify(menu)).toContain("showSidebar");
  });
});

describe("the first slice", () => {
  it("opens the sidebar from the menu item, as one self-contained page", () => {
    runtime.run("showSidebar", [], { authMode: "FULL" });
    const sidebar = runtime.ui.sidebars.at(-1);
    expect(sidebar?.title).toBe("PostHog");
    expect(sidebar?.html).toContain("PostHog for Sheets");
    expect(sidebar?.html).not.toMatch(/<script[^>]+src=|<link[^>]+stylesheet/);
  });

  it("answers =POSTHOG_VERSION() in custom-function mode with package.json's version", () => {
    const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
    expect(runtime.runCustomFunction("POSTHOG_VERSION", [])).toBe(version);
  });
});

// The execution context: only ECMAScript + services, fresh per execution, files in push order, realm-correct values.

import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FORBIDDEN_GLOBALS } from "../../runtime/context.ts";
import { createAppsScriptRuntime } from "../../runtime/index.ts";
import { makeRuntime, writeDist } from "./helpers.ts";

describe("the execution context", () => {
  it.each([...FORBIDDEN_GLOBALS])("has no %s", (name) => {
    const rt = makeRuntime({ "probe.js": `function probe() { return typeof ${name}; }` });
    expect(rt.run("probe")).toBe("undefined");
  });

  it("has the Apps Script services and ECMAScript built-ins", () => {
    const rt = makeRuntime({ "a.js": "" });
    const types = rt.evaluate(
      "[SpreadsheetApp, PropertiesService, CacheService, LockService, Utilities, Session, ScriptApp, HtmlService, UrlFetchApp, Logger, console, JSON, Map, Promise, Intl].map(x => typeof x)",
    ) as string[];
    expect(types.every((t) => t === "object" || t === "function")).toBe(true);
  });

  it("starts every execution with fresh globals", () => {
    const rt = makeRuntime({
      "counter.js":
        "var counter = 0; let lexical = 0; function bump() { counter++; lexical++; return [counter, lexical]; }",
    });
    expect(rt.run("bump")).toEqual([1, 1]);
    expect(rt.run("bump")).toEqual([1, 1]);
  });

  it("loads files in the given push order, then alphabetically", () => {
    const files = {
      "b.js": "var order = (typeof order === 'undefined' ? [] : order).concat('b');",
      "a.js": "var order = (typeof order === 'undefined' ? [] : order).concat('a');",
      "c.js":
        "var order = (typeof order === 'undefined' ? [] : order).concat('c'); function getOrder() { return order; }",
    };
    expect(makeRuntime(files).run("getOrder")).toEqual(["a", "b", "c"]);
    expect(makeRuntime(files, { filePushOrder: ["c.js", "b.js"] }).run("getOrder")).toEqual([
      "c",
      "b",
      "a",
    ]);
  });

  it("reads a dist folder: manifest, .clasp.json push order, html files", () => {
    const dir = writeDist({
      // Alphabetically a-main.js would load first and fail on the missing Lib at top level.
      "dist/z-lib.js": "var Lib = { twice: function (x) { return 2 * x; } };",
      "dist/a-main.js": "var doubled = Lib.twice(21); function main() { return doubled; }",
      "dist/sidebar.html": "<p>hi</p>",
      "dist/appsscript.json": JSON.stringify({ timeZone: "Asia/Tokyo" }),
    });
    writeFileSync(
      path.join(dir, ".clasp.json"),
      JSON.stringify({ rootDir: "dist", filePushOrder: ["dist/z-lib.js", "dist/a-main.js"] }),
    );
    const rt = createAppsScriptRuntime({ distDir: path.join(dir, "dist") });
    try {
      expect(rt.project.scripts.map((s) => s.name)).toEqual(["z-lib.js", "a-main.js"]);
      expect(rt.run("main", [], { documentId: null })).toBe(42);
      expect(rt.project.html.get("sidebar")).toBe("<p>hi</p>");
      expect(rt.evaluate("Session.getScriptTimeZone()", { documentId: null })).toBe("Asia/Tokyo");
    } finally {
      rt.close();
    }
  });

  it("hands the bundle values of its own realm", () => {
    const rt = makeRuntime({
      "a.js": `function check(arg) {
        var props = PropertiesService.getScriptProperties();
        props.setProperties({ a: "1", b: "2" });
        var keys = props.getKeys();
        var bytes = Utilities.base64Decode("AAE=");
        var caught;
        try { Utilities.base64Decode("***"); } catch (e) { caught = e; }
        return [keys instanceof Array, bytes instanceof Array, props.getProperties() instanceof Object,
          caught instanceof Error, String(caught), arg instanceof Array, arg[0] instanceof Date,
          Object.getPrototypeOf(props.getProperties()) === Object.prototype];
      }`,
    });
    expect(rt.run("check", [[new Date(0)]])).toEqual([
      true,
      true,
      true,
      true,
      "Exception: Could not decode string.",
      true,
      true,
      true,
    ]);
  });

  it("reports an unknown function with Apps Script's text", () => {
    const rt = makeRuntime({ "a.js": "function a() {}" });
    expect(() => rt.run("nope")).toThrow("Script function not found: nope");
  });

  it("turns script errors into Node errors with the same name and message", () => {
    const rt = makeRuntime({ "a.js": "function boom() { throw new TypeError('bad'); }" });
    let error: unknown;
    try {
      rt.run("boom");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe("TypeError");
    expect((error as Error).message).toBe("bad");
  });

  it("lists the globals the files define and describes functions with their JSDoc", () => {
    const rt = makeRuntime({
      "a.js": `var CONFIG = 1;
/**
 * Looks a group up.
 * @param {string} groupType
 * @customfunction
 */
function POSTHOG_GROUP(groupType, key = "x", ...rest) { return groupType; }
function helper_() {}`,
    });
    expect(rt.globalNames().sort()).toEqual(["CONFIG", "POSTHOG_GROUP", "helper_"]);
    const info = rt.globalFunction("POSTHOG_GROUP");
    expect(info?.params).toEqual(["groupType", "key", "...rest"]);
    expect(info?.jsdoc).toContain("@customfunction");
    expect(info?.file).toBe("a.js");
    expect(rt.globalFunction("helper_")?.jsdoc).toBeUndefined();
    expect(rt.globalFunction("CONFIG")).toBeUndefined();
    expect(rt.counts()).toEqual({});
  });

  it("runs promise jobs before the call returns", () => {
    const rt = makeRuntime({
      "a.js":
        "var done = []; function go() { Promise.resolve(1).then(function (v) { done.push(v); }); return done; }",
    });
    expect(rt.evaluate("go(); done")).toEqual([1]);
  });
});

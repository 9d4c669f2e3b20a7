// The services as Node objects (runtime.services) for adapter tests, and the runtime's defaults.

import { describe, expect, it } from "vitest";
import { makeRuntime } from "./helpers.ts";

// biome-ignore lint/suspicious/noExplicitAny: service objects are untyped fakes here.
type AnyService = Record<string, (...args: unknown[]) => any>;

describe("runtime.services", () => {
  it("hands out working services inside an open execution, with Node-realm errors", () => {
    const rt = makeRuntime({ "a.js": "" }, { sleep: "virtual" });
    const s = rt.services({ user: "u@example.com" }) as Record<string, AnyService>;
    s.PropertiesService?.getUserProperties?.().setProperty("a", 1);
    expect(rt.properties.user("u@example.com").get("a")).toBe("1");
    expect(s.Session?.getActiveUser?.().getEmail()).toBe("u@example.com");
    const before = rt.now();
    s.Utilities?.sleep?.(1000);
    expect(rt.now() - before).toBeGreaterThanOrEqual(1000);
    let error: unknown;
    try {
      s.CacheService?.getScriptCache?.().put("k".repeat(251), "v");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toBe("Exception: Argument too large: key");
    expect(rt.counts()["Cache.put"]).toBe(1);
  });

  it("ends the execution: its locks are released and its services stop working", () => {
    const rt = makeRuntime({ "a.js": "" });
    const s = rt.services() as Record<string, AnyService>;
    const lock = s.LockService?.getScriptLock?.();
    expect(lock.tryLock(0)).toBe(true);
    rt.endServices();
    expect(() => lock.hasLock()).toThrow();
    expect(rt.run.bind(rt, "x")).toThrow("Script function not found: x");
    const again = rt.services() as Record<string, AnyService>;
    expect(again.LockService?.getScriptLock?.().tryLock(0)).toBe(true);
  });
});

describe("defaults", () => {
  it("runs as owner@example.com in FULL mode in the first document", () => {
    const rt = makeRuntime({
      "a.js":
        "function who(e) { return [Session.getActiveUser().getEmail(), SpreadsheetApp.getActive().getId()]; }",
    });
    rt.addDocument({ id: "doc-2", owner: "x@example.com" });
    expect(rt.run("who")).toEqual(["owner@example.com", "doc-1"]);
    expect(rt.run("who", [], { documentId: "doc-2", user: "x@example.com" })).toEqual([
      "x@example.com",
      "doc-2",
    ]);
  });

  it("has no active spreadsheet in a standalone run", () => {
    const rt = makeRuntime({
      "a.js": "function f() { return SpreadsheetApp.getActiveSpreadsheet(); }",
    });
    expect(rt.run("f", [], { documentId: null })).toBeNull();
  });
});

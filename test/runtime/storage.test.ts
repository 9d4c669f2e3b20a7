// PropertiesService and CacheService: strings only, size limits with their texts, expiry on the clock, the item cap.

import { describe, expect, it } from "vitest";
import { makeRuntime } from "./helpers.ts";

const FILES = { "a.js": "function call(code) { return eval(code); }" };

describe("PropertiesService", () => {
  it("keeps strings per store; the document store is null outside a document", () => {
    const rt = makeRuntime(FILES);
    rt.run("call", [
      `var u = PropertiesService.getUserProperties();
       u.setProperty("n", 42).setProperty("o", { a: 1 });
       u.setProperties({ x: true, y: null });
       PropertiesService.getScriptProperties().setProperty("s", "1");
       PropertiesService.getDocumentProperties().setProperty("d", "1");`,
    ]);
    expect(Object.fromEntries(rt.properties.user("owner@example.com"))).toEqual({
      n: "42",
      o: "[object Object]",
      x: "true",
      y: "null",
    });
    expect(rt.properties.user("other@example.com").size).toBe(0);
    expect(rt.properties.script.get("s")).toBe("1");
    expect(rt.properties.document("doc-1").get("d")).toBe("1");
    expect(
      rt.run("call", ["PropertiesService.getDocumentProperties()"], { documentId: null }),
    ).toBeNull();
    expect(
      rt.run("call", [
        `var u = PropertiesService.getUserProperties();
         u.setProperties({ keep: "1" }, true); u.deleteProperty("nothing");
         [u.getKeys(), u.getProperty("missing"), u.getProperties()]`,
      ]),
    ).toEqual([["keep"], null, { keep: "1" }]);
    rt.run("call", ["PropertiesService.getUserProperties().deleteAllProperties()"]);
    expect(rt.properties.user("owner@example.com").size).toBe(0);
  });

  it("refuses values over 9 KB (bytes, UTF-8) with 'Argument too large: value'", () => {
    const rt = makeRuntime(FILES);
    expect(
      rt.run("call", [
        'PropertiesService.getUserProperties().setProperty("k", "a".repeat(9216)); "ok"',
      ]),
    ).toBe("ok");
    expect(() =>
      rt.run("call", ['PropertiesService.getUserProperties().setProperty("k", "a".repeat(9217))']),
    ).toThrow(/^Argument too large: value$/);
    // 3,073 euro signs are 9,219 bytes.
    expect(() =>
      rt.run("call", ['PropertiesService.getUserProperties().setProperty("e", "€".repeat(3073))']),
    ).toThrow("Argument too large: value");
    expect(rt.properties.user("owner@example.com").get("k")).toHaveLength(9216);
  });

  it("refuses to grow a store past 500 KB and changes nothing", () => {
    const rt = makeRuntime(FILES);
    const fill = `var p = PropertiesService.getScriptProperties();
      for (var i = 0; i < 60; i++) p.setProperty("key" + (i < 10 ? "0" + i : i), "v".repeat(9000));`;
    expect(() => rt.run("call", [fill])).toThrow(
      "You have exceeded the property storage quota. Please remove some properties and try again.",
    );
    const stored = rt.properties.script;
    const bytes = [...stored].reduce((n, [k, v]) => n + k.length + v.length, 0);
    expect(bytes).toBeLessThanOrEqual(500 * 1024);
    expect(stored.size).toBe(56); // 56 × 9,005 bytes = 504,280 fit; a 57th would make 513,285 > 512,000
    expect(() =>
      rt.run("call", [
        'PropertiesService.getScriptProperties().setProperties({ a: "x".repeat(9000), b: "y".repeat(9000) })',
      ]),
    ).toThrow("property storage quota");
    expect(stored.has("a")).toBe(false);
  });
});

describe("CacheService", () => {
  it("gets, puts, getAll/putAll, removes; separate per user and document; null document cache outside one", () => {
    const rt = makeRuntime(FILES);
    const result = rt.run("call", [
      `var c = CacheService.getUserCache();
       c.put("a", 1); c.putAll({ b: "2", c: "3" }); c.remove("c");
       CacheService.getDocumentCache().put("a", "doc");
       [c.get("a"), c.get("c"), c.getAll(["a", "b", "c"]), CacheService.getScriptCache().get("a"), CacheService.getDocumentCache().get("a")]`,
    ]);
    expect(result).toEqual(["1", null, { a: "1", b: "2" }, null, "doc"]);
    expect(
      rt.run("call", ['CacheService.getUserCache().get("a")'], { user: "other@example.com" }),
    ).toBeNull();
    expect(rt.run("call", ["CacheService.getDocumentCache()"], { documentId: null })).toBeNull();
  });

  it("limits keys to 250 characters and values to 100 KB", () => {
    const rt = makeRuntime(FILES);
    expect(
      rt.run("call", [
        'CacheService.getScriptCache().put("k".repeat(250), "v".repeat(102400)); "ok"',
      ]),
    ).toBe("ok");
    expect(() =>
      rt.run("call", ['CacheService.getScriptCache().put("k".repeat(251), "v")']),
    ).toThrow("Argument too large: key");
    expect(() =>
      rt.run("call", ['CacheService.getScriptCache().put("k", "v".repeat(102401))']),
    ).toThrow("Argument too large: value");
    expect(() =>
      rt.run("call", ['CacheService.getScriptCache().putAll({ a: "1", b: "v".repeat(102401) })']),
    ).toThrow("Argument too large: value");
    expect(rt.caches.script.keys()).toEqual(["k".repeat(250)]);
  });

  it("expires entries on the virtual clock: default 600 s, at most 21,600 s", () => {
    const rt = makeRuntime(FILES, { sleep: "virtual" });
    rt.run("call", [
      'var c = CacheService.getScriptCache(); c.put("default", "1"); c.put("short", "1", 5); c.put("long", "1", 99999);',
    ]);
    expect(
      rt.run("call", ['Utilities.sleep(5000); CacheService.getScriptCache().get("short")']),
    ).toBeNull();
    expect(rt.run("call", ['CacheService.getScriptCache().get("default")'])).toBe("1");
    rt.advanceClock(600_000);
    expect(rt.run("call", ['CacheService.getScriptCache().get("default")'])).toBeNull();
    rt.advanceClock(21_600_000 - 605_000 - 1_000);
    expect(rt.run("call", ['CacheService.getScriptCache().get("long")'])).toBe("1");
    rt.advanceClock(2_000);
    expect(rt.run("call", ['CacheService.getScriptCache().get("long")'])).toBeNull();
  });

  it("keeps at most 1,000 items, trimming to the 900 farthest from expiry", () => {
    const rt = makeRuntime(FILES);
    rt.run("call", [
      `var c = CacheService.getScriptCache();
       for (var i = 0; i < 1000; i++) c.put("k" + i, "v", 1000 + i);`,
    ]);
    expect(rt.caches.script.keys()).toHaveLength(1000);
    rt.run("call", ['CacheService.getScriptCache().put("newest", "v", 21600)']);
    const keys = rt.caches.script.keys();
    expect(keys).toHaveLength(900);
    expect(keys).toContain("newest");
    expect(keys).toContain("k999");
    expect(keys).not.toContain("k100");
    expect(keys).toContain("k101");
  });
});

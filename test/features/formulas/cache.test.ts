// The formulas' cache over CacheService: values split under 100 KB on UTF-8 boundaries, short keys, namespaces apart.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  type CachePort,
  createFormulaCache,
  splitUtf8,
} from "../../../src/features/formulas/cache.ts";
import { memoryCache } from "../../fakes/formula-env.ts";

const digest = (text: string) => createHash("sha256").update(text).digest("hex");
let ids = 0;
const cacheOver = (port: CachePort, namespace = "ns") =>
  createFormulaCache({ port, digest, namespace, newId: () => `id${ids++}` });

describe("splitUtf8", () => {
  it("cuts under the byte limit, never inside a character, and joins back", () => {
    const text = "aé東🚀".repeat(5_000);
    const pieces = splitUtf8(text, 1_000);
    expect(pieces.join("")).toBe(text);
    for (const piece of pieces) {
      expect(Buffer.byteLength(piece)).toBeLessThanOrEqual(1_000);
      expect(piece).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
    }
  });
});

describe("the formula cache", () => {
  it("stores a large value in chunks under 100 KB with short keys, and reads it back", () => {
    const port = memoryCache();
    const map = port.data;
    const cache = cacheOver(port);
    const value = { rows: Array.from({ length: 20_000 }, (_, i) => [`key-${i}`, "x".repeat(20)]) };
    cache.write(["listing", 0, "name"], value, 42);
    expect(map.size).toBeGreaterThan(2);
    for (const [k, v] of map) {
      expect(k.length).toBeLessThanOrEqual(250);
      expect(Buffer.byteLength(v)).toBeLessThan(100 * 1024);
    }
    expect(cache.read(["listing", 0, "name"])).toEqual({ at: 42, value });
  });

  it("treats a value with a lost chunk as absent", () => {
    const port = memoryCache();
    const map = port.data;
    const cache = cacheOver(port);
    cache.write(["big"], "y".repeat(300_000), 1);
    const chunk = [...map.keys()].find((k) => k.endsWith(".1"));
    map.delete(chunk as string);
    expect(cache.read(["big"])).toBeNull();
  });

  it("keeps namespaces apart", () => {
    const port = memoryCache();
    cacheOver(port, "owner-a|doc").write(["types"], [1], 1);
    expect(cacheOver(port, "owner-b|doc").read(["types"])).toBeNull();
    expect(cacheOver(port, "owner-a|doc").read(["types"])).toEqual({ at: 1, value: [1] });
  });
});

// The pure pieces of the custom functions: chunked cache entries, argument shapes, typed cells, cell messages.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { PostHogError } from "../../../src/api/posthog-error.ts";
import { refreshTokenOf } from "../../../src/features/formulas/args.ts";
import {
  type CachePort,
  createFormulaCache,
  splitUtf8,
} from "../../../src/features/formulas/cache.ts";
import { groupLayout } from "../../../src/features/formulas/layout.ts";
import { cellMessage } from "../../../src/features/formulas/messages.ts";
import { ownershipOf } from "../../../src/features/formulas/settings.ts";
import { formulaCell, MAX_CELL_CHARS } from "../../../src/features/formulas/values.ts";

function memoryPort() {
  const map = new Map<string, string>();
  const port: CachePort = {
    get: (k) => map.get(k) ?? null,
    getAll: (keys) =>
      Object.fromEntries(keys.flatMap((k) => (map.has(k) ? [[k, map.get(k) as string]] : []))),
    putAll: (values) => {
      for (const [k, v] of Object.entries(values)) map.set(k, v);
    },
  };
  return { port, map };
}

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
    const { port, map } = memoryPort();
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
    const { port, map } = memoryPort();
    const cache = cacheOver(port);
    cache.write(["big"], "y".repeat(300_000), 1);
    const chunk = [...map.keys()].find((k) => k.endsWith(".1"));
    map.delete(chunk as string);
    expect(cache.read(["big"])).toBeNull();
  });

  it("keeps namespaces apart", () => {
    const { port } = memoryPort();
    cacheOver(port, "owner-a|doc").write(["types"], [1], 1);
    expect(cacheOver(port, "owner-b|doc").read(["types"])).toBeNull();
    expect(cacheOver(port, "owner-a|doc").read(["types"])).toEqual({ at: 1, value: [1] });
  });
});

describe("arguments", () => {
  it("lays out keys and properties as the sheet would show them", () => {
    expect(groupLayout("k", "p")).toMatchObject({ rows: 1, columns: 1, single: true });
    expect(groupLayout([["a"], ["b"]], "p")).toMatchObject({ rows: 2, columns: 1, single: false });
    const table = groupLayout([["a"], ["b"], ["c"]], [["p", "q"]]);
    expect([table.rows, table.columns]).toEqual([3, 2]);
    expect(table.at(2, 1)).toEqual({ key: "c", property: "q" });
    const across = groupLayout([["a", "b"]], [["p"], ["q"]]);
    expect([across.rows, across.columns]).toEqual([2, 2]);
    expect(across.at(1, 0)).toEqual({ key: "a", property: "q" });
    expect(groupLayout([[""], ["b"]], "p").at(0, 0)).toEqual({ key: null, property: "p" });
  });

  it("turns any refresh value into a text that changes with it", () => {
    expect(refreshTokenOf(new Date(1))).not.toBe(refreshTokenOf(new Date(2)));
    expect(refreshTokenOf(undefined)).toBe("");
    expect(refreshTokenOf(3)).toBe("3");
  });
});

describe("cells and messages", () => {
  it("keeps numbers and booleans typed, objects as JSON, long text cut", () => {
    expect(formulaCell(3.5)).toBe(3.5);
    expect(formulaCell(false)).toBe(false);
    expect(formulaCell(null)).toBe("");
    expect(formulaCell({ a: [1] })).toBe('{"a":[1]}');
    expect(formulaCell("=SUM(A1)")).toBe("=SUM(A1)");
    expect(formulaCell("2024-05-01T10:00:00Z")).toEqual(new Date("2024-05-01T10:00:00Z"));
    expect(formulaCell("2024-05-01")).toBe("2024-05-01");
    expect(String(formulaCell("z".repeat(60_000))).length).toBe(MAX_CELL_CHARS);
  });

  it("never repeats PostHog's own text in a cell", () => {
    const error = new PostHogError({
      code: "validation",
      message: "PostHog could not run the query: https://us.posthog.com/api/x?k=phx_secret",
    });
    expect(cellMessage(error)).toBe("PostHog: PostHog refused these arguments");
    expect(cellMessage(new Error("Exception: Request failed for https://x"))).not.toContain(
      "https",
    );
    const scope = new PostHogError({ code: "missing_scope", message: "…", scope: "group:read" });
    expect(cellMessage(scope)).toBe("PostHog: key lacks group:read");
  });

  it("tells owner from editor only when both addresses are known", () => {
    expect(ownershipOf("Owner@Example.com", "owner@example.com")).toBe("owner");
    expect(ownershipOf("owner@example.com", "editor@example.com")).toBe("not_owner");
    expect(ownershipOf("owner@example.com", "")).toBe("unknown");
    expect(ownershipOf("", "owner@example.com")).toBe("no_owner");
  });
});

// Wording: counts in messages, buttons and labels take the noun's form the number needs ("1 row", "2 rows").
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { countOf } from "../../src/shared/wording.ts";

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|html)$/.test(name) ? [path] : [];
  });
}

/** The text of string literals and templates, comments left out (good enough for the add-on's sources). */
function literals(code: string): string[] {
  const withoutComments = code.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  return [
    ...withoutComments.matchAll(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g),
  ].map((m) => m[0]);
}

/** An interpolated count (not an id, a name or a constant) followed by a plural noun: "${rows} rows". */
const COUNT_THEN_PLURAL =
  /\$\{([^{}]*(?:length|count|Count|rows|total|removed|notFound|interval|Seconds|\bn\b)[^{}]*)\}\s+(?:changed |new |more )?[a-z]+s\b/;

describe("wording", () => {
  const files = [...sources("src"), "README.md"].filter((f) => !f.endsWith("wording.ts"));

  it("never writes “(s)” after a noun in a message, button or label", () => {
    const found = files.flatMap((file) =>
      literals(readFileSync(file, "utf8"))
        .filter((text) => /[a-z]\(s\)/i.test(text))
        .map((text) => `${file}: ${text}`),
    );
    expect(found).toEqual([]);
  });

  it("never puts a count straight before a plural noun (1 would read “1 rows”)", () => {
    const found = files.flatMap((file) =>
      literals(readFileSync(file, "utf8"))
        .filter((text) => COUNT_THEN_PLURAL.test(text))
        .map((text) => `${file}: ${text}`),
    );
    expect(found).toEqual([]);
  });

  it("gives 1 the singular and every other number the plural", () => {
    expect(countOf(1, "row")).toBe("1 row");
    expect(countOf(0, "row")).toBe("0 rows");
    expect(countOf(1234, "person id")).toBe("1,234 person ids");
    expect(countOf(1, "person", "people")).toBe("1 person");
    expect(countOf(2, "person", "people")).toBe("2 people");
  });
});

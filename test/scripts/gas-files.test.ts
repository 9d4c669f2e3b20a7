// `*.gas.ts` marks exactly the server files that touch an Apps Script global, and none sits in a pure folder.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const GLOBALS = [
  "SpreadsheetApp",
  "UrlFetchApp",
  "PropertiesService",
  "CacheService",
  "LockService",
  "Utilities",
  "HtmlService",
  "ScriptApp",
  "Session",
  "Logger",
];
const PURE_FOLDERS = ["src/api/", "src/sheets/", "src/shared/", "src/features/"];
/** The sidebar's browser code runs in the page, not on Apps Script: no server globals there at all. */
const BROWSER = "src/sidebar/client/";

function serverFiles(dir = "src"): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return `${path}/` === BROWSER ? [] : serverFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

/** The code without its comments and string literals, where a global's name is only words. */
function codeOf(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, '""')
    .replace(/\/\/.*$/gm, "");
}

/** The Apps Script globals a source uses at run time (a `GoogleAppsScript.` type alone is no use). */
function globalsUsed(source: string): string[] {
  const code = codeOf(source);
  return GLOBALS.filter((name) => new RegExp(`(?<![\\w.])${name}\\s*\\.`).test(code));
}

describe("*.gas.ts files", () => {
  const files = serverFiles();

  it("finds the server's files", () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files).toContain("src/main.ts");
  });

  it("touch an Apps Script global, each one of them", () => {
    const idle = files.filter(
      (f) => f.endsWith(".gas.ts") && globalsUsed(readFileSync(f, "utf8")).length === 0,
    );
    expect(idle).toEqual([]);
  });

  it("are the only server files that touch one", () => {
    const stray = files
      .filter((f) => !f.endsWith(".gas.ts"))
      .flatMap((f) => globalsUsed(readFileSync(f, "utf8")).map((g) => `${f}: ${g}`));
    expect(stray).toEqual([]);
  });

  it("never sit in a pure folder", () => {
    const misplaced = files.filter(
      (f) => f.endsWith(".gas.ts") && PURE_FOLDERS.some((folder) => f.startsWith(folder)),
    );
    expect(misplaced).toEqual([]);
  });

  it("can tell a global in code from one in a comment, a string or a type", () => {
    expect(globalsUsed("const a = SpreadsheetApp.getActive();")).toEqual(["SpreadsheetApp"]);
    expect(globalsUsed('// SpreadsheetApp.flush()\nconst s = "Utilities.sleep";')).toEqual([]);
    expect(globalsUsed("/* Session.getActiveUser() */ let x: GoogleAppsScript.Lock.Lock;")).toEqual(
      [],
    );
    expect(globalsUsed("const t = lib.Utilities.x;")).toEqual([]);
  });
});

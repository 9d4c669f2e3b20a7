// Biome's import-cycle rule under the project's own biome.json: a cycle in src/, type-only ones included, fails the lint.
// (Biome 2.5 builds the module graph only when the rule is on at the top level: set in an override alone, it never fired.)
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const BIOME = path.resolve("node_modules/.bin/biome");
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Lints (as `npm run lint` does, every rule) a throw-away project holding the repository's biome.json and `files` (path → text); returns exit code and output. */
function lint(files: Record<string, string>): { status: number | null; output: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "import-cycles-"));
  dirs.push(dir);
  copyFileSync("biome.json", path.join(dir, "biome.json"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  const run = spawnSync(BIOME, ["lint", "--colors=off", "."], {
    cwd: dir,
    encoding: "utf8",
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe("the import-cycle check on src/", () => {
  it("fails the lint on two modules importing each other", () => {
    const { status, output } = lint({
      "src/a.ts": 'import { b } from "./b";\nexport const a = () => b();\n',
      "src/b.ts": 'import { a } from "./a";\nexport const b = () => a;\n',
    });
    expect(status).not.toBe(0);
    expect(output).toMatch(/src\/a\.ts:1:\d+ lint\/suspicious\/noImportCycles/);
    expect(output).toContain("Found 2 errors.");
  });

  it("counts a cycle made only of type imports", () => {
    const { status, output } = lint({
      "src/c.ts": 'import type { D } from "./d";\nexport interface C {\n  d?: D;\n}\n',
      "src/d.ts": 'import type { C } from "./c";\nexport interface D {\n  c?: C;\n}\n',
    });
    expect(status).not.toBe(0);
    expect(output).toContain("Found 2 errors.");
  });

  it.each([
    [
      "leaves the rest of the repository to itself (the runtime's fakes of Sheets refer to each other)",
      {
        "runtime/a.ts": 'import { b } from "./b";\nexport const a = () => b();\n',
        "runtime/b.ts": 'import { a } from "./a";\nexport const b = () => a;\n',
      },
    ],
    [
      "passes imports that go one way",
      {
        "src/a.ts": 'import { b } from "./b";\nexport const a = () => b();\n',
        "src/b.ts": "export const b = () => 1;\n",
      },
    ],
  ])("%s", (_title, files) => {
    const { status, output } = lint(files);
    expect(output).not.toContain("noImportCycles");
    expect(status).toBe(0);
  });
});

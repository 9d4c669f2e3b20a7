// Reads src/main.ts, the one list of Apps Script entry points: each exported function's name, parameters and JSDoc.
import { readFileSync } from "node:fs";
import ts from "typescript";

export interface EntryPoint {
  name: string;
  params: string[];
  /** The `/** … *\/` block right above the function, or "" when there is none. */
  jsdoc: string;
  isCustomFunction: boolean;
}

/** Every `export function` of the file, in source order. Other exports are refused: they would not become globals. */
export function readEntryPoints(file: string): EntryPoint[] {
  const text = readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2020, true);
  const entries: EntryPoint[] = [];
  for (const statement of source.statements) {
    const exported =
      ts.getCombinedModifierFlags(statement as unknown as ts.Declaration) & ts.ModifierFlags.Export;
    if (!exported && !ts.isExportDeclaration(statement) && !ts.isExportAssignment(statement))
      continue;
    if (!ts.isFunctionDeclaration(statement) || !statement.name || !statement.body) {
      throw new Error(
        `${file}: only "export function NAME(...) {...}" may be exported (found: ${statement.getText().slice(0, 60)})`,
      );
    }
    const jsdoc = lastJsDoc(text, statement.getFullStart());
    entries.push({
      name: statement.name.text,
      params: statement.parameters.map((p) => {
        if (!ts.isIdentifier(p.name) || p.dotDotDotToken) {
          throw new Error(
            `${file}: ${statement.name?.text}: parameters must be plain names (Sheets reads them)`,
          );
        }
        return p.name.text;
      }),
      jsdoc,
      isCustomFunction: /@customfunction\b/.test(jsdoc),
    });
  }
  return entries;
}

function lastJsDoc(text: string, position: number): string {
  const ranges = ts.getLeadingCommentRanges(text, position) ?? [];
  const docs = ranges.map((r) => text.slice(r.pos, r.end)).filter((c) => c.startsWith("/**"));
  return docs.at(-1) ?? "";
}

/** The top-level stub Apps Script needs for one entry point: same name, same parameters, same JSDoc. */
export function stubFor(entry: EntryPoint, libraryName: string): string {
  const params = entry.params.join(", ");
  const doc = entry.jsdoc ? `${entry.jsdoc}\n` : "";
  return `${doc}function ${entry.name}(${params}) {\n  return ${libraryName}.${entry.name}(${params});\n}\n`;
}

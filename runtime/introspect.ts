// What a loaded global function looks like from outside: its parameter list, source, file and JSDoc block.

import type { SourceFile } from "./load.ts";

export interface FunctionInfo {
  name: string;
  /** Parameters as written, default values removed ("a", "...rest", "{ x }"). */
  params: string[];
  source: string;
  /** The file declaring `function name(`, when found. */
  file?: string;
  /** The `/** … *\/` block right before that declaration, when there is one. */
  jsdoc?: string;
}

/** Splits on commas outside brackets, strings and comments. */
function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = "";
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      current += c;
      if (c === "\\") current += text[++i] ?? "";
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 1;
      continue;
    }
    if (c === "/" && text[i + 1] === "/") {
      const end = text.indexOf("\n", i);
      i = end < 0 ? text.length : end;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") quote = c;
    else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) depth--;
    if (c === "," && depth === 0) {
      out.push(current);
      current = "";
      continue;
    }
    current += c;
  }
  if (current.trim() !== "") out.push(current);
  return out;
}

/** Removes a top-level "= default" from one parameter. */
function stripDefault(param: string): string {
  let depth = 0;
  for (let i = 0; i < param.length; i++) {
    const c = param[i] as string;
    if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) depth--;
    else if (c === "=" && depth === 0 && param[i + 1] !== ">") return param.slice(0, i).trim();
  }
  return param.trim();
}

/** The text between the first "(" and its matching ")", or a lone arrow parameter. */
function parameterText(source: string): string {
  const arrow = /^\s*(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/.exec(source);
  if (arrow) return arrow[1] as string;
  const open = source.indexOf("(");
  if (open < 0) return "";
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return source.slice(open + 1, i);
  }
  return "";
}

export function describeFunction(
  name: string,
  fn: (...args: unknown[]) => unknown,
  files: readonly SourceFile[],
): FunctionInfo {
  const source = Function.prototype.toString.call(fn);
  const params = splitTopLevel(parameterText(source))
    .map(stripDefault)
    .filter((p) => p !== "");
  const info: FunctionInfo = { name, params, source };
  const escaped = name.replace(/[$]/g, "\\$");
  const declaration = new RegExp(
    `(\\/\\*\\*(?:(?!\\*\\/)[\\s\\S])*\\*\\/)?\\s*function\\s*\\*?\\s*${escaped}\\s*\\(`,
  );
  for (const file of files) {
    const m = declaration.exec(file.source);
    if (!m) continue;
    info.file = file.name;
    if (m[1]) info.jsdoc = m[1];
    break;
  }
  return info;
}

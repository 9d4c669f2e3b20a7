// Tokenizer for the HogQL subset: identifiers, numbers, strings, {placeholders}, arrays and operators.
import { syntaxError, unsupported } from "./errors";

export type Token =
  | { t: "ident"; v: string; pos: number }
  | { t: "number"; v: number; pos: number }
  | { t: "string"; v: string; pos: number }
  | { t: "placeholder"; v: string; pos: number }
  | { t: "op"; v: string; pos: number }
  | { t: "eof"; v: ""; pos: number };

export function position(text: string, pos: number): { line: number; column: number } {
  const before = text.slice(0, pos).split("\n");
  return { line: before.length, column: (before[before.length - 1] ?? "").length };
}

const ESCAPES: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  "0": "\0",
  b: "\b",
  f: "\f",
  "\\": "\\",
  "'": "'",
  '"': '"',
};

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (text.startsWith("--", i) || text.startsWith("/*", i)) throw unsupported("A comment");
    if (c === ";") throw unsupported("A semicolon");
    // HogQL identifiers may start with `$` (`$group_0`, `properties.$browser`): HogQLLexer.g4 IDENTIFIER.
    if (/[A-Za-z_$]/.test(c)) {
      const m = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(text.slice(i)) as RegExpExecArray;
      out.push({ t: "ident", v: m[0], pos: i });
      i += m[0].length;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i)) as RegExpExecArray;
      out.push({ t: "number", v: Number(m[0]), pos: i });
      i += m[0].length;
      continue;
    }
    if (c === "'") {
      let value = "";
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw syntaxError("unterminated string literal", position(text, i));
        const d = text[j] as string;
        if (d === "\\") {
          const e = text[j + 1] ?? "";
          value += ESCAPES[e] ?? e;
          j += 2;
        } else if (d === "'" && text[j + 1] === "'") {
          value += "'";
          j += 2;
        } else if (d === "'") break;
        else {
          value += d;
          j++;
        }
      }
      out.push({ t: "string", v: value, pos: i });
      i = j + 1;
      continue;
    }
    if (c === "{") {
      const m = /^\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}/.exec(text.slice(i));
      if (!m) throw syntaxError("expected a placeholder such as {name}", position(text, i));
      out.push({ t: "placeholder", v: m[1] as string, pos: i });
      i += m[0].length;
      continue;
    }
    if (c === '"' || c === "`") throw unsupported("A quoted identifier");
    const two = text.slice(i, i + 2);
    if ([">=", "<=", "!=", "<>", "=="].includes(two)) {
      out.push({ t: "op", v: two === "==" ? "=" : two, pos: i });
      i += 2;
      continue;
    }
    if ("(),=<>*.[]+-/%".includes(c)) {
      out.push({ t: "op", v: c, pos: i });
      i++;
      continue;
    }
    throw syntaxError(`token recognition error at: '${c}'`, position(text, i));
  }
  out.push({ t: "eof", v: "", pos: text.length });
  return out;
}

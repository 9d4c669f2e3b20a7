// A cursor over HogQL tokens with the small matching helpers the parser needs, plus value literals.
import { syntaxError, unsupported } from "./errors";
import { position, type Token } from "./lexer";

export type Value =
  | { kind: "placeholder"; name: string }
  | { kind: "literal"; value: string | number | string[] };

export const RESERVED = new Set(
  `SELECT FROM WHERE AND OR NOT ORDER BY LIMIT OFFSET AS ASC DESC ILIKE LIKE GROUP HAVING JOIN UNION
   SETTINGS IN ON USING PREWHERE WITH DISTINCT INNER LEFT RIGHT FULL CROSS ARRAY SAMPLE FINAL QUALIFY
   WINDOW INTERSECT EXCEPT`.split(/\s+/),
);

export class Cursor {
  i = 0;

  constructor(
    readonly text: string,
    readonly tokens: Token[],
  ) {}

  get tok(): Token {
    return this.tokens[this.i] as Token;
  }

  peek(n = 1): Token {
    return (this.tokens[this.i + n] ?? this.tokens[this.tokens.length - 1]) as Token;
  }

  /** A syntax error at the current token. */
  fail(message?: string): never {
    const t = this.tok;
    const shown =
      t.t === "eof" ? "<EOF>" : this.text.slice(t.pos, t.pos + Math.max(1, String(t.v).length));
    throw syntaxError(message ?? `unexpected '${shown}'`, position(this.text, t.pos));
  }

  isKw(word: string): boolean {
    return this.tok.t === "ident" && this.tok.v.toUpperCase() === word;
  }

  kw(word: string): void {
    if (!this.isKw(word)) this.fail(`expected ${word}`);
    this.i++;
  }

  /** An identifier spelled exactly so (column names are case-sensitive), or a function name in any case. */
  isIdent(name: string, call = false): boolean {
    if (this.tok.t !== "ident") return false;
    const same = call ? this.tok.v.toLowerCase() === name.toLowerCase() : this.tok.v === name;
    return same && this.isCall() === call;
  }

  isCall(): boolean {
    const next = this.peek();
    return next.t === "op" && next.v === "(";
  }

  isReserved(): boolean {
    return this.tok.t === "ident" && RESERVED.has(this.tok.v.toUpperCase());
  }

  isOp(op: string): boolean {
    return this.tok.t === "op" && this.tok.v === op;
  }

  op(op: string): void {
    if (!this.isOp(op)) this.fail(`expected '${op}'`);
    this.i++;
  }

  ident(): string {
    if (this.tok.t !== "ident") this.fail("expected an identifier");
    return String(this.tokens[this.i++]?.v);
  }

  /** `{placeholder}`, `'string'`, a number (optionally negative) or `['a', 'b']`. */
  value(): Value {
    const t = this.tok;
    if (t.t === "placeholder") {
      this.i++;
      return { kind: "placeholder", name: t.v };
    }
    if (t.t === "string" || t.t === "number") {
      this.i++;
      return { kind: "literal", value: t.v };
    }
    if (this.isOp("-") && this.peek().t === "number") {
      this.i += 2;
      return { kind: "literal", value: -Number(this.tokens[this.i - 1]?.v) };
    }
    if (this.isOp("[")) return this.array();
    this.fail("expected a value: {placeholder}, 'string' or number");
  }

  private array(): Value {
    this.i++;
    const values: string[] = [];
    while (!this.isOp("]")) {
      if (this.tok.t !== "string") throw unsupported("An array literal of anything but strings");
      values.push(String(this.tok.v));
      this.i++;
      if (this.isOp(",")) this.i++;
      else if (!this.isOp("]")) this.fail("expected ',' or ']'");
    }
    this.i++;
    return { kind: "literal", value: values };
  }
}

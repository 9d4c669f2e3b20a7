// HogQL expressions for queries over `events`: the AST and a precedence-climbing parser (HogQLParser.g4's columnExpr, cut down).
import type { Cursor } from "./cursor";
import { unsupported } from "./errors";

export type Expr =
  | { k: "const"; v: string | number | null | boolean | string[] }
  | { k: "ph"; name: string }
  | { k: "field"; chain: string[]; index?: Expr }
  | { k: "call"; name: string; args: Expr[]; distinct: boolean; star: boolean }
  | { k: "arith"; op: "+" | "-" | "*" | "/" | "%"; l: Expr; r: Expr }
  | { k: "neg"; x: Expr }
  | {
      k: "cmp";
      op: "=" | "!=" | "<" | "<=" | ">" | ">=" | "like" | "ilike" | "notlike" | "notilike";
      l: Expr;
      r: Expr;
    }
  | { k: "and"; xs: Expr[] }
  | { k: "or"; xs: Expr[] }
  | { k: "not"; x: Expr }
  | { k: "in"; x: Expr; list: Expr[] | Expr; neg: boolean }
  | { k: "cohort"; x: Expr; id: Expr; neg: boolean }
  | { k: "isnull"; x: Expr; neg: boolean }
  | { k: "interval"; n: Expr; unit: string };

/** ClickHouse INTERVAL units HogQL accepts; the stand-in computes days and smaller. */
const UNITS = ["second", "minute", "hour", "day", "week", "month", "quarter", "year"];

export function parseExpr(c: Cursor): Expr {
  return orExpr(c);
}

function orExpr(c: Cursor): Expr {
  const xs = [andExpr(c)];
  while (c.isKw("OR")) {
    c.i++;
    xs.push(andExpr(c));
  }
  return xs.length === 1 ? (xs[0] as Expr) : { k: "or", xs };
}

function andExpr(c: Cursor): Expr {
  const xs = [notExpr(c)];
  while (c.isKw("AND")) {
    c.i++;
    xs.push(notExpr(c));
  }
  return xs.length === 1 ? (xs[0] as Expr) : { k: "and", xs };
}

function notExpr(c: Cursor): Expr {
  if (c.isKw("NOT")) {
    c.i++;
    return { k: "not", x: notExpr(c) };
  }
  return compare(c);
}

const CMP: Record<string, "=" | "!=" | "<" | "<=" | ">" | ">="> = {
  "=": "=",
  "!=": "!=",
  "<>": "!=",
  "<": "<",
  "<=": "<=",
  ">": ">",
  ">=": ">=",
};

function compare(c: Cursor): Expr {
  const l = additive(c);
  if (c.tok.t === "op" && CMP[c.tok.v]) {
    const op = CMP[c.tok.v] as "=";
    c.i++;
    return { k: "cmp", op, l, r: additive(c) };
  }
  let neg = false;
  if (c.isKw("NOT") && ["IN", "LIKE", "ILIKE"].includes(String(c.peek().v).toUpperCase())) {
    neg = true;
    c.i++;
  }
  if (c.isKw("LIKE") || c.isKw("ILIKE")) {
    const word = String(c.tok.v).toLowerCase();
    c.i++;
    const op = `${neg ? "not" : ""}${word}` as "like";
    return { k: "cmp", op, l, r: additive(c) };
  }
  if (c.isKw("IN")) {
    c.i++;
    if (c.isKw("COHORT")) {
      c.i++;
      return { k: "cohort", x: l, id: primary(c), neg };
    }
    if (c.isOp("(")) {
      c.i++;
      if (c.isKw("SELECT")) throw unsupported("A subquery after IN");
      const list: Expr[] = [];
      while (!c.isOp(")")) {
        list.push(parseExpr(c));
        if (c.isOp(",")) c.i++;
        else if (!c.isOp(")")) c.fail("expected ',' or ')'");
      }
      c.i++;
      return { k: "in", x: l, list, neg };
    }
    return { k: "in", x: l, list: primary(c), neg };
  }
  if (c.isKw("IS")) {
    c.i++;
    let isNot = false;
    if (c.isKw("NOT")) {
      isNot = true;
      c.i++;
    }
    c.kw("NULL");
    return { k: "isnull", x: l, neg: isNot };
  }
  if (c.isKw("BETWEEN")) throw unsupported("BETWEEN");
  return l;
}

function additive(c: Cursor): Expr {
  let l = multiplicative(c);
  while (c.isOp("+") || c.isOp("-")) {
    const op = c.tok.v as "+";
    c.i++;
    l = { k: "arith", op, l, r: multiplicative(c) };
  }
  return l;
}

function multiplicative(c: Cursor): Expr {
  let l = unary(c);
  while (c.isOp("*") || c.isOp("/") || c.isOp("%")) {
    const op = c.tok.v as "*";
    c.i++;
    l = { k: "arith", op, l, r: unary(c) };
  }
  return l;
}

function unary(c: Cursor): Expr {
  if (c.isOp("-")) {
    c.i++;
    const x = unary(c);
    return x.k === "const" && typeof x.v === "number" ? { k: "const", v: -x.v } : { k: "neg", x };
  }
  return primary(c);
}

function primary(c: Cursor): Expr {
  const t = c.tok;
  if (t.t === "number" || t.t === "string") {
    c.i++;
    return { k: "const", v: t.v };
  }
  if (t.t === "placeholder") {
    c.i++;
    return { k: "ph", name: t.v };
  }
  if (c.isOp("(")) {
    c.i++;
    if (c.isKw("SELECT")) throw unsupported("A subquery");
    const inner = parseExpr(c);
    if (c.isOp(",")) throw unsupported("A tuple");
    c.op(")");
    return inner;
  }
  if (c.isOp("[")) {
    const v = c.value();
    return { k: "const", v: (v as { value: string[] }).value };
  }
  if (c.isOp("*")) throw unsupported("`*` outside count(*)");
  if (t.t !== "ident") c.fail();
  const word = t.v.toUpperCase();
  if (word === "NULL" && !c.isCall()) {
    c.i++;
    return { k: "const", v: null };
  }
  if ((word === "TRUE" || word === "FALSE") && !c.isCall()) {
    c.i++;
    return { k: "const", v: word === "TRUE" };
  }
  if (word === "INTERVAL") {
    c.i++;
    const n = primary(c);
    const unit = c.ident().toLowerCase().replace(/s$/, "");
    if (!UNITS.includes(unit)) c.fail(`unknown INTERVAL unit '${unit}'`);
    return { k: "interval", n, unit };
  }
  if (["CASE", "CAST", "EXTRACT", "LAMBDA"].includes(word)) throw unsupported(word);
  if (c.isReserved()) c.fail();
  const name = c.ident();
  if (c.isOp("(")) return call(c, name);
  const chain = [name];
  while (c.isOp(".")) {
    c.i++;
    if (c.tok.t === "number") chain.push(String(c.tokens[c.i++]?.v));
    else chain.push(c.ident());
  }
  if (c.isOp("[")) {
    c.i++;
    const index = parseExpr(c);
    c.op("]");
    if (c.isOp("[") || c.isOp(".")) throw unsupported("A nested property path");
    return { k: "field", chain, index };
  }
  return { k: "field", chain };
}

function call(c: Cursor, name: string): Expr {
  c.op("(");
  if (c.isOp("(") && c.peek().t === "ident" && String(c.peek().v).toUpperCase() === "SELECT")
    throw unsupported("A subquery");
  let distinct = false;
  let star = false;
  const args: Expr[] = [];
  if (c.isKw("DISTINCT")) {
    distinct = true;
    c.i++;
  }
  if (c.isOp("*")) {
    star = true;
    c.i++;
  } else {
    while (!c.isOp(")")) {
      args.push(parseExpr(c));
      if (c.isOp(",")) c.i++;
      else if (!c.isOp(")")) c.fail("expected ',' or ')'");
    }
  }
  c.op(")");
  if (c.isOp("(")) throw unsupported(`The parametric function ${name}(…)(…)`);
  if (c.isKw("OVER")) throw unsupported("A window function");
  return { k: "call", name, args, distinct, star };
}

/** HogQL text of an expression; `canon` lowercases function names so equal texts mean the same expression. */
export function print(e: Expr, canon = false): string {
  const p = (x: Expr) => print(x, canon);
  switch (e.k) {
    case "const":
      if (typeof e.v === "string") return `'${e.v.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
      if (Array.isArray(e.v)) return `[${e.v.map((v) => p({ k: "const", v })).join(", ")}]`;
      return e.v === null ? "NULL" : String(e.v);
    case "ph":
      return `{${e.name}}`;
    case "field":
      return e.chain.join(".") + (e.index ? `[${p(e.index)}]` : "");
    case "call":
      return `${canon ? e.name.toLowerCase() : e.name}(${e.distinct ? "DISTINCT " : ""}${e.star ? "*" : e.args.map(p).join(", ")})`;
    case "arith":
      return `(${p(e.l)} ${e.op} ${p(e.r)})`;
    case "neg":
      return `-(${p(e.x)})`;
    case "cmp": {
      const op =
        { like: "LIKE", ilike: "ILIKE", notlike: "NOT LIKE", notilike: "NOT ILIKE" }[
          e.op as "like"
        ] ?? e.op;
      return `(${p(e.l)} ${op} ${p(e.r)})`;
    }
    case "and":
      return `(${e.xs.map(p).join(" AND ")})`;
    case "or":
      return `(${e.xs.map(p).join(" OR ")})`;
    case "not":
      return `NOT ${p(e.x)}`;
    case "in":
      return `(${p(e.x)} ${e.neg ? "NOT " : ""}IN ${Array.isArray(e.list) ? `(${e.list.map(p).join(", ")})` : p(e.list)})`;
    case "cohort":
      return `(${p(e.x)} ${e.neg ? "NOT " : ""}IN COHORT ${p(e.id)})`;
    case "isnull":
      return `(${p(e.x)} IS ${e.neg ? "NOT " : ""}NULL)`;
    case "interval":
      return `INTERVAL ${p(e.n)} ${e.unit.toUpperCase()}`;
  }
}

/** Child expressions, for walking the tree. */
export function children(e: Expr): Expr[] {
  switch (e.k) {
    case "field":
      return e.index ? [e.index] : [];
    case "call":
      return e.args;
    case "arith":
    case "cmp":
      return [e.l, e.r];
    case "neg":
    case "not":
    case "isnull":
      return [e.x];
    case "and":
    case "or":
      return e.xs;
    case "in":
      return [e.x, ...(Array.isArray(e.list) ? e.list : [e.list])];
    case "cohort":
      return [e.x, e.id];
    case "interval":
      return [e.n];
    default:
      return [];
  }
}

// The WHERE clause: `index = v` plus optional `key > v`, `has(v, key)` and the parenthesised search group.
// The search group ORs one or more `properties ILIKE v` with `lower(key) = lower(v)`: several patterns let a
// search match the raw and the JSON-escaped spellings of non-ASCII text (docs/posthog-api.md).
import type { Cursor, Value } from "./cursor";
import { unsupported } from "./errors";

export interface Conditions {
  index: Value;
  keyAfter: Value | null;
  keysIn: Value | null;
  search: { patterns: Value[]; term: Value } | null;
}

const SEARCH_SHAPE =
  "A search group other than `(properties ILIKE {pattern} [OR properties ILIKE {pattern}…] OR lower(key) = lower({term}))`";
/** More ILIKE alternatives than a search needs is not a shape the stand-in takes. */
const MAX_PATTERNS = 8;

export function parseWhere(c: Cursor): Conditions {
  let index: Value | null = null;
  const q: Omit<Conditions, "index"> = { keyAfter: null, keysIn: null, search: null };
  for (;;) {
    if (c.isOp("(")) {
      if (q.search) throw unsupported("A second search group");
      q.search = searchGroup(c);
    } else if (c.isIdent("index")) {
      if (index) throw unsupported("A second `index` condition");
      c.i++;
      if (!c.isOp("="))
        throw unsupported(`\`index ${String(c.tok.v)}\` (only \`index = {index}\`)`);
      c.i++;
      index = c.value();
    } else if (c.isIdent("key")) {
      c.i++;
      if (!c.isOp(">")) throw unsupported(`\`key ${String(c.tok.v)} …\` (only \`key > {after}\`)`);
      if (q.keyAfter) throw unsupported("A second `key >` condition");
      c.i++;
      q.keyAfter = c.value();
    } else if (c.isIdent("has", true)) {
      if (q.keysIn) throw unsupported("A second has() condition");
      c.i += 2;
      q.keysIn = c.value();
      c.op(",");
      if (c.ident() !== "key") throw unsupported("has() over anything but `key`");
      c.op(")");
    } else if (c.isReserved() || c.tok.t === "eof") {
      c.fail();
    } else {
      throw unsupported(`The condition \`${c.text.slice(c.tok.pos, c.tok.pos + 24).trim()}…\``);
    }
    if (c.isKw("OR")) throw unsupported("OR outside the parenthesised search group");
    if (!c.isKw("AND")) break;
    c.i++;
  }
  if (!index) throw unsupported("A query without `index = {index}`");
  return { index, ...q };
}

function searchGroup(c: Cursor): { patterns: Value[]; term: Value } {
  c.op("(");
  const patterns: Value[] = [];
  let term: Value | null = null;
  for (let n = 0; ; n++) {
    if (n > 0) {
      if (!c.isKw("OR")) break;
      c.i++;
    }
    if (c.isIdent("properties") && patterns.length < MAX_PATTERNS) {
      c.i++;
      c.kw("ILIKE");
      patterns.push(c.value());
    } else if (c.isIdent("lower", true) && !term) {
      c.i += 2;
      if (c.ident() !== "key") throw unsupported("lower() over anything but `key`");
      c.op(")");
      c.op("=");
      if (!c.isIdent("lower", true))
        throw unsupported("Comparing lower(key) with anything but lower({term})");
      c.i += 2;
      term = c.value();
      c.op(")");
    } else throw unsupported(SEARCH_SHAPE);
  }
  c.op(")");
  if (patterns.length === 0 || !term) throw unsupported(SEARCH_SHAPE);
  return { patterns, term };
}

// A strict recursive-descent parser for the documented SELECT shapes over `groups`; everything else is refused.
import { Cursor, type Value } from "./cursor";
import { queryError, unsupported } from "./errors";
import { tokenize } from "./lexer";
import { type Conditions, parseWhere } from "./where";

export type { Value } from "./cursor";
export const COLUMNS = ["key", "created_at", "updated_at", "properties", "index"] as const;
export type ColumnName = (typeof COLUMNS)[number];
export type Column =
  | { kind: "column"; name: ColumnName; alias: string | null }
  | { kind: "extract"; arg: Value; alias: string | null };

/** `max(updated_at)` / `max(created_at)`: beside count(), what a cheap "did anything change" query asks. */
export interface Aggregate {
  fn: "max";
  column: "created_at" | "updated_at";
  alias: string | null;
}

export interface GroupsQuery extends Conditions {
  count: { alias: string | null } | null;
  /** Aggregates beside count(), in select order after it (count() comes first when both are asked). */
  aggregates: Aggregate[];
  columns: Column[];
  orderBy: { column: ColumnName; desc: boolean }[];
  limit: Value | null;
  hasOffset: boolean;
}

type Item = { count: true; alias: string | null } | { aggregate: Aggregate } | Column;

const POSTHOG_TABLES = new Set(
  "events persons person_distinct_ids sessions raw_groups cohort_people static_cohort_people query_log session_replay_events log_entries numbers".split(
    " ",
  ),
);

export function parseGroupsQuery(text: string): GroupsQuery {
  const c = new Cursor(text, tokenize(text));
  c.kw("SELECT");
  if (c.isKw("DISTINCT")) throw unsupported("SELECT DISTINCT");
  const items: Item[] = [selectItem(c)];
  while (c.isOp(",")) {
    c.i++;
    items.push(selectItem(c));
  }
  const isAggregate = (item: Item) => "count" in item || "aggregate" in item;
  if (items.some(isAggregate) && !items.every(isAggregate))
    throw unsupported("Mixing count() with other columns");
  if (items.some((item) => "aggregate" in item) && !("count" in (items[0] as Item)))
    throw unsupported("max() without count() first");
  c.kw("FROM");
  table(c);
  if (!c.isKw("WHERE")) throw unsupported("A query without `WHERE index = …`");
  c.i++;
  const count = items.find((item): item is Extract<Item, { count: true }> => "count" in item);
  const query: GroupsQuery = {
    ...parseWhere(c),
    count: count ? { alias: count.alias } : null,
    aggregates: items.flatMap((item) => ("aggregate" in item ? [item.aggregate] : [])),
    columns: items.filter((item): item is Column => !isAggregate(item)),
    orderBy: [],
    limit: null,
    hasOffset: false,
  };
  tail(c, query);
  return query;
}

function selectItem(c: Cursor): Item {
  if (c.isOp("*")) throw unsupported("SELECT *");
  if (c.tok.t !== "ident" || c.isReserved()) c.fail();
  const name = c.ident();
  if (c.isOp("(")) {
    c.i++;
    const fn = name.toLowerCase();
    if (fn === "count") {
      if (c.isOp("*")) c.i++;
      c.op(")");
      return { count: true, alias: alias(c) };
    }
    if (fn === "max") {
      const column = c.ident();
      if (column !== "created_at" && column !== "updated_at")
        throw unsupported(`max() over \`${column}\``);
      c.op(")");
      return { aggregate: { fn: "max", column, alias: alias(c) } };
    }
    if (fn === "jsonextractraw") {
      const column = c.ident();
      if (column !== "properties") throw unsupported(`JSONExtractRaw over \`${column}\``);
      c.op(",");
      const arg = c.value();
      if (c.isOp(",")) throw unsupported("JSONExtractRaw with a nested path");
      c.op(")");
      return { kind: "extract", arg, alias: alias(c) };
    }
    throw unsupported(`The function ${name}()`);
  }
  if (c.isOp(".") || c.isOp("[")) throw unsupported(`Property access such as \`${name}.name\``);
  if (!(COLUMNS as readonly string[]).includes(name))
    throw queryError(`Unable to resolve field: ${name}`);
  return { kind: "column", name: name as ColumnName, alias: alias(c) };
}

function alias(c: Cursor): string | null {
  if (!c.isKw("AS")) return null;
  c.i++;
  if (c.tok.t !== "ident" || c.isReserved()) c.fail("expected an alias");
  return c.ident();
}

function table(c: Cursor): void {
  if (c.isOp("(")) throw unsupported("A subquery");
  const name = c.ident();
  if (name !== "groups") {
    if (POSTHOG_TABLES.has(name)) throw unsupported(`The table \`${name}\``);
    throw queryError(`Unknown table \`${name}\`.`);
  }
  if (
    c.tok.t === "ident" &&
    !["WHERE", "ORDER", "LIMIT", "OFFSET"].includes(c.tok.v.toUpperCase())
  ) {
    throw unsupported(`\`${c.tok.v}\` after the table (joins, aliases, FINAL, SAMPLE)`);
  }
}

/** ORDER BY, LIMIT (also `LIMIT offset, n`) and OFFSET; the OFFSET ban is applied by the caller. */
function tail(c: Cursor, q: GroupsQuery): void {
  if (c.isKw("GROUP") || c.isKw("HAVING")) throw unsupported(String(c.tok.v).toUpperCase());
  if (c.isKw("ORDER")) {
    c.i++;
    c.kw("BY");
    for (;;) {
      const name = c.ident();
      if (!(COLUMNS as readonly string[]).includes(name)) throw unsupported(`ORDER BY ${name}`);
      let desc = false;
      if (c.isKw("ASC") || c.isKw("DESC"))
        desc = String(c.tokens[c.i++]?.v).toUpperCase() === "DESC";
      q.orderBy.push({ column: name as ColumnName, desc });
      if (!c.isOp(",")) break;
      c.i++;
    }
  }
  if (c.isKw("LIMIT")) {
    c.i++;
    const first = c.value();
    if (c.isOp(",")) {
      c.i++;
      q.hasOffset = true;
      q.limit = c.value();
    } else q.limit = first;
    if (c.isKw("BY")) throw unsupported("LIMIT … BY");
  }
  if (c.isKw("OFFSET")) {
    c.i++;
    c.value();
    q.hasOffset = true;
  }
  if (c.tok.t !== "eof") {
    if (c.isReserved()) throw unsupported(String(c.tok.v).toUpperCase());
    c.fail(`extraneous input '${c.text.slice(c.tok.pos, c.tok.pos + 16)}'`);
  }
}

// SELECT … FROM events (or a data-warehouse table): parse, filter, group, aggregate, order and limit, shaped as HogQL's response.
import { isoPython } from "../clock";
import type { EventRow } from "../events-table";
import type { ProjectData, World } from "../store";
import { Cursor } from "./cursor";
import { queryError, unsupported } from "./errors";
import {
  compareValues,
  compile,
  Dt,
  type Env,
  hasAggregate,
  isAggregate,
  isNumericProperty,
  keyOf,
  type Mode,
  rowMode,
  truthy,
  type V,
} from "./eval";
import type { QueryOutput } from "./execute";
import { children, type Expr, parseExpr, print } from "./expr";
import { tokenize } from "./lexer";

/** posthog/hogql/constants.py: DEFAULT_RETURNED_ROWS and MAX_SELECT_RETURNED_ROWS. */
export const DEFAULT_ROWS = 100;
export const MAX_ROWS = 50_000;

export interface EventsQuery {
  /** The table after FROM: `events` or a data-warehouse table's name. */
  from: string;
  distinct: boolean;
  select: { expr: Expr; alias: string | null }[];
  where: Expr | null;
  groupBy: Expr[] | null;
  orderBy: { expr: Expr; desc: boolean }[];
  limit: Expr | null;
  hasOffset: boolean;
}

/** The table a query reads, for dispatching: the identifier after the first top-level FROM. */
export function tableOf(text: string): string | null {
  const tokens = tokenize(text);
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t) break;
    if (t.t === "op" && t.v === "(") depth++;
    if (t.t === "op" && t.v === ")") depth--;
    if (depth === 0 && t.t === "ident" && t.v.toUpperCase() === "FROM") {
      const next = tokens[i + 1];
      return next?.t === "ident" ? next.v : null;
    }
  }
  return null;
}

export function parseEventsQuery(text: string): EventsQuery {
  const c = new Cursor(text, tokenize(text));
  c.kw("SELECT");
  const q: EventsQuery = {
    from: "events",
    distinct: false,
    select: [],
    where: null,
    groupBy: null,
    orderBy: [],
    limit: null,
    hasOffset: false,
  };
  if (c.isKw("DISTINCT")) {
    c.i++;
    q.distinct = true;
  }
  for (;;) {
    if (c.isOp("*")) throw unsupported("SELECT *");
    const expr = parseExpr(c);
    let alias: string | null = null;
    if (c.isKw("AS")) {
      c.i++;
      if (c.tok.t !== "ident" || c.isReserved()) c.fail("expected an alias");
      alias = c.ident();
    }
    q.select.push({ expr, alias });
    if (!c.isOp(",")) break;
    c.i++;
  }
  c.kw("FROM");
  q.from = c.ident();
  if (
    c.tok.t === "ident" &&
    !["WHERE", "GROUP", "ORDER", "LIMIT", "OFFSET", "HAVING"].includes(c.tok.v.toUpperCase())
  )
    throw unsupported(`\`${c.tok.v}\` after the table (joins, aliases, FINAL, SAMPLE)`);
  if (c.isKw("PREWHERE")) throw unsupported("PREWHERE");
  if (c.isKw("WHERE")) {
    c.i++;
    q.where = parseExpr(c);
  }
  if (c.isKw("GROUP")) {
    c.i++;
    c.kw("BY");
    q.groupBy = [];
    for (;;) {
      if (c.tok.t === "number") throw unsupported("GROUP BY a column position");
      q.groupBy.push(parseExpr(c));
      if (!c.isOp(",")) break;
      c.i++;
    }
    if (c.isKw("WITH")) throw unsupported("GROUP BY … WITH ROLLUP/CUBE/TOTALS");
  }
  if (c.isKw("HAVING")) throw unsupported("HAVING");
  if (c.isKw("ORDER")) {
    c.i++;
    c.kw("BY");
    for (;;) {
      if (c.tok.t === "number") throw unsupported("ORDER BY a column position");
      const expr = parseExpr(c);
      let desc = false;
      if (c.isKw("ASC") || c.isKw("DESC"))
        desc = String(c.tokens[c.i++]?.v).toUpperCase() === "DESC";
      if (c.isKw("NULLS")) throw unsupported("NULLS FIRST/LAST");
      q.orderBy.push({ expr, desc });
      if (!c.isOp(",")) break;
      c.i++;
    }
  }
  if (c.isKw("LIMIT")) {
    c.i++;
    const first = parseExpr(c);
    if (c.isOp(",")) {
      c.i++;
      q.hasOffset = true;
      q.limit = parseExpr(c);
    } else q.limit = first;
    if (c.isKw("BY")) throw unsupported("LIMIT … BY");
    if (c.isKw("WITH")) throw unsupported("LIMIT … WITH TIES");
  }
  if (c.isKw("OFFSET")) {
    c.i++;
    parseExpr(c);
    q.hasOffset = true;
  }
  if (c.tok.t !== "eof") {
    if (c.isReserved()) throw unsupported(String(c.tok.v).toUpperCase());
    c.fail(`extraneous input '${c.text.slice(c.tok.pos, c.tok.pos + 16)}'`);
  }
  return q;
}

interface Group {
  rep: EventRow;
  states: AggState[];
}

interface AggState {
  add(row: EventRow): void;
  result(): V;
}

type AggFactory = () => AggState;

/** Group mode: aggregates become per-group accumulators, GROUP BY keys read the group's first row. */
function groupMode(keys: Set<string>, factories: AggFactory[]): Mode<Group> {
  return {
    hook(e, env) {
      if (isAggregate(e)) {
        const slot = factories.length;
        factories.push(aggregate(e as Extract<Expr, { k: "call" }>, env));
        return (g) => (g.states[slot] as AggState).result();
      }
      if (keys.has(print(e, true))) {
        const f = compile(e, rowMode, env);
        return (g) => f(g.rep);
      }
      return null;
    },
    field(e) {
      throw queryError(
        `Column \`${print(e)}\` is not under an aggregate function and not in the GROUP BY keys.`,
      );
    },
  };
}

/** [min, max] arguments per aggregate (mapping.py HOGQL_AGGREGATIONS). */
const AGG_ARITY: Record<string, [number, number]> = {
  count: [0, 1],
  countif: [1, 1],
  sum: [1, 1],
  sumif: [2, 2],
  min: [1, 1],
  max: [1, 1],
  minif: [2, 2],
  maxif: [2, 2],
  any: [1, 1],
  uniq: [1, 99],
  avg: [1, 1],
};

function aggregate(e: Extract<Expr, { k: "call" }>, env: Env): AggFactory {
  const name = e.name.toLowerCase();
  const [min, max] = AGG_ARITY[name] as [number, number];
  if (e.args.some(hasAggregate))
    throw queryError(`Aggregate function ${e.name}() is found inside another aggregate function.`);
  if (e.star && name !== "count") throw queryError(`${e.name}(*) is not valid.`);
  if (e.distinct && name !== "count") throw unsupported(`${e.name}(DISTINCT …)`);
  if (e.args.length < min || e.args.length > max)
    throw queryError(
      `Aggregation '${e.name}' expects ${min === max ? min : `${min}-${max}`} argument${max === 1 ? "" : "s"}, found ${e.args.length}`,
    );
  const args = e.args.map((a) => compile(a, rowMode, env));
  const x = args[0] as (r: EventRow) => V;
  const cond = name.endsWith("if") ? (args[args.length - 1] as (r: EventRow) => V) : null;
  const nullable = e.args[0] ? isNullable(e.args[0], env) : false;
  const dflt: V = e.args[0] ? defaultOf(e.args[0], env) : 0;
  const pass = (r: EventRow) => cond === null || truthy(cond(r));
  switch (name) {
    case "count":
    case "countif":
    case "uniq": {
      if (name === "countif" || (!e.distinct && name === "count" && args.length === 0))
        return () => {
          let n = 0;
          return { add: (r) => void (pass(r) && n++), result: () => n };
        };
      if (name === "count" && !e.distinct)
        return () => {
          let n = 0;
          return { add: (r) => void (x(r) !== null && n++), result: () => n };
        };
      return () => {
        const seen = new Set<string>();
        return {
          add: (r) => {
            const vs = args.map((f) => f(r));
            if (vs.some((v) => v === null)) return;
            seen.add(vs.map(keyOf).join("\u0000"));
          },
          result: () => seen.size,
        };
      };
    }
    case "sum":
    case "sumif":
    case "avg":
      return () => {
        let total = 0;
        let n = 0;
        return {
          add: (r) => {
            if (!pass(r)) return;
            const v = x(r);
            if (v === null) return;
            if (typeof v !== "number" && typeof v !== "boolean")
              throw queryError(
                `Illegal type of argument for aggregate function ${e.name}: a number is expected (wrap it in toFloat()).`,
              );
            total += Number(v);
            n++;
          },
          // ClickHouse: sum over a Nullable argument with no non-NULL value is NULL, hence the runner's ifNull(…, 0).
          result: () =>
            name === "avg" ? (n === 0 ? null : total / n) : n === 0 && nullable ? null : total,
        };
      };
    case "min":
    case "max":
    case "minif":
    case "maxif": {
      const sign = name.startsWith("max") ? 1 : -1;
      return () => {
        let best: V = null;
        return {
          add: (r) => {
            if (!pass(r)) return;
            const v = x(r);
            if (v === null) return;
            if (best === null) best = v;
            else if ((compareValues(v, best) as number) * sign > 0) best = v;
          },
          result: () => (best === null ? (nullable ? null : dflt) : best),
        };
      };
    }
    default:
      return () => {
        let first: V = null;
        return {
          add: (r) => {
            if (first === null) first = x(r);
          },
          result: () => (first === null ? (nullable ? null : dflt) : first),
        };
      };
  }
}

/** Whether an expression may be NULL (property reads and toFloat casts may; columns and counts may not). */
function isNullable(e: Expr, env: Env): boolean {
  if (e.k === "const") return e.v === null;
  if (e.k === "field") {
    const alias = e.chain.length === 1 ? env.aliases.get(e.chain[0] as string) : undefined;
    if (alias) return isNullable(alias, env);
    return e.chain.length > 1 || !!e.index;
  }
  if (e.k === "call") {
    const n = e.name.toLowerCase();
    if (n === "tofloat" || n === "toint") return true;
    if (n === "ifnull") return isNullable(e.args[1] as Expr, env);
    if (["count", "countif", "uniq", "now"].includes(n)) return false;
  }
  if (e.k === "cmp" || e.k === "in" || e.k === "isnull" || e.k === "cohort") return false;
  return children(e).some((x) => isNullable(x, env));
}

/** ClickHouse's default value of an expression's type: what min/max/any give over no rows. */
function defaultOf(e: Expr, env: Env): V {
  const t = typeOf(e, env);
  if (t.includes("DateTime")) return new Dt(0);
  if (t.includes("String")) return "";
  if (t.includes("UUID")) return "00000000-0000-0000-0000-000000000000";
  return 0;
}

/** The ClickHouse type HogQL reports for a select column (best effort, enough for `types`). */
function typeOf(e: Expr, env: Env): string {
  const nullable = (t: string) => (isNullable(e, env) ? `Nullable(${t})` : t);
  switch (e.k) {
    case "const":
      return typeof e.v === "number"
        ? Number.isInteger(e.v)
          ? "Int64"
          : "Float64"
        : e.v === null
          ? "Nullable(Nothing)"
          : "String";
    case "field": {
      const alias = e.chain.length === 1 ? env.aliases.get(e.chain[0] as string) : undefined;
      if (alias) return typeOf(alias, env);
      const head = e.chain[0];
      const column = env.table?.columns[head as string];
      if (column) return column;
      if (e.chain.length === 1 && !e.index) {
        if (head === "timestamp") return "DateTime64(6, 'UTC')";
        if (head === "uuid" || head === "person_id") return "UUID";
        return "String";
      }
      if (head === "person" && e.chain[1] === "id") return "UUID";
      return nullable(isNumericProperty(e, env) ? "Float64" : "String");
    }
    case "call": {
      const n = e.name.toLowerCase();
      if (["count", "countif", "uniq"].includes(n)) return "UInt64";
      if (["sum", "sumif", "avg", "tofloat"].includes(n)) return nullable("Float64");
      if (n === "toint") return nullable("Int64");
      if (["tostartofday", "totimezone", "todatetime", "now"].includes(n))
        return nullable("DateTime64(6, 'UTC')");
      if (["min", "max", "minif", "maxif", "any", "ifnull", "coalesce"].includes(n) && e.args[0]) {
        const t = typeOf(e.args[0], env);
        return isNullable(e, env) ? t : t.replace(/^Nullable\((.*)\)$/, "$1");
      }
      if (n === "tostring" || n === "lower" || n === "upper") return nullable("String");
      return "UInt8";
    }
    case "arith":
    case "neg":
      return "Float64";
    default:
      return "UInt8";
  }
}

function output(v: V): unknown {
  if (v instanceof Dt) return isoPython(v.ms);
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "number" && !Number.isFinite(v)) return null;
  return v;
}

function limitOf(q: EventsQuery, env: Env): number | null {
  if (!q.limit) return null;
  const v =
    q.limit.k === "const" ? q.limit.v : q.limit.k === "ph" ? env.values[q.limit.name] : undefined;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0)
    throw queryError(`LIMIT must be a non-negative integer, got ${print(q.limit)}.`);
  return Math.min(v, MAX_ROWS);
}

export function runEventsQuery(
  q: EventsQuery,
  values: Record<string, unknown>,
  data: ProjectData,
  world: World,
): QueryOutput {
  const env: Env = { data, world, now: world.now(), values, aliases: new Map() };
  if (q.from !== "events") {
    const table = data.warehouse.get(q.from);
    if (!table) throw queryError(`Unknown table \`${q.from}\`.`);
    env.table = table;
  }
  const source = env.table
    ? (env.table.rows as unknown as readonly EventRow[])
    : data.events.rows();
  // HogQL registers an alias only after resolving its own expression (posthog/hogql/resolver.py, visit_alias), so
  // in `any(distinct_id) AS distinct_id` the argument is the column: such an alias never stands for itself here.
  for (const s of q.select)
    if (s.alias && !namesField(s.expr, s.alias)) env.aliases.set(s.alias, s.expr);
  const limit = limitOf(q, env);
  const where = q.where ? compile(q.where, rowMode, env) : null;
  const grouped = q.groupBy !== null || q.select.some((s) => hasAggregate(s.expr));
  const names = q.select.map((s, i) => s.alias ?? nameOf(s.expr, i));
  const types = q.select.map((s, i): [string, string] => [names[i] as string, typeOf(s.expr, env)]);
  const selectPrints = q.select.map((s) => print(s.expr, true));
  /** An ORDER BY item reads a select column when it names its alias or repeats its expression. */
  const orderColumn = (e: Expr) => {
    if (e.k === "field" && e.chain.length === 1 && !e.index) {
      const i = q.select.findIndex((s) => s.alias === e.chain[0]);
      if (i >= 0) return i;
    }
    return selectPrints.indexOf(print(e, true));
  };
  let table: V[][];
  if (grouped) {
    const keyExprs = (q.groupBy ?? []).map((g) => expand(g, env));
    const keys = new Set(keyExprs.map((k) => print(k, true)));
    const factories: AggFactory[] = [];
    const mode = groupMode(keys, factories);
    const selects = q.select.map((s) => compile(s.expr, mode, env));
    const extras = q.orderBy.map((o) =>
      orderColumn(o.expr) >= 0 ? null : compile(o.expr, mode, env),
    );
    const keyFns = keyExprs.map((g) => compile(g, rowMode, env));
    const groups = new Map<string, Group>();
    for (const row of source) {
      if (where && !truthy(where(row))) continue;
      const key = keyFns.map((f) => keyOf(f(row))).join("\u0000");
      let g = groups.get(key);
      if (!g) {
        g = { rep: row, states: factories.map((f) => f()) };
        groups.set(key, g);
      }
      for (const s of g.states) s.add(row);
    }
    // Aggregates without GROUP BY give one row even over no events (count() = 0).
    if (groups.size === 0 && keyExprs.length === 0) {
      const empty = { rep: emptyRow, states: factories.map((f) => f()) };
      groups.set("", empty);
    }
    table = [...groups.values()].map((g) => [
      ...selects.map((f) => f(g)),
      ...extras.map((f) => (f ? f(g) : null)),
    ]);
  } else {
    const selects = q.select.map((s) => compile(s.expr, rowMode, env));
    const extras = q.orderBy.map((o) =>
      orderColumn(o.expr) >= 0 ? null : compile(o.expr, rowMode, env),
    );
    table = [];
    for (const row of source) {
      if (where && !truthy(where(row))) continue;
      table.push([...selects.map((f) => f(row)), ...extras.map((f) => (f ? f(row) : null))]);
    }
  }
  if (q.distinct) {
    const seen = new Set<string>();
    table = table.filter((r) => {
      const k = r.slice(0, names.length).map(keyOf).join("\u0000");
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }
  if (q.orderBy.length) {
    const cols = q.orderBy.map((o, i) => {
      const c = orderColumn(o.expr);
      return c >= 0 ? c : names.length + i;
    });
    table.sort((a, b) => {
      for (let i = 0; i < cols.length; i++) {
        const x = a[cols[i] as number] as V;
        const y = b[cols[i] as number] as V;
        // ClickHouse sorts NULLs last in both directions.
        if (x === null || y === null) {
          if (x === y) continue;
          return x === null ? 1 : -1;
        }
        const d = compareValues(x, y) as number;
        if (d !== 0) return q.orderBy[i]?.desc ? -d : d;
      }
      return 0;
    });
  }
  const wanted = limit === null ? DEFAULT_ROWS : limit;
  const hasMore = limit === null && table.length > DEFAULT_ROWS;
  const results = table.slice(0, wanted).map((r) => r.slice(0, names.length).map(output));
  const hogql = `${printQuery(q)} LIMIT ${limit ?? DEFAULT_ROWS + 1}`;
  return {
    columns: names,
    types,
    results,
    hogql,
    ...(limit === null
      ? { hasMore, limit: DEFAULT_ROWS, offset: 0 }
      : { hasMore: null, limit: null, offset: null }),
  };
}

const emptyRow: EventRow = {
  uuid: "00000000-0000-0000-0000-000000000000",
  event: "",
  timestampMs: 0,
  distinctId: "",
  personId: "00000000-0000-0000-0000-000000000000",
  properties: {},
  groups: ["", "", "", "", ""],
};

/** Whether an expression reads a field called `name` (a bare name, as an alias would be read). */
function namesField(e: Expr, name: string): boolean {
  if (e.k === "field") return e.chain.length === 1 && !e.index && e.chain[0] === name;
  return children(e).some((x) => namesField(x, name));
}

/** GROUP BY items that name a select alias stand for the aliased expression. */
function expand(e: Expr, env: Env): Expr {
  if (e.k === "field" && e.chain.length === 1 && !e.index) {
    const alias = env.aliases.get(e.chain[0] as string);
    if (
      alias &&
      !["event", "timestamp", "uuid", "distinct_id", "person_id", "properties"].includes(
        e.chain[0] as string,
      )
    )
      return alias;
  }
  return e;
}

/** HogQL names an unaliased column by its text: `count()`, `event`, `$group_0`, `properties.plan` → `plan`. */
function nameOf(e: Expr, i: number): string {
  if (e.k === "field") {
    if (e.index?.k === "const") return String(e.index.v);
    return e.chain[e.chain.length - 1] as string;
  }
  if (e.k === "call") return print(e);
  return `col_${i}`;
}

function printQuery(q: EventsQuery): string {
  const select = q.select.map((s) => (s.alias ? `${print(s.expr)} AS ${s.alias}` : print(s.expr)));
  let out = `SELECT ${q.distinct ? "DISTINCT " : ""}${select.join(", ")} FROM ${q.from}`;
  if (q.where) out += ` WHERE ${print(q.where)}`;
  if (q.groupBy) out += ` GROUP BY ${q.groupBy.map((g) => print(g)).join(", ")}`;
  if (q.orderBy.length)
    out += ` ORDER BY ${q.orderBy.map((o) => `${print(o.expr)} ${o.desc ? "DESC" : "ASC"}`).join(", ")}`;
  return out;
}

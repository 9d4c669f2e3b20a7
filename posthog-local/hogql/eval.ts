// Compiles HogQL expressions over `events` rows into closures: fields, operators, scalar functions and aggregates.
// Function names and arities follow posthog/hogql/functions/mapping.py; NULL handling follows HogQL's printer,
// which wraps nullable comparisons in ifNull(…, 0) (and ifNull(…, 1) for `!=`), so a missing property never matches.
import type { EventRow } from "../events-table";
import type { ProjectData, World } from "../store";
import type { Json } from "../types";
import type { WarehouseRow, WarehouseTable } from "../warehouse";
import { queryError, unsupported } from "./errors";
import { children, type Expr, print } from "./expr";

/** A DateTime value (UTC). */
export class Dt {
  constructor(readonly ms: number) {}
}
export type V = string | number | boolean | null | Dt | string[];

export interface Env {
  data: ProjectData;
  world: World;
  now: number;
  values: Record<string, unknown>;
  /** Select aliases, usable by name in other clauses (ClickHouse resolves aliases everywhere). */
  aliases: Map<string, Expr>;
  /** The data-warehouse table the query reads instead of `events`. */
  table?: WarehouseTable;
}

type Fn<T> = (x: T) => V;

/** How leaves compile: over one row (WHERE, ungrouped SELECT) or over a group (aggregates, GROUP BY keys). */
export interface Mode<T> {
  /** Takes over a node (an aggregate, a GROUP BY key) or returns null to let the core compile it. */
  hook(e: Expr, env: Env): Fn<T> | null;
  field(e: Extract<Expr, { k: "field" }>, env: Env): Fn<T>;
}

export const AGGREGATES = new Set([
  "count",
  "countif",
  "sum",
  "sumif",
  "min",
  "max",
  "minif",
  "maxif",
  "any",
  "uniq",
  "avg",
]);

export const isAggregate = (e: Expr): boolean =>
  e.k === "call" && AGGREGATES.has(e.name.toLowerCase());

export const hasAggregate = (e: Expr): boolean => isAggregate(e) || children(e).some(hasAggregate);

export const rowMode: Mode<EventRow> = {
  hook(e) {
    if (isAggregate(e))
      throw queryError(
        `Aggregate function ${(e as { name: string }).name}() is found in WHERE or GROUP BY; aggregates belong in SELECT or ORDER BY.`,
      );
    return null;
  },
  field: (e, env) => fieldGetter(e, env),
};

/** [min, max] arguments per scalar function (mapping.py HOGQL_CLICKHOUSE_FUNCTIONS). */
const SCALARS: Record<string, [number, number]> = {
  tostartofday: [1, 2],
  totimezone: [2, 2],
  todatetime: [1, 2],
  tofloat: [1, 1],
  toint: [1, 1],
  tostring: [1, 1],
  ifnull: [2, 2],
  coalesce: [1, 99],
  now: [0, 0],
  if: [3, 3],
  lower: [1, 1],
  upper: [1, 1],
  match: [2, 2],
};

export function resolvePlaceholder(env: Env, name: string): V {
  if (!Object.hasOwn(env.values, name)) {
    const known = Object.keys(env.values);
    throw queryError(
      `Placeholder {${name}} is not available in this context. You can use the following: ${known.length ? known.join(", ") : "none"}`,
    );
  }
  const v = env.values[name];
  if (v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean")
    return v;
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v as string[];
  throw queryError(
    `Placeholder {${name}} must be a string, a number, a boolean or a list of strings.`,
  );
}

export function compile<T>(e: Expr, m: Mode<T>, env: Env): Fn<T> {
  const hooked = m.hook(e, env);
  if (hooked) return hooked;
  const sub = (x: Expr) => compile(x, m, env);
  switch (e.k) {
    case "const": {
      const v = e.v;
      return () => v;
    }
    case "ph": {
      const v = resolvePlaceholder(env, e.name);
      return () => v;
    }
    case "field": {
      const alias =
        e.chain.length === 1 && !e.index ? env.aliases.get(e.chain[0] as string) : undefined;
      if (alias && !COLUMNS.has(e.chain[0] as string)) return compile(alias, m, env);
      return m.field(e, env);
    }
    case "neg": {
      const x = sub(e.x);
      return (r) => {
        const v = x(r);
        return v === null ? null : -num(v, "negate");
      };
    }
    case "arith": {
      const iv = e.r.k === "interval" ? intervalValue(e.r, env) : null;
      return arith(e.op, sub(e.l), iv ? () => iv : sub(e.r));
    }
    case "cmp": {
      if (e.r.k === "const" && e.r.v === null && (e.op === "=" || e.op === "!=")) {
        const x = sub(e.l);
        return e.op === "=" ? (r) => x(r) === null : (r) => x(r) !== null;
      }
      return comparison(e.op, sub(e.l), sub(e.r));
    }
    case "and": {
      const xs = e.xs.map(sub);
      return (r) => xs.every((x) => truthy(x(r)));
    }
    case "or": {
      const xs = e.xs.map(sub);
      return (r) => xs.some((x) => truthy(x(r)));
    }
    case "not": {
      const x = sub(e.x);
      return (r) => !truthy(x(r));
    }
    case "isnull": {
      const x = sub(e.x);
      return e.neg ? (r) => x(r) !== null : (r) => x(r) === null;
    }
    case "in":
      return inList(e, sub, env);
    case "cohort":
      return inCohort(e, sub, env);
    case "interval":
      throw queryError("An INTERVAL is only usable added to or subtracted from a DateTime.");
    case "call":
      return scalarCall(e, sub, env);
  }
}

function inList<T>(e: Extract<Expr, { k: "in" }>, sub: (x: Expr) => Fn<T>, env: Env): Fn<T> {
  const items: Fn<T>[] = [];
  if (Array.isArray(e.list)) items.push(...e.list.map(sub));
  else {
    const v =
      e.list.k === "ph"
        ? resolvePlaceholder(env, e.list.name)
        : e.list.k === "const"
          ? e.list.v
          : undefined;
    if (!Array.isArray(v))
      throw unsupported(
        "IN over anything but a list `(a, b)`, an array literal or an array placeholder",
      );
    for (const s of v) items.push(() => s);
  }
  const x = sub(e.x);
  const constant = items.every((_f, i) => {
    const list = e.list;
    return !Array.isArray(list) || (list[i] as Expr).k === "const" || (list[i] as Expr).k === "ph";
  });
  if (constant) {
    const values = items.map((f) => f(undefined as T));
    const keys = new Set(values.map(keyOf));
    const kinds = new Set(values.filter((v) => v !== null).map(kindOf));
    return (r) => {
      const v = x(r);
      if (v === null) return e.neg;
      // Mixed kinds (a number against text, a DateTime against text) compare as ClickHouse converts them.
      const hit =
        v instanceof Dt || (kinds.size > 0 && !kinds.has(kindOf(v)))
          ? values.some((w) => w !== null && compareValues(v, w) === 0)
          : keys.has(keyOf(v));
      return e.neg ? !hit : hit;
    };
  }
  return (r) => {
    const v = x(r);
    if (v === null) return e.neg;
    const hit = items.some((f) => compareValues(v, f(r)) === 0);
    return e.neg ? !hit : hit;
  };
}

/** `person_id IN COHORT <id | 'name'>` (posthog/hogql/functions/cohort.py): the cohort's current members. */
function inCohort<T>(e: Extract<Expr, { k: "cohort" }>, sub: (x: Expr) => Fn<T>, env: Env): Fn<T> {
  const arg =
    e.id.k === "ph" ? resolvePlaceholder(env, e.id.name) : e.id.k === "const" ? e.id.v : undefined;
  const team = env.data.project.id;
  const live = [...env.world.cohorts.values()].filter((c) => c.projectId === team && !c.deleted);
  let members: Set<string>;
  if (typeof arg === "number") {
    const cohort = live.find((c) => c.id === arg);
    if (!cohort) throw queryError(`Could not find cohort with ID ${arg}`);
    members = cohort.members;
  } else if (typeof arg === "string") {
    const found = live.filter((c) => c.name === arg);
    if (found.length > 1) throw queryError(`Found multiple cohorts with name '${arg}'`);
    if (found.length === 0) throw queryError(`Could not find a cohort with the name '${arg}'`);
    members = (found[0] as (typeof found)[0]).members;
  } else throw queryError("cohort() takes exactly one string or integer argument");
  const x = sub(e.x);
  return (r) => {
    const v = x(r);
    const hit = typeof v === "string" && members.has(v);
    return e.neg ? !hit : hit;
  };
}

function scalarCall<T>(e: Extract<Expr, { k: "call" }>, sub: (x: Expr) => Fn<T>, env: Env): Fn<T> {
  const name = e.name.toLowerCase();
  const arity = SCALARS[name];
  if (!arity) throw unsupported(`The function ${e.name}()`);
  if (e.distinct || e.star) throw queryError(`${e.name}() takes no DISTINCT or *`);
  const [min, max] = arity;
  if (e.args.length < min || e.args.length > max)
    throw queryError(
      `Function '${e.name}' expects ${min === max ? min : `${min}-${max}`} argument${max === 1 ? "" : "s"}, found ${e.args.length}`,
    );
  if (name === "now") {
    const now = new Dt(env.now);
    return () => now;
  }
  if (
    name === "totimezone" ||
    (name === "tostartofday" && e.args[1]) ||
    (name === "todatetime" && e.args[1])
  ) {
    const tz = e.args[name === "totimezone" ? 1 : 1] as Expr;
    const zone = tz.k === "const" ? tz.v : tz.k === "ph" ? resolvePlaceholder(env, tz.name) : null;
    if (typeof zone !== "string")
      throw queryError(`${e.name}(): the time zone must be a constant string.`);
    if (zone !== "UTC")
      throw unsupported(
        `The time zone '${zone}' (the stand-in's project and its date functions are in UTC)`,
      );
  }
  const args = e.args.map(sub);
  const a = args[0] as Fn<T>;
  switch (name) {
    case "tostartofday":
      return (r) => {
        const v = a(r);
        if (v === null) return null;
        const d = toDt(v, e.name);
        return new Dt(d.ms - (((d.ms % 86_400_000) + 86_400_000) % 86_400_000));
      };
    case "totimezone":
      return (r) => {
        const v = a(r);
        return v === null ? null : toDt(v, e.name);
      };
    case "todatetime":
      return (r) => {
        const v = a(r);
        return v === null ? null : toDt(v, e.name);
      };
    case "tofloat":
      // mapping.py: toFloat → accurateCastOrNull(x, 'Float64'): NULL when the text is not a number.
      return (r) => toFloat(a(r));
    case "toint":
      return (r) => {
        const f = toFloat(a(r));
        return f === null ? null : Math.trunc(f);
      };
    case "tostring":
      return (r) => {
        const v = a(r);
        return v === null ? null : display(v);
      };
    case "ifnull": {
      const b = args[1] as Fn<T>;
      return (r) => {
        const v = a(r);
        return v === null ? b(r) : v;
      };
    }
    case "coalesce":
      return (r) => {
        for (const f of args) {
          const v = f(r);
          if (v !== null) return v;
        }
        return null;
      };
    case "if": {
      const [, t, f] = args as [Fn<T>, Fn<T>, Fn<T>];
      return (r) => (truthy(a(r)) ? t(r) : f(r));
    }
    case "lower":
    case "upper":
      return (r) => {
        const v = a(r);
        if (v === null) return null;
        if (typeof v !== "string")
          throw queryError(`Illegal type of argument of function ${e.name}: a String is expected.`);
        return name === "lower" ? v.toLowerCase() : v.toUpperCase();
      };
    case "match": {
      const pattern = e.args[1] as Expr;
      const source =
        pattern.k === "const"
          ? pattern.v
          : pattern.k === "ph"
            ? resolvePlaceholder(env, pattern.name)
            : null;
      if (typeof source !== "string")
        throw queryError("match(): the pattern must be a constant string.");
      let re: RegExp;
      try {
        re = new RegExp(source);
      } catch {
        throw queryError(`match(): cannot compile the regular expression '${source}'.`);
      }
      return (r) => {
        const v = a(r);
        return v === null ? null : re.test(display(v));
      };
    }
  }
  throw unsupported(`The function ${e.name}()`);
}

const COLUMNS = new Set([
  "uuid",
  "event",
  "timestamp",
  "distinct_id",
  "person_id",
  "properties",
  "person",
  "pdi",
]);
const GROUP_COLUMN = /^\$group_([0-4])$/;
const GROUP_JOIN = /^group_([0-4])$/;

/** The `events` columns HogQL exposes (posthog/hogql/database/schema/events.py), over one row. */
export function fieldGetter(e: Extract<Expr, { k: "field" }>, env: Env): Fn<EventRow> {
  const [head, ...rest] = e.chain as [string, ...string[]];
  const unknown = () => queryError(`Unable to resolve field: ${e.chain.join(".")}`);
  if (env.table) {
    // A warehouse table's own columns, by name (no JSON properties or joins here).
    if (rest.length > 0 || e.index || !Object.hasOwn(env.table.columns, head)) throw unknown();
    return (r) => (r as unknown as WarehouseRow)[head] ?? null;
  }
  const simple: Record<string, Fn<EventRow>> = {
    uuid: (r) => r.uuid,
    event: (r) => r.event,
    timestamp: (r) => new Dt(r.timestampMs),
    distinct_id: (r) => r.distinctId,
    person_id: (r) => r.personId,
  };
  const group = GROUP_COLUMN.exec(head);
  if (group && rest.length === 0 && !e.index) {
    const i = Number(group[1]);
    return (r) => r.groups[i] as string;
  }
  if (simple[head] && rest.length === 0 && !e.index) return simple[head] as Fn<EventRow>;
  if (head === "person" && rest.length === 1 && rest[0] === "id" && !e.index)
    return (r) => r.personId;
  if (head === "properties") return propertyGetter(rest, e, env, "event", (r) => r.properties);
  if (head === "person" && rest[0] === "properties") {
    return propertyGetter(
      rest.slice(1),
      e,
      env,
      "person",
      (r) => env.data.personsByUuid.get(r.personId)?.properties,
    );
  }
  const join = GROUP_JOIN.exec(head);
  if (join && rest[0] === "properties") {
    const i = Number(join[1]);
    const view = env.data.views.get(i);
    return propertyGetter(rest.slice(1), e, env, `group:${i}`, (r) =>
      r.groups[i] ? view?.get(r.groups[i] as string)?.properties : undefined,
    );
  }
  if (["elements_chain", "created_at", "session", "$session_id", "$window_id"].includes(head))
    throw unsupported(`The events column \`${head}\``);
  throw unknown();
}

/**
 * `properties.x` / `properties[x]`: HogQL reads the raw JSON text with '' and 'null' as NULL and the quotes
 * stripped (posthog/hogql/printer.py visit_property_type), and casts a property whose definition is Numeric
 * with toFloat (posthog/hogql/transforms/property_types.py).
 */
function propertyGetter(
  path: string[],
  e: Extract<Expr, { k: "field" }>,
  env: Env,
  kind: "event" | "person" | `group:${number}`,
  source: (r: EventRow) => Record<string, Json> | undefined,
): Fn<EventRow> {
  if (path.length > 1 || (path.length === 1 && e.index))
    throw unsupported("A nested property path");
  if (path.length === 0 && !e.index)
    return (r) => {
      const p = source(r);
      return p === undefined ? (kind === "event" ? "{}" : null) : JSON.stringify(p);
    };
  let name: string;
  if (e.index) {
    const ix = e.index;
    const v = ix.k === "const" ? ix.v : ix.k === "ph" ? resolvePlaceholder(env, ix.name) : null;
    if (typeof v !== "string") throw unsupported("A property key that is not a constant string");
    name = v;
  } else name = path[0] as string;
  const defKey = kind.startsWith("group:") ? `${kind}:${name}` : `${kind}::${name}`;
  const numeric = env.data.propertyDefinitions.get(defKey)?.propertyType === "Numeric";
  return (r) => {
    const raw = source(r)?.[name];
    const text = propertyText(raw);
    return numeric ? toFloat(text) : text;
  };
}

export function propertyText(raw: Json | undefined): string | null {
  if (raw === undefined || raw === null || raw === "") return null;
  if (typeof raw === "string") return JSON.stringify(raw).slice(1, -1);
  return JSON.stringify(raw);
}

export function isNumericProperty(e: Expr, env: Env): boolean {
  if (e.k !== "field") return false;
  const [head, ...rest] = e.chain;
  const name = e.index && e.index.k === "const" ? String(e.index.v) : rest[rest.length - 1];
  if (head === "properties")
    return env.data.propertyDefinitions.get(`event::${name}`)?.propertyType === "Numeric";
  if (head === "person")
    return env.data.propertyDefinitions.get(`person::${name}`)?.propertyType === "Numeric";
  const join = GROUP_JOIN.exec(head ?? "");
  if (join)
    return env.data.propertyDefinitions.get(`group:${join[1]}:${name}`)?.propertyType === "Numeric";
  return false;
}

// ---------- values ----------

export function truthy(v: V): boolean {
  if (v === null) return false;
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  throw queryError(`Illegal type ${kindOf(v)} of a condition: a boolean or a number is expected.`);
}

function kindOf(v: V): string {
  if (v instanceof Dt) return "DateTime";
  if (Array.isArray(v)) return "Array";
  if (typeof v === "number") return "Float64";
  if (typeof v === "boolean") return "Bool";
  if (typeof v === "string") return "String";
  return "Nullable";
}

export function keyOf(v: V): string {
  if (v instanceof Dt) return `d${v.ms}`;
  if (v === null) return "z";
  if (typeof v === "boolean") return `n${v ? 1 : 0}`;
  if (typeof v === "number") return `n${v}`;
  if (Array.isArray(v)) return `a${JSON.stringify(v)}`;
  return `s${v}`;
}

function num(v: V, what: string): number {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  throw queryError(
    `Illegal type ${kindOf(v)} of argument of function ${what}: a number is expected.`,
  );
}

export function toFloat(v: V): number | null {
  if (v === null) return null;
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v instanceof Dt) return v.ms / 1000;
  if (typeof v === "string") {
    const t = v.trim();
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) && !/^[+-]?(inf|nan)$/i.test(t))
      return null;
    return Number(t);
  }
  return null;
}

/** ClickHouse's DateTime parsing of text (best effort: ISO-8601 and `YYYY-MM-DD[ hh:mm:ss[.fff]]`, UTC). */
export function parseDateTime(s: string): number | null {
  const m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(
      s.trim(),
    );
  if (!m) return null;
  const [, y, mo, d, h = "0", mi = "0", se = "0", frac = "", zone] = m;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se));
  if (frac) ms += Math.floor(Number(frac) * 1000);
  if (zone && zone !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.replace(/[+:-]/g, "");
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return Number.isFinite(ms) ? ms : null;
}

function toDt(v: V, fn: string): Dt {
  if (v instanceof Dt) return v;
  if (typeof v === "number") return new Dt(v * 1000);
  if (typeof v === "string") {
    const ms = parseDateTime(v);
    if (ms === null) throw queryError(`Cannot parse '${v}' as a DateTime in ${fn}().`);
    return new Dt(ms);
  }
  throw queryError(`Illegal type ${kindOf(v)} of argument of function ${fn}.`);
}

/** Orders two values as ClickHouse compares them; null when either side is NULL. */
export function compareValues(a: V, b: V): number | null {
  if (a === null || b === null) return null;
  if (a instanceof Dt || b instanceof Dt) {
    const x = a instanceof Dt ? a.ms : toDt(a, "comparison").ms;
    const y = b instanceof Dt ? b.ms : toDt(b, "comparison").ms;
    return x - y;
  }
  const an = typeof a === "number" || typeof a === "boolean";
  const bn = typeof b === "number" || typeof b === "boolean";
  if (an && bn) return num(a, "compare") - num(b, "compare");
  // ClickHouse converts a string beside a number to the number's type, and fails on text that is not one.
  if ((an && typeof b === "string") || (bn && typeof a === "string")) {
    const text = (typeof a === "string" ? a : b) as string;
    const n = toFloat(text);
    if (n === null)
      throw queryError(`Cannot parse string '${text}' as Float64 in a comparison with a number.`);
    return typeof a === "string" ? n - num(b, "compare") : num(a, "compare") - n;
  }
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  throw queryError(
    `Illegal types of arguments (${kindOf(a)}, ${kindOf(b)}) of a comparison: compare like with like (use toFloat() or toString()).`,
  );
}

function likeRegex(pattern: string, insensitive: boolean): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === "\\" && i + 1 < pattern.length)
      source += (pattern[++i] as string).replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    else if (c === "%") source += "[\\s\\S]*";
    else if (c === "_") source += "[\\s\\S]";
    else source += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(`^${source}$`, insensitive ? "iu" : "u");
}

function comparison<T>(op: Extract<Expr, { k: "cmp" }>["op"], l: Fn<T>, r: Fn<T>): Fn<T> {
  if (op === "like" || op === "ilike" || op === "notlike" || op === "notilike") {
    const cache = new Map<string, RegExp>();
    const neg = op.startsWith("not");
    return (x) => {
      const a = l(x);
      const p = r(x);
      if (a === null || p === null) return neg;
      if (typeof p !== "string") throw queryError("LIKE needs a string pattern.");
      let re = cache.get(p);
      if (!re) {
        re = likeRegex(p, op.endsWith("ilike"));
        cache.set(p, re);
      }
      const hit = re.test(display(a));
      return neg ? !hit : hit;
    };
  }
  return (x) => {
    const d = compareValues(l(x), r(x));
    if (d === null) return op === "!=";
    switch (op) {
      case "=":
        return d === 0;
      case "!=":
        return d !== 0;
      case "<":
        return d < 0;
      case "<=":
        return d <= 0;
      case ">":
        return d > 0;
      default:
        return d >= 0;
    }
  };
}

const UNIT_MS: Record<string, number> = {
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
};

function arith<T>(op: Extract<Expr, { k: "arith" }>["op"], l: Fn<T>, r: Fn<T>): Fn<T> {
  return (x) => {
    const a = l(x);
    const b = r(x);
    if (a === null || b === null) return null;
    if (a instanceof Dt && b instanceof IntervalValue) {
      if (op === "+") return new Dt(a.ms + b.ms);
      if (op === "-") return new Dt(a.ms - b.ms);
    }
    if (
      a instanceof Dt ||
      b instanceof Dt ||
      a instanceof IntervalValue ||
      b instanceof IntervalValue
    )
      throw queryError(
        `Illegal types of arguments of ${op}: only DateTime ± INTERVAL is supported for dates.`,
      );
    const p = num(a, op);
    const q = num(b, op);
    switch (op) {
      case "+":
        return p + q;
      case "-":
        return p - q;
      case "*":
        return p * q;
      case "/":
        return p / q;
      default:
        return q === 0 ? Number.NaN : p % q;
    }
  };
}

/** `INTERVAL n DAY` as a value; only meaningful beside a DateTime. */
class IntervalValue extends Dt {}

/** Compiles `INTERVAL n unit` where arithmetic allows it (month and longer are refused: not fixed lengths). */
export function intervalValue(e: Extract<Expr, { k: "interval" }>, env: Env): Dt {
  const n = e.n.k === "const" ? e.n.v : e.n.k === "ph" ? resolvePlaceholder(env, e.n.name) : null;
  if (typeof n !== "number") throw queryError("INTERVAL needs a constant number.");
  const unit = UNIT_MS[e.unit];
  if (!unit) throw unsupported(`INTERVAL … ${e.unit.toUpperCase()}`);
  return new IntervalValue(n * unit);
}

/** Text of a value as toString() gives it. */
export function display(v: V): string {
  if (v instanceof Dt)
    return new Date(v.ms)
      .toISOString()
      .replace("T", " ")
      .replace(/\.000Z$|Z$/, "");
  if (Array.isArray(v)) return JSON.stringify(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  return String(v);
}

export { print };

// Runs a parsed groups query against the lagging ClickHouse view and shapes HogQL's results/columns/types.
import { isoPython } from "../clock";
import { asciiLower, compareCodePoints } from "../ids";
import type { ProjectData } from "../store";
import type { GroupRow } from "../types";
import { queryError } from "./errors";
import type { Column, ColumnName, GroupsQuery, Value } from "./parser";
import { ilike, pickRows } from "./rows";

export const MAX_ROWS = 50_000;
export const DEFAULT_ROWS = 100;

export interface QueryOutput {
  columns: string[];
  types: [string, string][];
  results: unknown[][];
  hogql: string;
  hasMore: boolean | null;
  limit: number | null;
  offset: number | null;
}

type Resolved = string | number | string[];

function resolver(values: Record<string, unknown>) {
  return (v: Value): Resolved => {
    if (v.kind === "literal") return v.value;
    if (!Object.hasOwn(values, v.name)) {
      const known = Object.keys(values);
      throw queryError(
        `Placeholder {${v.name}} is not available in this context. You can use the following: ${known.length ? known.join(", ") : "none"}`,
      );
    }
    const value = values[v.name];
    if (typeof value === "string" || typeof value === "number") return value;
    if (Array.isArray(value) && value.every((x) => typeof x === "string")) return value as string[];
    throw queryError(`Placeholder {${v.name}} must be a string, a number or a list of strings.`);
  };
}

function literal(v: Resolved): string {
  if (Array.isArray(v)) return `[${v.map(literal).join(", ")}]`;
  return typeof v === "number" ? String(v) : `'${v.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

function typeOf(c: Column): string {
  if (c.kind === "extract") return "String";
  return {
    key: "String",
    properties: "String",
    created_at: "DateTime64(6, 'UTC')",
    updated_at: "DateTime('UTC')",
    index: "UInt8",
  }[c.name];
}

export function runGroupsQuery(
  q: GroupsQuery,
  values: Record<string, unknown>,
  data: ProjectData,
): QueryOutput {
  const resolve = resolver(values);
  const rawIndex = resolve(q.index);
  const index =
    typeof rawIndex === "number"
      ? rawIndex
      : typeof rawIndex === "string" && /^\s*\d+\s*$/.test(rawIndex)
        ? Number(rawIndex)
        : Number.NaN;
  if (!Number.isInteger(index))
    throw queryError(
      `Illegal types of arguments for equals(index, ${literal(rawIndex)}): index is an integer.`,
    );
  const filters: ((row: GroupRow) => boolean)[] = [];
  const where: string[] = [`equals(index, ${index})`];
  let after: string | null = null;
  if (q.keyAfter) {
    const v = resolve(q.keyAfter);
    if (typeof v !== "string")
      throw queryError(
        `Illegal types of arguments for greater(key, ${literal(v)}): key is a String.`,
      );
    after = v;
    where.push(`greater(key, ${literal(v)})`);
  }
  if (q.keysIn) {
    const v = resolve(q.keysIn);
    if (!Array.isArray(v)) throw queryError("has() needs an array of keys as its first argument.");
    const wanted = new Set(v);
    filters.push((row) => wanted.has(row.key));
    where.push(`has(${literal(v)}, key)`);
  }
  if (q.search) {
    const patterns = q.search.patterns.map(resolve);
    const term = resolve(q.search.term);
    if (patterns.some((p) => typeof p !== "string") || typeof term !== "string")
      throw queryError("ILIKE and lower() need string values.");
    const likes = (patterns as string[]).map(ilike);
    const lowered = asciiLower(term);
    filters.push((row) => likes.some((like) => like(row)) || asciiLower(row.key) === lowered);
    const ilikes = (patterns as string[]).map((p) => `ilike(properties, ${literal(p)})`);
    where.push(`or(${ilikes.join(", ")}, equals(lower(key), lower(${literal(term)})))`);
  }
  let limit: number | null = null;
  if (q.limit) {
    const v = resolve(q.limit);
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0)
      throw queryError(`LIMIT must be a non-negative integer, got ${literal(v)}.`);
    limit = Math.min(v, MAX_ROWS);
  }
  const view = data.views.get(index);
  const keep = (row: GroupRow) =>
    (after === null || compareCodePoints(row.key, after) > 0) && filters.every((f) => f(row));
  const wantedRows = q.count ? Number.POSITIVE_INFINITY : limit === null ? DEFAULT_ROWS + 1 : limit;
  const picked = view
    ? pickRows(view.ordered(), () => view.keyOrdered(), q.orderBy, after, keep, wantedRows)
    : [];
  const where1 = where.length === 1 ? where[0] : `and(${where.join(", ")})`;
  const order = q.orderBy.length
    ? ` ORDER BY ${q.orderBy.map((o) => `${o.column} ${o.desc ? "DESC" : "ASC"}`).join(", ")}`
    : "";
  if (q.count) {
    const name = q.count.alias ?? "count()";
    const names = [name, ...q.aggregates.map((a) => a.alias ?? `max(${a.column})`)];
    const selects = [
      `count()${q.count.alias ? ` AS ${q.count.alias}` : ""}`,
      ...q.aggregates.map((a) => `max(${a.column})${a.alias ? ` AS ${a.alias}` : ""}`),
    ];
    const hogql = `SELECT ${selects.join(", ")} FROM groups WHERE ${where1}${order} LIMIT ${limit ?? DEFAULT_ROWS}`;
    // ClickHouse's max() over no rows gives the type's default, the epoch.
    const maxOf = (a: (typeof q.aggregates)[number]) =>
      isoPython(
        picked.reduce(
          (m, row) =>
            Math.max(m, (a.column === "created_at" ? row.createdAtUs : row.updatedAtUs) / 1000),
          0,
        ),
      );
    const rows = limit === 0 ? [] : [[picked.length, ...q.aggregates.map(maxOf)]];
    return {
      columns: names,
      types: [
        [name, "UInt64"],
        ...q.aggregates.map((a, i): [string, string] => [
          names[i + 1] as string,
          typeOf({ kind: "column", name: a.column, alias: null }),
        ]),
      ],
      results: rows,
      hogql,
      ...paging(limit, false),
    };
  }
  const columns = q.columns.map(
    (c) =>
      c.alias ??
      (c.kind === "column" ? c.name : `JSONExtractRaw(properties, ${literal(resolve(c.arg))})`),
  );
  const getters = q.columns.map((c) => getter(c, resolve, index));
  const hasMore = limit === null && picked.length > DEFAULT_ROWS;
  const rows = (hasMore ? picked.slice(0, DEFAULT_ROWS) : picked).map((row) =>
    getters.map((g) => g(row)),
  );
  const select = q.columns.map((c, i) => {
    const expr =
      c.kind === "column" ? c.name : `JSONExtractRaw(properties, ${literal(resolve(c.arg))})`;
    return c.alias && c.alias !== expr ? `${expr} AS ${c.alias}` : (columns[i] as string);
  });
  const hogql = `SELECT ${select.join(", ")} FROM groups WHERE ${where1}${order} LIMIT ${limit ?? DEFAULT_ROWS + 1}`;
  return {
    columns,
    types: q.columns.map((c, i) => [columns[i] as string, typeOf(c)]),
    results: rows,
    hogql,
    ...paging(limit, hasMore),
  };
}

function paging(
  limit: number | null,
  hasMore: boolean,
): Pick<QueryOutput, "hasMore" | "limit" | "offset"> {
  return limit === null
    ? { hasMore, limit: DEFAULT_ROWS, offset: 0 }
    : { hasMore: null, limit: null, offset: null };
}

function getter(
  c: Column,
  resolve: (v: Value) => Resolved,
  index: number,
): (row: GroupRow) => unknown {
  if (c.kind === "extract") {
    const name = String(resolve(c.arg));
    return (row) => {
      const v = row.properties[name];
      return v === undefined ? "" : JSON.stringify(v);
    };
  }
  const fns: Record<ColumnName, (row: GroupRow) => unknown> = {
    key: (row) => row.key,
    created_at: (row) => isoPython(row.createdAtUs / 1000),
    updated_at: (row) => isoPython(row.updatedAtUs / 1000),
    properties: (row) => row.json,
    index: () => index,
  };
  return fns[c.name];
}

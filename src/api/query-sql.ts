// The only HogQL shapes the add-on sends over the groups table, their values, and how their rows are read.

import { invalidInput } from "./errors";
import type { HogQLRequest } from "./query";
import { escapedSpellings } from "./search-text";
import { utf8Length } from "./text";
import { checkGroupKey, checkGroupTypeIndex } from "./validate";

/** PostHog silently clamps a query's LIMIT to this (posthog-query-api.md §4). */
export const MAX_QUERY_ROWS = 50_000;
/** Key text per key-list query, to stay far below ClickHouse's 256 KiB query size (posthog-query-api.md §8). */
export const MAX_KEY_BYTES = 100_000;

/** What to select and filter. */
export interface GroupSelect {
  groupTypeIndex: number;
  /** Property names, each read as its own column with exact JSON types; omit to read the whole properties object. */
  properties?: readonly string[];
  /** Matches the properties' JSON text (case-insensitive) or the exact key, like the REST list's `search`. */
  search?: string;
}

/** One group read through SQL. Absent properties are left out of `properties`. */
export interface GroupRow {
  key: string;
  createdAt: string;
  properties: Record<string, unknown>;
}

function columns(select: GroupSelect, values: Record<string, unknown>): string {
  if (select.properties === undefined) return "properties";
  if (!Array.isArray(select.properties) || select.properties.length === 0) {
    throw invalidInput(
      "Choose at least one property, or leave the list out to read them all.",
      "properties",
    );
  }
  return select.properties
    .map((name, i) => {
      if (typeof name !== "string" || name === "")
        throw invalidInput("Property names must be non-empty texts.", "properties");
      values[`p${i}`] = name;
      return `JSONExtractRaw(properties, {p${i}}) AS p${i}`;
    })
    .join(", ");
}

/** `%term%` with the LIKE wildcards and the escape character escaped, so they match literally. */
export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function filter(select: GroupSelect, values: Record<string, unknown>): string {
  if (!select.search) return "";
  values.pattern = likePattern(select.search);
  values.term = select.search;
  // REST-written properties are stored JSON-escaped: non-ASCII terms also match their escaped spellings.
  const escaped = escapedSpellings(select.search).map((spelling, i) => {
    values[`pattern${i + 1}`] = likePattern(spelling);
    return ` OR properties ILIKE {pattern${i + 1}}`;
  });
  return ` AND (properties ILIKE {pattern}${escaped.join("")} OR lower(key) = lower({term}))`;
}

function pageSizeOf(pageSize: number | undefined): number {
  if (pageSize === undefined) return MAX_QUERY_ROWS;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_QUERY_ROWS) {
    throw invalidInput(`pageSize must be a whole number from 1 to ${MAX_QUERY_ROWS}.`, "pageSize");
  }
  return pageSize;
}

/** One keyset page: the keys after `after` ("" for the first page), in key order. */
export function keysetQuery(
  select: GroupSelect,
  after: string,
  pageSize?: number,
): HogQLRequest & { pageSize: number } {
  const values: Record<string, unknown> = {
    index: checkGroupTypeIndex(select.groupTypeIndex),
    after,
  };
  const size = pageSizeOf(pageSize);
  const cols = columns(select, values);
  const sql = `SELECT key, created_at, ${cols} FROM groups WHERE index = {index} AND key > {after}${filter(select, values)} ORDER BY key ASC LIMIT ${size}`;
  return { sql, values, pageSize: size };
}

/** The groups among `keys` (one chunk from {@link splitKeys}). */
export function keysQuery(select: GroupSelect, keys: readonly string[]): HogQLRequest {
  const values: Record<string, unknown> = {
    index: checkGroupTypeIndex(select.groupTypeIndex),
    keys: [...keys],
  };
  const cols = columns(select, values);
  const sql = `SELECT key, created_at, ${cols} FROM groups WHERE index = {index} AND has({keys}, key)${filter(select, values)} ORDER BY key ASC LIMIT ${MAX_QUERY_ROWS}`;
  return { sql, values };
}

/** How many groups of a type (matching `search`, if given). */
export function countQuery(select: GroupSelect): HogQLRequest {
  const values: Record<string, unknown> = { index: checkGroupTypeIndex(select.groupTypeIndex) };
  return {
    sql: `SELECT count() AS total FROM groups WHERE index = {index}${filter(select, values)}`,
    values,
  };
}

/** Splits unique keys into chunks of at most `maxBytes` of key text (plus quoting) and `MAX_QUERY_ROWS` keys. */
export function splitKeys(keys: readonly string[], maxBytes = MAX_KEY_BYTES): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const key of new Set(keys)) {
    checkGroupKey(key, "keys");
    const cost = utf8Length(key) + 3; // quotes and a comma in the printed array
    if (current.length > 0 && (size + cost > maxBytes || current.length >= MAX_QUERY_ROWS)) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(key);
    size += cost;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Reads rows of the shapes above; returns null for a row that does not fit (the caller reports it). */
export function parseRow(row: unknown[], select: GroupSelect): GroupRow | null {
  const [key, createdAt] = row;
  if (typeof key !== "string") return null;
  const created = typeof createdAt === "string" ? createdAt : String(createdAt ?? "");
  if (select.properties === undefined) {
    const raw = row[2];
    if (typeof raw === "object" && raw !== null && !Array.isArray(raw))
      return { key, createdAt: created, properties: raw as Record<string, unknown> };
    try {
      const parsed: unknown = typeof raw === "string" && raw !== "" ? JSON.parse(raw) : {};
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return null;
      return { key, createdAt: created, properties: parsed as Record<string, unknown> };
    } catch {
      return null;
    }
  }
  if (row.length < 2 + select.properties.length) return null;
  const properties: Record<string, unknown> = {};
  select.properties.forEach((name, i) => {
    const raw = row[2 + i];
    if (raw === "" || raw === undefined) return; // JSONExtractRaw gives "" when the property is absent
    properties[name] = typeof raw === "string" ? parseRaw(raw) : raw;
  });
  return { key, createdAt: created, properties };
}

function parseRaw(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

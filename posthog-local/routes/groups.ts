// groups/: the keyset-paged list (ClickHouse, lagging), find by key (Postgres) and create.

import { logActivity } from "../activity";
import { errors } from "../errors";
import { emitIdentify, insertGroup, publish, upsertPropertyDefinition } from "../group-writes";
import { type Incoming, isTrue, json, objectOf, pyUrlencode, type Reply } from "../http-util";
import { asciiLower } from "../ids";
import { type Ctx, projectOf } from "../router";
import { groupJson, groupRowJson } from "../serialize";
import type { GroupRow, Json, Props } from "../types";

const PAGE = 100;

/** Python's `json.dumps` (", " and ": " separators, non-ASCII escaped) then `base64.urlsafe_b64encode`. */
export function encodeCursor(createdAtUs: number, key: string): string {
  const text = `{"c": ${createdAtUs}, "k": ${pyJsonString(key)}}`;
  return Buffer.from(text, "utf8").toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
}

function pyJsonString(s: string): string {
  return JSON.stringify(s).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** groups.py `_decode_groups_cursor`: anything invalid (or an old `i` cursor) means "no cursor". */
export function decodeCursor(cursor: string): [number, string] {
  const cleaned = cursor
    .replace(/-/g, "+")
    .replace(/_/g, "/")
    .replace(/[^A-Za-z0-9+/=]/g, "");
  if (cleaned.length % 4 !== 0) return [0, ""];
  try {
    const data: unknown = JSON.parse(Buffer.from(cleaned, "base64").toString("utf8"));
    if (!data || typeof data !== "object" || Array.isArray(data) || !("k" in data)) return [0, ""];
    const record = data as Record<string, unknown>;
    const rawC = record.c ?? 0;
    if (
      typeof rawC === "string"
        ? !/^\s*[+-]?\d+\s*$/.test(rawC)
        : typeof rawC !== "number" && typeof rawC !== "boolean"
    )
      return [0, ""];
    let ts = Math.trunc(Number(rawC));
    if (!Number.isFinite(ts)) return [0, ""];
    if (ts > 0 && ts < 1e15) ts *= 1000;
    const k = record.k;
    return [
      ts,
      k === null
        ? "None"
        : k === true
          ? "True"
          : k === false
            ? "False"
            : typeof k === "string"
              ? k
              : JSON.stringify(k),
    ];
  } catch {
    return [0, ""];
  }
}

function typeIndexParam(req: Incoming): number {
  const raw = req.url.searchParams.get("group_type_index");
  if (!raw) {
    throw errors.validation(
      "You must pass ?group_type_index= in this URL. To get a list of valid group types, call /api/:project_id/groups_types/.",
      "group_type_index",
    );
  }
  if (!/^\s*[+-]?\d+\s*$/.test(raw))
    throw errors.validation("A valid integer is required.", "group_type_index");
  return Number.parseInt(raw, 10);
}

/** `toString(properties) ILIKE %term%` (wildcards escaped) OR `lower(key) = lower(term)`. */
export function searchMatches(row: GroupRow, term: string, lowerTerm: string): boolean {
  if (row.lowerJson === undefined) row.lowerJson = row.json.toLowerCase();
  return row.lowerJson.includes(lowerTerm) || asciiLower(row.key) === asciiLower(term);
}

export function listGroups(ctx: Ctx): Reply {
  const data = projectOf(ctx);
  const typeIndex = typeIndexParam(ctx.req);
  const params = ctx.req.url.searchParams;
  const search = params.get("search") ?? "";
  const keyFilter = params.get("group_key") ?? "";
  const cursor = params.get("cursor");
  const [c, k] = cursor ? decodeCursor(cursor) : [0, ""];
  const view = data.views.get(typeIndex);
  const rows = view?.ordered() ?? [];
  const start = c > 0 ? (view?.seek(c, k) ?? 0) : 0;
  const lowerSearch = search.toLowerCase();
  const lowerKey = keyFilter.toLowerCase();
  const page: GroupRow[] = [];
  for (let i = start; i < rows.length && page.length <= PAGE; i++) {
    const row = rows[i] as GroupRow;
    if (keyFilter && !row.key.toLowerCase().includes(lowerKey)) continue;
    if (search && !searchMatches(row, search, lowerSearch)) continue;
    page.push(row);
  }
  const hasMore = page.length > PAGE;
  const results = page.slice(0, PAGE);
  let next: string | null = null;
  const last = results[results.length - 1];
  if (hasMore && last) {
    const q: [string, string | number][] = [
      ["group_type_index", typeIndex],
      ["cursor", encodeCursor(last.createdAtUs, last.key)],
    ];
    if (search) q.push(["search", search]);
    if (keyFilter) q.push(["group_key", keyFilter]);
    next = `${ctx.req.origin}${ctx.req.url.pathname}?${pyUrlencode(q)}`;
  }
  return json(200, {
    next,
    previous: null,
    results: results.map((r) => groupRowJson(typeIndex, r)),
  });
}

/** `_safely_get_query_params(require_group_key=True)` followed by the Postgres lookup (404). */
export function lookupGroup(ctx: Ctx) {
  const params = ctx.req.url.searchParams;
  const typeRaw = params.get("group_type_index");
  if (!typeRaw) throw errors.validation("This query parameter is required.", "group_type_index");
  const key = params.get("group_key");
  if (!key) throw errors.validation("This query parameter is required.", "group_key");
  if (!/^\s*[+-]?\d+\s*$/.test(typeRaw)) throw errors.server();
  const group = projectOf(ctx).group(Number.parseInt(typeRaw, 10), key);
  if (!group) throw errors.notFound();
  return group;
}

export function findGroup(ctx: Ctx): Reply {
  const group = lookupGroup(ctx);
  const skip = isTrue(ctx.req.url.searchParams.get("skip_create_notebook"));
  if (!skip && ctx.world.settings.crmNotebooks && group.notebook === null) {
    group.notebook = `nb${String(ctx.world.next.notebook++).padStart(6, "0")}`;
  }
  return json(200, { ...groupJson(group), notebook: group.notebook });
}

export function createGroup(ctx: Ctx): Reply {
  const { world } = ctx;
  const data = projectOf(ctx);
  const body = objectOf(ctx.req);
  const typeIndex = body.group_type_index;
  const key = body.group_key;
  if (!("group_type_index" in body)) throw errors.required("group_type_index");
  if (typeIndex === null) throw errors.nullField("group_type_index");
  if (!("group_key" in body)) throw errors.required("group_key");
  if (key === null) throw errors.nullField("group_key");
  const index =
    typeof typeIndex === "number"
      ? typeIndex
      : typeof typeIndex === "string" && /^\d+$/.test(typeIndex)
        ? Number(typeIndex)
        : Number.NaN;
  if (!Number.isInteger(index))
    throw errors.validation("A valid integer is required.", "group_type_index");
  if (typeof key !== "string" && typeof key !== "number")
    throw errors.validation("Not a valid string.", "group_key");
  const groupKey = String(key);
  if (groupKey === "")
    throw errors.validation("This field may not be blank.", "group_key", "blank");
  if (groupKey.length > 400)
    throw errors.validation(
      "Ensure this field has no more than 400 characters.",
      "group_key",
      "max_length",
    );
  const rawProps = body.group_properties ?? {};
  if (typeof rawProps !== "object" || Array.isArray(rawProps))
    throw errors.validation("Value must be valid JSON.", "group_properties");
  if (data.group(index, groupKey))
    throw errors.validation("A group with this key already exists", "detail");
  const now = world.now();
  const group = insertGroup(world, data, index, groupKey, rawProps as Props, now);
  publish(world, data, group, now, "api");
  if (!data.groupType(index)) throw errors.notFound(); // the group exists; the $groupidentify lookup fails
  emitIdentify(world, data, group, group.properties);
  for (const [name, value] of Object.entries(group.properties)) {
    upsertPropertyDefinition(world, data, index, name, value as Json, "api");
    logActivity(world, data, {
      scope: "Group",
      activity: "create_group",
      itemId: group.id,
      userId: ctx.user.id,
      name,
      changes: [{ type: "Group", action: "created", before: null, after: value as Json }],
    });
  }
  return json(201, groupJson(group));
}

// groups/ actions beyond list/find/create: update_property, delete_property, property_values, activity, related.
import { activityPage } from "../activity";
import { errors } from "../errors";
import { changeProperty } from "../group-writes";
import { json, objectOf, type Reply } from "../http-util";
import { compareCodePoints } from "../ids";
import { type Ctx, projectOf } from "../router";
import { groupJson, personActor } from "../serialize";
import type { GroupRow, Json } from "../types";
import { lookupGroup } from "./groups";

/** Order of checks: query params (400), group lookup (404), then `key` and `value` (400). */
export function updateProperty(ctx: Ctx): Reply {
  const group = lookupGroup(ctx);
  const body = objectOf(ctx.req);
  const key = body.key;
  const value = body.value;
  if (!key) throw errors.validation("This field is required.", "key");
  if (value === null || value === undefined)
    throw errors.validation("This field is required.", "value");
  changeProperty(ctx.world, projectOf(ctx), group, String(key), value as Json, ctx.user.id);
  return json(200, groupJson(group));
}

export function deleteProperty(ctx: Ctx): Reply {
  const group = lookupGroup(ctx);
  const name = objectOf(ctx.req).$unset;
  if (typeof name !== "string") {
    throw errors.validation(
      "This field is required and must be a string (the property name to delete).",
      "$unset",
    );
  }
  if (!Object.hasOwn(group.properties, name)) {
    throw errors.validation(`Property '${name}' does not exist on this group.`, "$unset");
  }
  if (!projectOf(ctx).groupType(group.typeIndex)) throw errors.notFound();
  changeProperty(ctx.world, projectOf(ctx), group, name, undefined, ctx.user.id);
  return json(200, groupJson(group));
}

/** Top 20 values of one property over each group's latest version, by count desc then value asc. */
export function propertyValues(ctx: Ctx): Reply {
  const params = ctx.req.url.searchParams;
  const typeRaw = params.get("group_type_index");
  if (!typeRaw) throw errors.validation("This query parameter is required.", "group_type_index");
  const key = params.get("key");
  if (!key) throw errors.validation("This query parameter is required.", "key");
  if (!/^\s*\d+\s*$/.test(typeRaw)) throw errors.server();
  const filter = params.get("value")?.toLowerCase() ?? "";
  const counts = new Map<string, { value: Json; count: number }>();
  const rows: readonly GroupRow[] = projectOf(ctx).views.get(Number(typeRaw))?.ordered() ?? [];
  for (const row of rows) {
    const value = row.properties[key];
    if (value === undefined || value === null) continue;
    const text = typeof value === "string" ? value : JSON.stringify(value);
    if (filter && !text.toLowerCase().includes(filter)) continue;
    const entry = counts.get(text) ?? { value: text, count: 0 };
    entry.count++;
    counts.set(text, entry);
  }
  const results = [...counts.values()]
    .sort((a, b) => b.count - a.count || compareCodePoints(String(a.value), String(b.value)))
    .slice(0, 20)
    .map((e) => ({ name: e.value, count: e.count }));
  return json(200, { results, refreshing: false });
}

export function groupActivity(ctx: Ctx): Reply {
  const group = lookupGroup(ctx);
  const entries = projectOf(ctx).activity.filter(
    (e) => e.scope === "Group" && e.itemId === String(group.id),
  );
  return json(200, activityPage(ctx.world, ctx.req, entries));
}

/**
 * Related actors "sharing events in the last 90 days". No events are stored, so relations are derived
 * deterministically: a group relates to a few persons and to a few groups of each other type.
 */
export function relatedActors(ctx: Ctx): Reply {
  const params = ctx.req.url.searchParams;
  const id = params.get("id");
  if (!id) throw errors.validation("This query parameter is required.", "id");
  const data = projectOf(ctx);
  const typeRaw = params.get("group_type_index");
  const seed = [...id].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
  const out: unknown[] = [];
  if (typeRaw !== null && typeRaw !== "") {
    const typeIndex = Number(typeRaw);
    if (!data.group(typeIndex, id)) return json(200, []);
    const persons = data.persons;
    for (let i = 0; i < Math.min(3, persons.length); i++) {
      const person = persons[(seed + i * 37) % persons.length];
      if (person) out.push(personActor(person));
    }
  }
  for (const type of data.groupTypes) {
    if (typeRaw !== null && typeRaw !== "" && type.index === Number(typeRaw)) continue;
    const rows = data.views.get(type.index)?.ordered() ?? [];
    for (let i = 0; i < Math.min(2, rows.length); i++) {
      const row = rows[(seed + i * 11) % rows.length];
      if (!row) continue;
      out.push({
        type: "group",
        id: row.key,
        group_key: row.key,
        group_type_index: type.index,
        created_at: groupJson({
          id: 0,
          typeIndex: type.index,
          key: row.key,
          properties: {},
          createdAtUs: row.createdAtUs,
          notebook: null,
        }).created_at,
        properties: row.properties,
        matched_recordings: [],
        value_at_data_point: null,
      });
    }
  }
  return json(200, out);
}

// property_definitions/: limit/offset list filtered by type (group needs group_type_index), search and names.
import { errors } from "../errors";
import { isTrue, json, limitOffsetPage, type Reply } from "../http-util";
import { compareCodePoints } from "../ids";
import { type Ctx, projectOf } from "../router";
import type { PropertyDefinition } from "../types";

const TYPES = ["event", "person", "group", "session"];

function definitionJson(d: PropertyDefinition): Record<string, unknown> {
  return {
    id: d.id,
    name: d.name,
    is_numerical: d.isNumerical,
    property_type: d.propertyType,
    tags: [],
    is_seen_on_filtered_events: null,
    is_optimized: false,
  };
}

export function listPropertyDefinitions(ctx: Ctx): Reply {
  const params = ctx.req.url.searchParams;
  const type = params.get("type") ?? "event";
  if (!TYPES.includes(type))
    throw errors.validation(`"${type}" is not a valid choice.`, "type", "invalid_choice");
  const rawIndex = params.get("group_type_index");
  let index: number | null = null;
  if (rawIndex !== null && rawIndex !== "") {
    if (!/^\s*-?\d+\s*$/.test(rawIndex))
      throw errors.validation("A valid integer is required.", "group_type_index");
    index = Number(rawIndex);
    if (index < 0)
      throw errors.validation(
        "Ensure this value is greater than or equal to 0.",
        "group_type_index",
        "min_value",
      );
    if (index > 4)
      throw errors.validation(
        "Ensure this value is less than or equal to 4.",
        "group_type_index",
        "max_value",
      );
  }
  if (type === "group" && index === null)
    throw errors.validation("`group_type_index` must be set for `group` type");
  if (type !== "group" && index !== null)
    throw errors.validation("`group_type_index` can only set for `group` type");
  let items = [...projectOf(ctx).propertyDefinitions.values()].filter(
    (d) => d.type === type && (type !== "group" || d.typeIndex === index),
  );
  const search = params.get("search");
  if (search) {
    const words = search.toLowerCase().split(/\s+/).filter(Boolean);
    items = items.filter((d) => words.every((w) => d.name.toLowerCase().includes(w)));
  }
  const names = params.get("properties");
  if (names) {
    const wanted = new Set(names.split(","));
    items = items.filter((d) => wanted.has(d.name));
  }
  const numerical = params.get("is_numerical");
  if (numerical !== null) items = items.filter((d) => d.isNumerical === isTrue(numerical));
  const excluded = params.get("excluded_properties");
  if (excluded) {
    try {
      const list = JSON.parse(excluded) as unknown;
      if (Array.isArray(list)) items = items.filter((d) => !list.includes(d.name));
    } catch {
      throw errors.validation("Value must be valid JSON.", "excluded_properties");
    }
  }
  items.sort((a, b) => compareCodePoints(a.name, b.name));
  return json(200, limitOffsetPage(ctx.req, items.map(definitionJson)));
}

export function getPropertyDefinition(ctx: Ctx): Reply {
  const id = (ctx.params.id ?? "").toLowerCase();
  const found = [...projectOf(ctx).propertyDefinitions.values()].find((d) => d.id === id);
  if (!found) throw errors.notFound();
  return json(200, definitionJson(found));
}

// groups_types/: the bare list, delete by index, and the session-only metadata/dashboard/column actions.
import { errors } from "../errors";
import { dataOf, json, objectOf, type Reply } from "../http-util";
import { type Ctx, projectOf } from "../router";
import type { GroupType } from "../types";

function typeJson(t: GroupType): Record<string, unknown> {
  return {
    group_type: t.groupType,
    group_type_index: t.index,
    name_singular: t.nameSingular,
    name_plural: t.namePlural,
    detail_dashboard: t.detailDashboard,
    default_columns: t.defaultColumns,
    created_at: t.createdAt,
  };
}

export function listGroupTypes(ctx: Ctx): Reply {
  const types = [...projectOf(ctx).groupTypes].sort((a, b) => a.index - b.index);
  return json(200, types.map(typeJson));
}

export function deleteGroupType(ctx: Ctx): Reply {
  const raw = ctx.params.index ?? "";
  if (!/^[+-]?\d+$/.test(raw)) throw errors.server();
  const data = projectOf(ctx);
  const index = Number(raw);
  if (!data.groupType(index)) throw errors.notFound("Group type not found");
  data.groupTypes = data.groupTypes.filter((t) => t.index !== index);
  return { status: 204, empty: true };
}

/** Takes a JSON array of `{group_type_index, name_singular?, name_plural?}`; an unknown index is a 500 upstream. */
export function updateMetadata(ctx: Ctx): Reply {
  const rows = dataOf(ctx.req);
  const data = projectOf(ctx);
  if (!Array.isArray(rows)) throw errors.server();
  for (const row of rows) {
    if (!row || typeof row !== "object") throw errors.server();
    const r = row as Record<string, unknown>;
    const type = data.groupType(Number(r.group_type_index));
    if (!type) throw errors.server();
    for (const [field, prop] of [
      ["name_singular", "nameSingular"],
      ["name_plural", "namePlural"],
    ] as const) {
      if (!(field in r)) continue;
      const value = r[field];
      if (value !== null && typeof value !== "string")
        throw errors.validation("Not a valid string.", field);
      if (typeof value === "string" && value.length > 400) {
        throw errors.validation(
          "Ensure this field has no more than 400 characters.",
          field,
          "max_length",
        );
      }
      type[prop] = value as string | null;
    }
  }
  return listGroupTypes(ctx);
}

function typeFromBody(ctx: Ctx): GroupType {
  const body = objectOf(ctx.req);
  if (!("group_type_index" in body)) throw errors.server();
  const type = projectOf(ctx).groupType(Number(body.group_type_index));
  if (!type) throw errors.notFound("Group type not found");
  return type;
}

export function createDetailDashboard(ctx: Ctx): Reply {
  const type = typeFromBody(ctx);
  if (type.detailDashboard !== null) {
    return json(400, { detail: "Dashboard already exists for this group type." });
  }
  type.detailDashboard = 1000 + ctx.world.next.dashboard++;
  return json(200, typeJson(type));
}

export function setDefaultColumns(ctx: Ctx): Reply {
  const type = typeFromBody(ctx);
  const columns = objectOf(ctx.req).default_columns;
  if (columns === undefined) throw errors.server();
  type.defaultColumns = Array.isArray(columns) ? columns.map(String) : null;
  return json(200, typeJson(type));
}

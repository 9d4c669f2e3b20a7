// Writes to groups: Postgres at once, ClickHouse after the lag, plus property definitions, events and activity.
import { logActivity } from "./activity";
import { isoZ } from "./clock";
import { groupRow, type RowWriter } from "./group-index";
import { createRng, uuidFrom } from "./ids";
import { groupId, type ProjectData, type World } from "./store";
import type { CapturedEvent, GroupRecord, Json, PropertyDefinition, Props } from "./types";

/** Makes the current Postgres state of a group visible to ClickHouse readers after the lag. */
export function publish(
  world: World,
  data: ProjectData,
  group: GroupRecord,
  atMs: number,
  writer: RowWriter,
): void {
  const row = groupRow(group.key, group.createdAtUs, group.properties, atMs, writer);
  data.view(group.typeIndex).enqueue(row, atMs + world.settings.lagMs);
}

export function insertGroup(
  world: World,
  data: ProjectData,
  typeIndex: number,
  key: string,
  properties: Props,
  atMs: number,
): GroupRecord {
  const group: GroupRecord = {
    id: world.next.group++,
    typeIndex,
    key,
    properties,
    createdAtUs: atMs * 1000,
    notebook: null,
  };
  data.groups.set(groupId(typeIndex, key), group);
  return group;
}

/** groups.py `detect_group_property_type` (API writes): no DateTime detection. */
export function detectApiType(value: Json): PropertyDefinition["propertyType"] {
  if (typeof value === "boolean") return "Boolean";
  if (typeof value === "number") return "Numeric";
  if (typeof value === "string" && ["true", "false"].includes(value.toLowerCase()))
    return "Boolean";
  return "String";
}

/** Ingestion's detection (seed and capture): also recognises ISO dates; nested values get no type. */
export function detectIngestionType(value: Json): PropertyDefinition["propertyType"] {
  if (
    typeof value === "string" &&
    /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)
  ) {
    return "DateTime";
  }
  if (value === null || typeof value === "object") return null;
  return detectApiType(value);
}

/** API writes use update_or_create (the type is overwritten); ingestion only creates. */
export function upsertPropertyDefinition(
  world: World,
  data: ProjectData,
  typeIndex: number,
  name: string,
  value: Json,
  mode: "api" | "ingestion",
): void {
  const id = `group:${typeIndex}:${name}`;
  const existing = data.propertyDefinitions.get(id);
  if (existing && mode === "ingestion") return;
  const propertyType = mode === "api" ? detectApiType(value) : detectIngestionType(value);
  const definition: PropertyDefinition = existing ?? {
    id: uuidFrom(createRng(world.seed * 31 + hash(`${data.project.id}:${id}`))),
    name,
    type: "group",
    typeIndex,
    propertyType,
    isNumerical: false,
  };
  definition.propertyType = propertyType;
  definition.isNumerical = propertyType === "Numeric";
  data.propertyDefinitions.set(id, definition);
}

export function recordEvent(
  world: World,
  event: Omit<CapturedEvent, "seq" | "receivedAt">,
): CapturedEvent {
  const full: CapturedEvent = { seq: world.next.event++, receivedAt: isoZ(world.now()), ...event };
  world.events.push(full);
  if (world.events.length > 50_000) world.events.splice(0, world.events.length - 50_000);
  return full;
}

/** The `$groupidentify` the REST API emits after its own write (distinct_id = team uuid). */
export function emitIdentify(
  world: World,
  data: ProjectData,
  group: GroupRecord,
  set: Props,
): void {
  const type = data.groupType(group.typeIndex);
  recordEvent(world, {
    projectId: data.project.id,
    token: data.project.apiToken,
    event: "$groupidentify",
    distinctId: data.project.uuid,
    properties: { $group_type: type?.groupType ?? null, $group_key: group.key, $group_set: set },
    timestamp: isoZ(world.now()),
    source: "api",
    dropped: null,
    applied: true,
  });
}

export function emitDeleteProperty(
  world: World,
  data: ProjectData,
  group: GroupRecord,
  name: string,
): void {
  const type = data.groupType(group.typeIndex);
  recordEvent(world, {
    projectId: data.project.id,
    token: data.project.apiToken,
    event: "$delete_group_property",
    distinctId: data.project.uuid,
    properties: {
      $group_type: type?.groupType ?? null,
      $group_key: group.key,
      $group_unset: [name],
    },
    timestamp: isoZ(world.now()),
    source: "api",
    dropped: null,
    applied: true,
  });
}

/** Sets or removes one property the way update_property / delete_property do, with their activity entry. */
export function changeProperty(
  world: World,
  data: ProjectData,
  group: GroupRecord,
  name: string,
  value: Json | undefined,
  userId: number,
): void {
  const had = Object.hasOwn(group.properties, name);
  const before = group.properties[name] ?? null;
  const next: Props = { ...group.properties };
  if (value === undefined) delete next[name];
  else next[name] = value;
  group.properties = next;
  const now = world.now();
  if (value !== undefined)
    upsertPropertyDefinition(world, data, group.typeIndex, name, value, "api");
  publish(world, data, group, now, "api");
  if (value === undefined) emitDeleteProperty(world, data, group, name);
  else emitIdentify(world, data, group, { [name]: value });
  logActivity(world, data, {
    scope: "Group",
    activity: value === undefined || had ? "update_property" : "create_property",
    itemId: group.id,
    userId,
    name,
    changes: [
      value === undefined
        ? { type: "Group", action: "deleted", before }
        : {
            type: "Group",
            action: had ? "changed" : "created",
            before: had ? before : null,
            after: value,
          },
    ],
  });
}

export function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

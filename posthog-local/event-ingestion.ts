// Ingestion of a captured event into `events`: person resolution ($set/$set_once), `$groups` → `$group_N`, the lag.
import { createHash, randomUUID } from "node:crypto";
import { isoZ } from "./clock";
import type { EventRow } from "./events-table";
import type { ProjectData, World } from "./store";
import type { CapturedEvent, GroupType, Json, Person, Props } from "./types";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * plugin-server's person step (ingestion/event-pipeline/processPersonsStep.ts, PersonState): the person of the
 * distinct id, created on first sight with a UUID derived from (team, distinct id), `$set` / `$set_once` /
 * `$unset` applied.
 */
export function personFor(
  world: World,
  data: ProjectData,
  distinctId: string,
  props: Props,
  at: number,
): Person {
  const set = asObject(props.$set);
  const setOnce = asObject(props.$set_once);
  const unset = Array.isArray(props.$unset) ? props.$unset.map(String) : [];
  let person = data.personsByDistinctId.get(distinctId);
  if (!person) {
    person = {
      id: world.next.person++,
      uuid: uuidFromDistinctId(data.project.id, distinctId),
      distinctIds: [distinctId],
      properties: {},
      createdAt: isoZ(at),
      isIdentified: false,
    };
    data.addPerson(person);
  }
  const next: Props = { ...person.properties };
  for (const [k, v] of Object.entries(setOnce)) if (!(k in next)) next[k] = v;
  Object.assign(next, set);
  for (const k of unset) delete next[k];
  person.properties = next;
  return person;
}

/** A stable person UUID per (team, distinct id), as plugin-server's uuidFromDistinctId (a v5-style hash). */
function uuidFromDistinctId(teamId: number, distinctId: string): string {
  const h = createHash("sha1").update(`${teamId}:${distinctId}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((Number.parseInt(h[16] as string, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * plugin-server's groups step (worker/ingestion/groups.ts addGroupProperties): each `$groups` entry becomes
 * `$group_<index>` of its type, creating the type in a free index (at most 5); values are stored as text.
 */
function groupColumns(data: ProjectData, props: Props, at: number): EventRow["groups"] {
  const out: EventRow["groups"] = ["", "", "", "", ""];
  for (const [typeName, key] of Object.entries(asObject(props.$groups))) {
    if (key === null || key === undefined || typeof key === "object") continue;
    const type = groupTypeFor(data, typeName, at);
    if (!type) continue;
    out[type.index as 0] = String(key);
    props[`$group_${type.index}`] = String(key);
  }
  return out;
}

/** Writes the event's row; queries see it `lagMs` after ingestion, like the groups' ClickHouse rows. */
export function insertEvent(
  world: World,
  data: ProjectData,
  event: CapturedEvent,
  at: number,
): void {
  const properties: Props = { ...event.properties };
  const person = personFor(world, data, event.distinctId, properties, at);
  const parsed = event.timestamp ? Date.parse(event.timestamp) : Number.NaN;
  const uuid =
    typeof event.uuid === "string" && UUID.test(event.uuid)
      ? event.uuid.toLowerCase()
      : randomUUID();
  const row: EventRow = {
    uuid,
    event: event.event,
    timestampMs: Number.isFinite(parsed) ? parsed : at,
    distinctId: event.distinctId,
    personId: person.uuid,
    properties,
    groups: groupColumns(data, properties, at),
  };
  data.events.enqueue(row, at + world.settings.lagMs);
}

/** The group type of that name, created in the first free index (0–4) if new; undefined when all five are taken. */
export function groupTypeFor(
  data: ProjectData,
  typeName: string,
  at: number,
): GroupType | undefined {
  let type = data.groupTypes.find((t) => t.groupType === typeName);
  if (type) return type;
  const free = [0, 1, 2, 3, 4].find((i) => !data.groupType(i));
  if (free === undefined) return undefined;
  type = {
    index: free,
    groupType: typeName,
    nameSingular: null,
    namePlural: null,
    detailDashboard: null,
    defaultColumns: null,
    createdAt: isoZ(at),
  };
  data.groupTypes.push(type);
  return type;
}

function asObject(v: Json | undefined): Record<string, Json> {
  return v && typeof v === "object" && !Array.isArray(v) ? v : {};
}

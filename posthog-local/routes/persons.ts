// persons/: the list filtered by `email` or `distinct_id`, and the batch lookups by distinct ids and by UUIDs.
// Source: posthog/api/person.py (PersonViewSet.list, batch_by_distinct_ids, batch_by_uuids).
import { errors } from "../errors";
import { json, objectOf, positiveInt, type Reply, withParams } from "../http-util";
import { isUuid } from "../ids";
import { type Ctx, projectOf } from "../router";
import { personName } from "../serialize";
import type { Person } from "../types";

/** person.py caps both batch lookups at 200 ids and silently drops the rest (`MAX_BATCH_SIZE = 200`). */
const MAX_BATCH_SIZE = 200;

/** MinimalPersonSerializer: PersonSerializer's fields with distinct_ids capped at 10. */
function minimalPerson(p: Person): Record<string, unknown> {
  return {
    id: p.id,
    name: personName(p),
    distinct_ids: p.distinctIds.slice(0, 10),
    properties: p.properties,
    created_at: p.createdAt,
    uuid: p.uuid,
    last_seen_at: null,
  };
}

/** GET persons/: exact `email` (properties.email) and `distinct_id` filters, newest first, no count. */
export function listPersons(ctx: Ctx): Reply {
  const data = projectOf(ctx);
  const params = ctx.req.url.searchParams;
  const limit = positiveInt(params.get("limit"), 100);
  const offset = positiveInt(params.get("offset"), 0, true);
  const email = params.get("email");
  const distinctId = params.get("distinct_id");
  let items = data.persons;
  if (email) items = items.filter((p) => p.properties.email === email);
  if (distinctId) {
    const match = data.personsByDistinctId.get(distinctId);
    items = match ? items.filter((p) => p === match) : [];
  }
  const sorted = [...items].sort((a, b) =>
    a.createdAt === b.createdAt ? b.id - a.id : a.createdAt < b.createdAt ? 1 : -1,
  );
  const page = sorted.slice(offset, offset + limit);
  return json(200, {
    results: page.map(minimalPerson),
    next: page.length >= limit ? withParams(ctx.req, { offset: offset + limit }) : null,
    previous: offset - limit >= 0 ? withParams(ctx.req, { offset: offset - limit }) : null,
  });
}

function idList(ctx: Ctx, field: string): unknown[] | null {
  const value = objectOf(ctx.req)[field];
  return Array.isArray(value) && value.length > 0 ? value.slice(0, MAX_BATCH_SIZE) : null;
}

/** POST persons/batch_by_distinct_ids/ `{distinct_ids}` → `{results: {distinct_id: person}}` for those found. */
export function batchByDistinctIds(ctx: Ctx): Reply {
  const data = projectOf(ctx);
  const ids = idList(ctx, "distinct_ids");
  const results: Record<string, unknown> = {};
  for (const id of ids ?? []) {
    const person = typeof id === "string" ? data.personsByDistinctId.get(id) : undefined;
    if (person && typeof id === "string") results[id] = minimalPerson(person);
  }
  return json(200, { results });
}

/** POST persons/batch_by_uuids/ `{uuids}` → `{results: {uuid: person}}`; one malformed UUID is a 400. */
export function batchByUuids(ctx: Ctx): Reply {
  const data = projectOf(ctx);
  const ids = idList(ctx, "uuids");
  if (ids && !ids.every(isUuid)) throw errors.validation("One or more UUIDs are invalid.");
  const results: Record<string, unknown> = {};
  for (const id of (ids ?? []) as string[]) {
    const person = data.personsByUuid.get(id.toLowerCase());
    if (person) results[person.uuid] = minimalPerson(person);
  }
  return json(200, { results });
}

// cohorts/:id/ member actions: persons, duplicate_as_static_cohort, add/remove persons, activity, history.
import { activityPage, logActivity } from "../activity";
import { addMembers } from "../cohort-calc";
import { errors } from "../errors";
import { json, objectOf, positiveInt, type Reply, withParams } from "../http-util";
import { isUuid } from "../ids";
import { type Ctx, projectOf } from "../router";
import { cohortJson, personActor } from "../serialize";
import type { Person } from "../types";
import { findCohort, newCohort } from "./cohorts";

const MAX_BATCH = 1000;

/** `{results, next, previous}` without a count; `next` whenever a page came back full. */
export function cohortPersons(ctx: Ctx): Reply {
  const cohort = findCohort(ctx);
  const params = ctx.req.url.searchParams;
  const limit = positiveInt(params.get("limit"), 100);
  const offset = positiveInt(params.get("offset"), 0, true);
  const members: Person[] = projectOf(ctx).persons.filter((p) => cohort.members.has(p.uuid));
  const page = members.slice(offset, offset + limit);
  return json(200, {
    results: page.map(personActor),
    next: page.length >= limit ? withParams(ctx.req, { offset: offset + limit }) : null,
    previous: offset - limit >= 0 ? withParams(ctx.req, { offset: offset - limit }) : null,
  });
}

/** A GET that writes: a static copy named "<name> (static copy)", filled asynchronously; 200, not 201. */
export function duplicateAsStatic(ctx: Ctx): Reply {
  const { world } = ctx;
  const source = findCohort(ctx);
  if (source.isStatic)
    throw errors.validation("Cannot duplicate a static cohort as a static cohort.");
  const copy = newCohort(world, projectOf(ctx), ctx.user.id, {
    name: `${source.name} (static copy)`,
    isStatic: true,
    cohortType: "static",
  });
  world.schedule(world.now() + world.settings.cohortCalculationMs, () =>
    addMembers(world, copy, source.members),
  );
  return json(200, cohortJson(world, copy));
}

export function addPersons(ctx: Ctx): Reply {
  const cohort = findCohort(ctx);
  const data = projectOf(ctx);
  if (!cohort.isStatic) throw errors.validation("Can only add users to static cohorts");
  const ids = objectOf(ctx.req).person_ids;
  if (!Array.isArray(ids)) throw errors.validation("person_ids must be a list");
  if (ids.length === 0) throw errors.validation("person_ids cannot be empty");
  if (ids.length > MAX_BATCH) throw errors.validation("List size exceeds limit");
  const uuids = ids
    .filter(isUuid)
    .map((id) => id.toLowerCase())
    .filter((id) => data.personsByUuid.has(id));
  if (uuids.length === 0) throw errors.validation("No valid users to add to cohort");
  addMembers(ctx.world, cohort, uuids);
  logActivity(ctx.world, data, {
    scope: "Cohort",
    activity: "persons_added_manually",
    itemId: cohort.id,
    userId: ctx.user.id,
    changes: [{ type: "Cohort", action: "changed" }],
  });
  return json(200, { success: true });
}

export function removePerson(ctx: Ctx): Reply {
  const cohort = findCohort(ctx);
  const data = projectOf(ctx);
  if (!cohort.isStatic) throw errors.validation("Can only remove users from static cohorts");
  const id = objectOf(ctx.req).person_id;
  if (!id) throw errors.validation("person_id is required");
  if (typeof id !== "string") throw errors.validation("person_id must be a string");
  if (!isUuid(id)) throw errors.validation("person_id must be a valid UUID");
  const person = data.personsByUuid.get(id.toLowerCase());
  if (!person) throw errors.notFound("Person with this UUID does not exist in the cohort's team");
  // posthog/api/cohort.py: "Remove is idempotent - succeeds even if person wasn't in cohort"; only an unknown
  // person is a 404 (products/cohorts/backend/models/cohort.py remove_user_by_uuid).
  cohort.members.delete(person.uuid);
  cohort.count = cohort.members.size;
  logActivity(ctx.world, data, {
    scope: "Cohort",
    activity: "person_removed_manually",
    itemId: cohort.id,
    userId: ctx.user.id,
    changes: [{ type: "Cohort", action: "changed" }],
  });
  return json(200, { success: true });
}

export function allCohortActivity(ctx: Ctx): Reply {
  return json(
    200,
    activityPage(
      ctx.world,
      ctx.req,
      projectOf(ctx).activity.filter((e) => e.scope === "Cohort"),
    ),
  );
}

/** An unknown cohort id gives 404 with an empty body here. */
export function cohortActivity(ctx: Ctx): Reply {
  const raw = ctx.params.id ?? "";
  const cohort = /^\d+$/.test(raw) ? ctx.world.cohorts.get(Number(raw)) : undefined;
  if (!cohort || cohort.projectId !== projectOf(ctx).project.id)
    return { status: 404, empty: true };
  const entries = projectOf(ctx).activity.filter(
    (e) => e.scope === "Cohort" && e.itemId === String(cohort.id),
  );
  return json(200, activityPage(ctx.world, ctx.req, entries));
}

export function calculationHistory(ctx: Ctx): Reply {
  findCohort(ctx);
  return json(200, { results: [], count: 0, next: null, previous: null });
}

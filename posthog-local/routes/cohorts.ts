// cohorts/: list (no deleted, newest first), create (static or dynamic), retrieve, update and soft delete.
import { type Change, logActivity } from "../activity";
import { isoZ } from "../clock";
import { addMembers, scheduleCalculation } from "../cohort-calc";
import { processCsvUpload } from "../cohort-csv";
import { parseCohortInput } from "../cohort-validate";
import { errors } from "../errors";
import { dataOf, type Incoming, json, limitOffsetPage, type Reply } from "../http-util";
import { type Ctx, projectOf } from "../router";
import { cohortJson } from "../serialize";
import type { ProjectData, World } from "../store";
import type { Cohort, Json } from "../types";

export function findCohort(ctx: Ctx): Cohort {
  const raw = ctx.params.id ?? "";
  const cohort = /^\d+$/.test(raw) ? ctx.world.cohorts.get(Number(raw)) : undefined;
  if (!cohort || cohort.projectId !== projectOf(ctx).project.id) throw errors.notFound();
  return cohort;
}

function bodyOf(req: Incoming): Record<string, unknown> {
  const data = dataOf(req);
  return data && typeof data === "object" && !Array.isArray(data)
    ? (data as Record<string, unknown>)
    : {};
}

function csvFile(req: Incoming) {
  return req.body.kind === "multipart" ? req.body.files.csv : undefined;
}

export function listCohorts(ctx: Ctx): Reply {
  const params = ctx.req.url.searchParams;
  let items = [...ctx.world.cohorts.values()].filter(
    (c) => c.projectId === projectOf(ctx).project.id && !c.deleted,
  );
  const type = params.get("type");
  if (type === "static") items = items.filter((c) => c.isStatic);
  if (type === "dynamic") items = items.filter((c) => !c.isStatic);
  const search = params.get("search");
  if (search)
    items = items.filter((c) => (c.name ?? "").toLowerCase().includes(search.toLowerCase()));
  const createdBy = params.get("created_by_id");
  if (createdBy) items = items.filter((c) => String(c.createdById) === createdBy);
  if (params.get("hide_behavioral_cohorts")?.toLowerCase() === "true")
    items = items.filter((c) => !JSON.stringify(c.filters ?? {}).includes('"behavioral"'));
  items.sort((a, b) =>
    a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : b.id - a.id,
  );
  return json(
    200,
    limitOffsetPage(
      ctx.req,
      items.map((c) => cohortJson(ctx.world, c)),
    ),
  );
}

export function getCohort(ctx: Ctx): Reply {
  return json(200, cohortJson(ctx.world, findCohort(ctx)));
}

export function newCohort(
  world: World,
  data: ProjectData,
  userId: number,
  fields: Partial<Cohort>,
): Cohort {
  const cohort: Cohort = {
    id: world.next.cohort++,
    projectId: data.project.id,
    name: null,
    description: "",
    deleted: false,
    filters: null,
    query: null,
    isStatic: false,
    cohortType: null,
    isCalculating: false,
    createdById: userId,
    createdAt: isoZ(world.now()),
    lastCalculation: null,
    errorsCalculating: 0,
    count: null,
    members: new Set(),
    version: 0,
    ...fields,
  };
  world.cohorts.set(cohort.id, cohort);
  return cohort;
}

export function createCohort(ctx: Ctx): Reply {
  const { world } = ctx;
  const data = projectOf(ctx);
  const input = parseCohortInput(bodyOf(ctx.req), false);
  if (input.query && input.filters)
    throw errors.validation("Cannot set both query and filters at the same time.");
  const isStatic = input.isStatic ?? false;
  if (!isStatic && input.query)
    throw errors.validation("Cannot create a dynamic cohort with a query. Set is_static to true.");
  const cohort = newCohort(world, data, ctx.user.id, {
    name: input.name ?? null,
    description: input.description ?? "",
    filters: input.filters ?? null,
    query: input.query ?? null,
    isStatic,
    cohortType: input.cohortType ?? (isStatic ? "static" : null),
  });
  if (isStatic) {
    if (input.personIds) {
      const known = input.personIds
        .map((id) => id.toLowerCase())
        .filter((id) => data.personsByUuid.has(id));
      addMembers(world, cohort, known);
    }
    const file = csvFile(ctx.req);
    if (file) processCsvUpload(world, data, cohort, file); // a 400 here leaves the cohort behind, as upstream
  } else {
    scheduleCalculation(world, data, cohort);
  }
  const people = [...cohort.members];
  logActivity(world, data, {
    scope: "Cohort",
    activity: "created",
    itemId: cohort.id,
    userId: ctx.user.id,
    name: cohort.name,
    changes:
      people.length > 0
        ? [{ type: "Cohort", action: "changed", field: "people", before: [], after: people }]
        : [],
  });
  return json(201, cohortJson(world, cohort));
}

function snapshot(c: Cohort): Record<string, Json> {
  return {
    name: c.name,
    description: c.description,
    deleted: c.deleted,
    is_static: c.isStatic,
    filters: c.filters,
    query: c.query,
    cohort_type: c.cohortType,
  };
}

function referencedCohorts(c: Cohort): number[] {
  const ids: number[] = [];
  const walk = (node: Json | undefined) => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach(walk);
    if (node.type === "cohort") ids.push(Number(node.value));
    walk(node.values);
  };
  walk(c.filters?.properties);
  return ids;
}

/** will_create_loops: a depth-first walk over cohort references. */
function createsLoop(world: World, start: Cohort): boolean {
  const onPath = new Set<number>();
  const seen = new Set<number>();
  const visit = (c: Cohort): boolean => {
    seen.add(c.id);
    onPath.add(c.id);
    for (const id of referencedCohorts(c)) {
      if (onPath.has(id)) return true;
      if (seen.has(id)) continue;
      const next = world.cohorts.get(id);
      if (!next || next.projectId !== start.projectId)
        throw errors.validation("Invalid Cohort ID in filter");
      if (visit(next)) return true;
    }
    onPath.delete(c.id);
    return false;
  };
  return visit(start);
}

export function updateCohort(ctx: Ctx): Reply {
  const { world } = ctx;
  const data = projectOf(ctx);
  const cohort = findCohort(ctx);
  const input = parseCohortInput(bodyOf(ctx.req), cohort.isStatic);
  const before = snapshot(cohort);
  const restore = { ...cohort };
  if (input.name !== undefined) cohort.name = input.name;
  if (input.description !== undefined) cohort.description = input.description;
  if (input.isStatic !== undefined) cohort.isStatic = input.isStatic;
  if (input.filters !== undefined) cohort.filters = input.filters;
  if (input.cohortType !== undefined) cohort.cohortType = input.cohortType;
  if (input.query !== undefined) cohort.query = input.query;
  const deletionChange = input.deleted !== undefined && input.deleted !== cohort.deleted;
  if (deletionChange) cohort.deleted = input.deleted as boolean;
  try {
    if (createsLoop(world, cohort))
      throw errors.validation("Cohorts cannot reference other cohorts in a loop.");
  } catch (error) {
    Object.assign(cohort, restore);
    throw error;
  }
  if (!input.deleted) {
    const file = csvFile(ctx.req);
    if (cohort.isStatic && file) processCsvUpload(world, data, cohort, file);
    else if (!cohort.isStatic) scheduleCalculation(world, data, cohort);
  }
  const after = snapshot(cohort);
  const changes: Change[] = Object.keys(after)
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((field) => ({
      type: "Cohort",
      action: "changed",
      field,
      before: before[field],
      after: after[field],
    }));
  logActivity(world, data, {
    scope: "Cohort",
    activity: "updated",
    itemId: cohort.id,
    userId: ctx.user.id,
    name: cohort.name,
    changes,
  });
  return json(200, cohortJson(world, cohort));
}

/** ForbidDestroyModel: 405 with an empty body. Deleting is PATCH {"deleted": true}. */
export function destroyCohort(_ctx: Ctx): Reply {
  return { status: 405, empty: true };
}

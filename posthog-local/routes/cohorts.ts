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
import { similarity, wordSimilarity } from "../trigram";
import type { Cohort, FlagStub, Json } from "../types";

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
  const createdBy = params.get("created_by_id");
  if (createdBy) items = items.filter((c) => String(c.createdById) === createdBy);
  if (params.get("hide_behavioral_cohorts")?.toLowerCase() === "true")
    items = items.filter((c) => !JSON.stringify(c.filters ?? {}).includes('"behavioral"'));
  items.sort(newestFirst);
  const search = params.get("search");
  const ranked = search === null ? null : rankByName(items, search);
  return json(
    200,
    limitOffsetPage(
      ctx.req,
      (ranked?.items ?? items).map((c) => {
        const body = cohortJson(ctx.world, c);
        return ranked?.exact
          ? { ...body, search_match_type: ranked.exact.has(c.id) ? "exact" : "similar" }
          : body;
      }),
    ),
  );
}

const newestFirst = (a: Cohort, b: Cohort): number =>
  a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : b.id - a.id;

/** posthog/helpers/trigram_search.py: MAX_SEARCH_LENGTH and MIN_NAME_TRIGRAM_SIMILARITY. */
const MAX_SEARCH_LENGTH = 200;
const MIN_NAME_SIMILARITY = 0.3;

/**
 * posthog/api/cohort.py `_filter_request` → `apply_trigram_search(fields=(NAME_FIELD,))`: names containing the
 * term (case-insensitive) are "exact"; only when there are none, names whose trigram word similarity passes 0.3
 * are "similar". Ranked by word plus full-string similarity, newest first on ties. Over 200 characters is a 400.
 */
function rankByName(
  items: readonly Cohort[],
  raw: string,
): { items: Cohort[]; exact: Set<number> | null } {
  if (raw.length > MAX_SEARCH_LENGTH)
    throw errors.validation(
      `Search query must be ${MAX_SEARCH_LENGTH} characters or fewer.`,
      "search",
    );
  const term = raw.replaceAll("\0", "").trim();
  if (term === "") return { items: [...items], exact: null };
  const lower = term.toLowerCase();
  const scored = items.map((c) => {
    const name = c.name ?? "";
    const word = wordSimilarity(term, name);
    return {
      c,
      word,
      score: word + similarity(name, term),
      exact: name.toLowerCase().includes(lower),
    };
  });
  const exact = scored.filter((s) => s.exact);
  const chosen = exact.length > 0 ? exact : scored.filter((s) => s.word > MIN_NAME_SIMILARITY);
  chosen.sort((a, b) => b.score - a.score || newestFirst(a.c, b.c));
  return { items: chosen.map((s) => s.c), exact: new Set(exact.map((s) => s.c.id)) };
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

/** The cohorts a flag targets, following cohort references but not into static cohorts (`get_cohort_ids`). */
function flagCohortIds(world: World, flag: FlagStub): Set<number> {
  const ids = new Set<number>();
  const visit = (id: number) => {
    if (ids.has(id)) return;
    ids.add(id);
    const c = world.cohorts.get(id);
    if (c && !c.isStatic && !c.deleted) for (const next of referencedCohorts(c)) visit(next);
  };
  for (const id of flag.cohortIds) visit(id);
  return ids;
}

/** "A, B, and 2 more": the first five names, as cohort.py lists insights and cohorts. */
function firstFive(names: string[]): string {
  const shown = names.slice(0, 5).join(", ");
  return names.length > 5 ? `${shown}, and ${names.length - 5} more` : shown;
}

/**
 * posthog/api/cohort.py `CohortSerializer.update`: a soft delete is refused (400) while active feature flags,
 * insights or other cohorts use the cohort, in that order, each with its own message.
 */
function refuseDeletionInUse(world: World, data: ProjectData, cohort: Cohort): void {
  const flags = data.flags.filter(
    (f) => f.active && !f.deleted && flagCohortIds(world, f).has(cohort.id),
  );
  if (flags.length > 0)
    throw errors.validation(
      `This cohort is used in ${flags.length} active feature flag(s): ${flags.map((f) => f.name || f.key).join(", ")}. Please remove the cohort from these feature flags before deleting it.`,
    );
  const insights = data.insights.filter((i) => !i.deleted && i.cohortIds.includes(cohort.id));
  if (insights.length > 0)
    throw errors.validation(
      `This cohort is used in ${insights.length} insight(s): ${firstFive(insights.map((i) => i.name || "Unnamed"))}. Please remove the cohort from these insights before deleting it.`,
    );
  const dependents = [...world.cohorts.values()]
    .filter(
      (c) =>
        c.projectId === cohort.projectId &&
        !c.deleted &&
        c.id !== cohort.id &&
        referencedCohorts(c).includes(cohort.id),
    )
    .sort((a, b) => a.id - b.id);
  if (dependents.length > 0)
    throw errors.validation(
      `This cohort is used as criteria in ${dependents.length} other cohort(s): ${firstFive(dependents.map((c) => c.name || "Unnamed"))}. Please remove this cohort from those cohort definitions before deleting it.`,
    );
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
  if (deletionChange && input.deleted) {
    try {
      refuseDeletionInUse(world, data, cohort);
    } catch (error) {
      Object.assign(cohort, restore);
      throw error;
    }
  }
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

// The table functions besides groups: group types, cohorts, a cohort's members, a type's metrics, a property's values.
import { isPostHogError } from "../../api/posthog-error";
import { countOf } from "../../shared/wording";
import { teamMetrics } from "../metrics/team-metrics";
import { GROUP_TYPE_HEADERS } from "../pull/sources";
import { cohortRef, groupTypeRef, propertyName } from "./args";
import { cached, groupTypes, resolveGroupType } from "./cached";
import type { FormulaContext } from "./context";
import { fail, quote } from "./messages";
import { type FormulaCell, type FormulaResult, formulaCell, table } from "./values";

/** Most members =POSTHOG_COHORT_MEMBERS lists; a last row says when there were more. */
export const MAX_MEMBERS = 2_000;
/** Persons per request (PostHog's default is 100; a larger page keeps a cell inside its 30 s). */
const MEMBERS_PAGE = 500;

export function groupTypeTable(ctx: FormulaContext): FormulaResult {
  const rows = groupTypes(ctx).value.map((t): FormulaCell[] => [
    t.group_type_index,
    t.group_type,
    t.name_singular ?? "",
    t.name_plural ?? "",
  ]);
  return table(GROUP_TYPE_HEADERS, rows);
}

interface CohortRow {
  id: number;
  name: string;
  isStatic: boolean;
  count: number | null;
  calculating: boolean;
}

function cohorts(ctx: FormulaContext): CohortRow[] {
  return cached(ctx, ["cohorts"], () =>
    ctx
      .client()
      .cohorts.listAll({ maxPages: 10 })
      .items.map((c) => ({
        id: c.id,
        name: c.name ?? "",
        isStatic: c.is_static,
        count: c.count,
        calculating: c.is_calculating,
      })),
  ).value;
}

export function cohortTable(ctx: FormulaContext): FormulaResult {
  const rows = cohorts(ctx).map((c): FormulaCell[] => [
    c.id,
    c.name,
    c.isStatic,
    formulaCell(c.count),
    c.calculating,
  ]);
  return table(["id", "name", "is_static", "count", "is_calculating"], rows);
}

interface Members {
  rows: Array<[uuid: string, distinctId: string, email: unknown, name: unknown]>;
  truncated: boolean;
}

export function cohortMemberTable(ctx: FormulaContext, cohort: unknown): FormulaResult {
  const id = cohortId(ctx, cohort);
  let members: Members;
  try {
    members = cached(ctx, ["members", id], (): Members => {
      const result = ctx
        .client()
        .cohorts.allPersons(id, { pageSize: MEMBERS_PAGE, maxItems: MAX_MEMBERS + 1 });
      const rows = result.items.map((p): Members["rows"][number] => [
        p.uuid,
        p.distinct_ids[0] ?? "",
        p.properties.email,
        p.properties.name,
      ]);
      return {
        rows: rows.slice(0, MAX_MEMBERS),
        truncated: result.partial || rows.length > MAX_MEMBERS,
      };
    }).value;
  } catch (error) {
    if (isPostHogError(error) && error.code === "not_found")
      fail("unknown_cohort", `unknown cohort ${id}`);
    throw error;
  }
  const rows = members.rows.map((r) => r.map(formulaCell));
  if (members.truncated) rows.push([`PostHog: only the first ${MAX_MEMBERS} members`]);
  return table(["person_uuid", "distinct_id", "email", "name"], rows);
}

/** A cohort id as given, or the id of the one cohort with that name (case-insensitive). */
function cohortId(ctx: FormulaContext, cohort: unknown): number {
  const ref = cohortRef(cohort);
  if ("id" in ref) return ref.id;
  const lower = ref.name.toLowerCase();
  const matches = cohorts(ctx).filter((c) => c.name.toLowerCase() === lower);
  if (matches.length === 0) fail("unknown_cohort", `unknown cohort ${quote(ref.name)}`);
  if (matches.length > 1)
    fail(
      "argument",
      `${countOf(matches.length, "cohort")} are named ${quote(ref.name)}; use the id`,
    );
  return (matches[0] as CohortRow).id;
}

export function metricTable(ctx: FormulaContext, groupType: unknown): FormulaResult {
  // An unknown type is still an error; the metrics its groups show are the project's, the same for every type
  // (features/metrics/team-metrics.ts): one cached list, the types read only when it is fetched.
  resolveGroupType(ctx, groupTypeRef(groupType));
  const metrics = cached(ctx, ["metrics"], () =>
    teamMetrics(
      ctx.client(),
      groupTypes(ctx).value.map((t) => t.group_type_index),
      { maxPages: 5 },
    ).map((m) => [m.id, m.name, m.math, m.math_property ?? "", m.interval, m.format, m.display]),
  ).value;
  const header = ["id", "name", "math", "math_property", "interval_days", "format", "display"];
  return table(
    header,
    metrics.map((m) => m.map(formulaCell)),
  );
}

export function propertyValueTable(
  ctx: FormulaContext,
  groupType: unknown,
  property: unknown,
): FormulaResult {
  const type = resolveGroupType(ctx, groupTypeRef(groupType));
  const key = propertyName(property);
  const values = cached(ctx, ["values", type.group_type_index, key], () =>
    ctx
      .client()
      .groups.propertyValues({ groupTypeIndex: type.group_type_index, key })
      .map((v): [unknown, number] => [v.name, v.count]),
  ).value;
  return table(
    ["value", "groups"],
    values.map(([value, count]) => [formulaCell(value), count]),
  );
}

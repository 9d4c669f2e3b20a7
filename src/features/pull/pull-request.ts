// Reads a pull request that arrived from the page as any JSON, refusing anything malformed with a clear message.
import { UserFacingError } from "../../shared/failures";
import type { PullRequest } from "../../shared/rpc";

const bad = (message: string, field: string) =>
  new UserFacingError("invalid_input", message, field);

function index(value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 4) {
    throw bad("Choose a group type.", "groupTypeIndex");
  }
  return value;
}

function text(value: unknown, field: string, label: string): string {
  if (typeof value !== "string" || value.trim() === "") throw bad(`Enter ${label}.`, field);
  return value.trim();
}

export function parsePullRequest(input: unknown): PullRequest {
  const r = (typeof input === "object" && input !== null ? input : {}) as Record<string, unknown>;
  switch (r.entity) {
    case "groups": {
      const columns = Array.isArray(r.columns)
        ? r.columns.filter((c): c is string => typeof c === "string" && c !== "")
        : [];
      const search =
        typeof r.search === "string" && r.search.trim() !== "" ? r.search.trim() : undefined;
      return {
        entity: "groups",
        groupTypeIndex: index(r.groupTypeIndex),
        ...(search ? { search } : {}),
        ...(columns.length > 0 ? { columns } : {}),
        ...(r.metrics === true ? { metrics: true } : {}),
      };
    }
    case "group_types":
    case "cohorts":
      return { entity: r.entity };
    case "metrics":
    case "property_definitions":
      return { entity: r.entity, groupTypeIndex: index(r.groupTypeIndex) };
    case "cohort_members": {
      const id = r.cohortId;
      if (typeof id !== "number" || !Number.isInteger(id) || id <= 0)
        throw bad("Choose a cohort.", "cohortId");
      return { entity: "cohort_members", cohortId: id };
    }
    case "related":
    case "activity":
      return {
        entity: r.entity,
        groupTypeIndex: index(r.groupTypeIndex),
        groupKey: text(r.groupKey, "groupKey", "a group key"),
      };
    default:
      throw bad("Choose what to pull.", "entity");
  }
}

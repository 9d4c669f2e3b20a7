// What the pull form can pull, and which inputs each kind needs.
import type { PullRequest } from "../../shared/rpc";
import type { FeatureId } from "../../shared/scopes";

export type Entity = PullRequest["entity"];

export interface PullKind {
  entity: Entity;
  label: string;
  /** The feature (and so the key's scopes) this pull needs. */
  feature: FeatureId;
  groupType?: true;
  search?: true;
  columns?: true;
  cohort?: true;
  groupKey?: true;
}

export const PULL_KINDS: PullKind[] = [
  {
    entity: "groups",
    label: "Groups",
    feature: "pull_groups",
    groupType: true,
    search: true,
    columns: true,
  },
  { entity: "group_types", label: "Group types", feature: "pull_groups" },
  { entity: "metrics", label: "Usage metrics", feature: "pull_metrics", groupType: true },
  { entity: "cohorts", label: "Cohorts", feature: "pull_cohorts" },
  { entity: "cohort_members", label: "Cohort members", feature: "pull_members", cohort: true },
  {
    entity: "property_definitions",
    label: "Group property definitions",
    feature: "pull_definitions",
    groupType: true,
  },
  {
    entity: "related",
    label: "Related groups",
    feature: "pull_groups",
    groupType: true,
    groupKey: true,
  },
  {
    entity: "activity",
    label: "Group activity",
    feature: "activity",
    groupType: true,
    groupKey: true,
  },
];

export function pullKind(entity: string): PullKind {
  return PULL_KINDS.find((k) => k.entity === entity) ?? (PULL_KINDS[0] as PullKind);
}

/** The inputs the form read, before they become a request. */
export interface PullInputs {
  groupTypeIndex: number;
  search: string;
  columns: string[] | undefined;
  /** Add the type's usage metrics as columns. */
  metrics?: boolean;
  cohortId: number;
  groupKey: string;
}

/** Builds the request for `kind`, with only the fields it takes (`search`/`columns` only when set). */
export function buildRequest(kind: PullKind, inputs: PullInputs): PullRequest {
  const { groupTypeIndex, groupKey } = inputs;
  switch (kind.entity) {
    case "groups": {
      const request: PullRequest = { entity: "groups", groupTypeIndex };
      if (inputs.search) request.search = inputs.search;
      if (inputs.columns) request.columns = inputs.columns;
      if (inputs.metrics) request.metrics = true;
      return request;
    }
    case "group_types":
    case "cohorts":
      return { entity: kind.entity };
    case "metrics":
    case "property_definitions":
      return { entity: kind.entity, groupTypeIndex };
    case "cohort_members":
      return { entity: "cohort_members", cohortId: inputs.cohortId };
    case "related":
    case "activity":
      return { entity: kind.entity, groupTypeIndex, groupKey };
  }
}

// What the pull form offers to choose from: the project's group types, a group type's properties, its cohorts.
import type { PostHogClient } from "../../api";
import { argsOf } from "../../shared/respond";
import type { CohortView, GroupTypeView } from "../../shared/rpc";
import { cohortView, groupTypeView } from "../manage/views";

export const listGroupTypes = (client: PostHogClient): GroupTypeView[] =>
  client.groupTypes.list().map(groupTypeView);

/** A group type's property names, for the column picker (the first 10 pages). */
export function listGroupProperties(client: PostHogClient, input: unknown): string[] {
  const groupTypeIndex = Number(argsOf(input).groupTypeIndex);
  return client.propertyDefinitions
    .listAll({ groupTypeIndex, maxPages: 10 })
    .items.map((d) => d.name);
}

export const listCohorts = (client: PostHogClient): CohortView[] =>
  client.cohorts.listAll({ maxPages: 10 }).items.map(cohortView);

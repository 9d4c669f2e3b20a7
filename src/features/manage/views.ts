// What the Manage use cases share: how PostHog's group types and cohorts look to the sidebar, and the id check.
import type { Cohort, GroupType } from "../../api/types";
import { UserFacingError } from "../../shared/failures";
import type { CohortView, GroupTypeView } from "../../shared/rpc";

/** A form's numeric id (a group type index, a cohort id): a whole number, or the field is named. */
export const int = (value: unknown, field: string, label: string): number => {
  const n = Number(value);
  if (value === "" || value === null || !Number.isSafeInteger(n) || n < 0)
    throw new UserFacingError("invalid_input", `Choose a ${label}.`, field);
  return n;
};

export function groupTypeView(t: GroupType): GroupTypeView {
  return {
    group_type_index: t.group_type_index,
    group_type: t.group_type,
    name_singular: t.name_singular || t.group_type,
    name_plural: t.name_plural || `${t.group_type}s`,
  };
}

export function cohortView(c: Cohort): CohortView {
  return { id: c.id, name: c.name ?? `Cohort ${c.id}`, isStatic: c.is_static, count: c.count };
}

// What the Manage handlers share: field-mapped answers, the project's client, argument checks, views.
import type { PostHogClient } from "../api";
import type { Cohort, GroupType } from "../api/types";
import { projectClient } from "../features/connect/connect";
import { connectDeps } from "../platform/posthog.gas";
import { toFailure, UserFacingError } from "../shared/failures";
import type { CohortView, GroupTypeView, RpcResult } from "../shared/rpc";

/** Like `respond`, with PostHog's validation `attr` renamed to the form's field (e.g. "filters__events" → "filters"). */
export function answer<T>(work: () => T, fields: Record<string, string> = {}): RpcResult<T> {
  try {
    return { ok: true, value: work() };
  } catch (error) {
    const failure = toFailure(error);
    if (failure.field) {
      const base = failure.field.split("__")[0] ?? failure.field;
      failure.field = fields[base] ?? base;
    }
    return failure;
  }
}

export const client = (): PostHogClient => projectClient(connectDeps()).client;

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

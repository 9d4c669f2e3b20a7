// Reads the groups a push touches, the cheapest way the key allows: one query, a find per group, or the list pages.
import type { PostHogClient } from "../../api";
import { isPostHogError } from "../../api/posthog-error";

/** Current properties by key; null when PostHog has no such group. */
export type CurrentGroups = Map<string, Record<string, unknown> | null>;

/** Up to this many groups are read one `find` each; more go through the type's list pages. */
export const FIND_LIMIT = 50;

export function readGroups(
  client: PostHogClient,
  groupTypeIndex: number,
  keys: readonly string[],
  canQuery: boolean,
): CurrentGroups {
  const unique = [...new Set(keys)];
  const found: CurrentGroups = new Map(unique.map((k) => [k, null]));
  if (unique.length === 0) return found;
  if (canQuery) {
    try {
      for (const row of client.query.readGroupsByKeys({ groupTypeIndex, keys: unique }))
        if (found.has(row.key)) found.set(row.key, row.properties);
      return found;
    } catch (error) {
      if (!client.query.shouldFallBackToRest(error)) throw error;
    }
  }
  if (unique.length <= FIND_LIMIT) {
    const outcomes = client.groups.findMany(
      unique.map((groupKey) => ({ groupTypeIndex, groupKey })),
    );
    outcomes.forEach((outcome, i) => {
      const key = unique[i] as string;
      if (outcome.ok) found.set(key, outcome.value.data.group_properties);
      else if (!(isPostHogError(outcome.error) && outcome.error.code === "not_found"))
        throw outcome.error;
    });
    return found;
  }
  const all = client.groups.listAll({ groupTypeIndex, maxPages: 1000 });
  for (const group of all.items)
    if (found.has(group.group_key)) found.set(group.group_key, group.group_properties);
  return found;
}

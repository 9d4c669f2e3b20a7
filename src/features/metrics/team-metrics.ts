// The usage metrics PostHog shows for a group of any type: the team's metrics under every group type, not only the
// pulled type's. PostHog's runner ignores a metric's group_type_index, and its settings page keeps every metric
// under type 0 (docs/posthog-query-api.md §15, "Which metrics apply").
import type { PostHogClient } from "../../api";
import type { PageLimits } from "../../api/paginate";
import type { GroupUsageMetric } from "../../api/types";

/** A metric and the group type PostHog keeps it under (where it is edited and deleted). */
export interface StoredMetric {
  metric: GroupUsageMetric;
  typeIndex: number;
}

/** Every metric of the team as stored: type 0's first, then each other type's in index order, each id once. */
export function listTeamMetrics(
  client: PostHogClient,
  typeIndexes: readonly number[],
  limits: PageLimits = {},
): StoredMetric[] {
  const indexes = [...new Set([0, ...typeIndexes])].sort((a, b) => a - b);
  const ids = new Set<string>();
  const stored: StoredMetric[] = [];
  for (const typeIndex of indexes) {
    for (const metric of client.metrics.listAll(typeIndex, limits).items) {
      if (ids.has(metric.id)) continue;
      ids.add(metric.id);
      stored.push({ metric, typeIndex });
    }
  }
  return stored;
}

/**
 * The team's metrics as a pull or a formula shows them: a name PostHog allows twice (it is unique per group type
 * only) gets " (2)", " (3)" after its first use, so each column and each `=POSTHOG_METRIC` name stays one metric.
 */
export function teamMetrics(
  client: PostHogClient,
  typeIndexes: readonly number[],
  limits: PageLimits = {},
): GroupUsageMetric[] {
  const names = new Map<string, number>();
  return listTeamMetrics(client, typeIndexes, limits).map(({ metric }) => {
    const seen = (names.get(metric.name) ?? 0) + 1;
    names.set(metric.name, seen);
    return seen === 1 ? metric : { ...metric, name: `${metric.name} (${seen})` };
  });
}

/** The indexes of the project's group types (one request). */
export function typeIndexesOf(client: PostHogClient): number[] {
  return client.groupTypes.list().map((t) => t.group_type_index);
}

// The project's usage metrics: list, save (create or update) and delete, from the Manage form's fields.
import type { PostHogClient } from "../../api";
import type { GroupUsageMetric } from "../../api/types";
import { UserFacingError } from "../../shared/failures";
import type { MetricView } from "../../shared/manage-rpc";
import { argsOf } from "../../shared/respond";
import { listTeamMetrics, typeIndexesOf } from "../metrics/team-metrics";
import { metricInput } from "./metric-input";
import { int } from "./views";

/** The group type PostHog's settings page creates every metric under (usageMetricsConfigLogic.ts, docs §15). */
const NEW_METRIC_TYPE = 0;

/** PostHog's validation of `math_property` points at the form's field of that name. */
export const METRIC_FIELDS = { mathProperty: "math_property" };

function metricView(m: GroupUsageMetric, groupTypeIndex: number): MetricView {
  return {
    id: String(m.id),
    groupTypeIndex,
    name: String(m.name ?? ""),
    format: m.format,
    interval: m.interval,
    display: m.display,
    math: m.math,
    mathProperty: m.math_property ?? "",
    filters: JSON.stringify(m.filters ?? {}),
  };
}

/** Where a metric the form names is kept: the index it came with (an edit or a delete). */
const storedIndexOf = (args: Record<string, unknown>) =>
  int(args.groupTypeIndex, "groupTypeIndex", "group type");

/**
 * The project's metrics under every group type, as PostHog's runner applies them all to every group
 * (docs/posthog-query-api.md §15, "Which metrics apply"); each with the type it is kept under.
 */
export function listMetrics(client: PostHogClient): MetricView[] {
  return listTeamMetrics(client, typeIndexesOf(client), { maxPages: 10 }).map(
    ({ metric, typeIndex }) => metricView(metric, typeIndex),
  );
}

/**
 * Creates the metric under type 0, where PostHog's settings page keeps and shows every metric, or updates it where
 * it is kept when the form carries its id.
 */
export function saveMetric(client: PostHogClient, input: unknown): MetricView {
  const args = argsOf(input);
  const body = metricInput(args);
  const id = typeof args.id === "string" && args.id ? args.id : null;
  if (!id) return metricView(client.metrics.create(NEW_METRIC_TYPE, body), NEW_METRIC_TYPE);
  const index = storedIndexOf(args);
  return metricView(client.metrics.update(index, id, body), index);
}

export function deleteMetric(client: PostHogClient, input: unknown): null {
  const args = argsOf(input);
  const index = storedIndexOf(args);
  if (typeof args.id !== "string" || !args.id)
    throw new UserFacingError("invalid_input", "Choose a metric to delete.", "id");
  client.metrics.delete(index, args.id);
  return null;
}

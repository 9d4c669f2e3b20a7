// A group type's usage metrics: list, save (create or update) and delete, from the Manage form's fields.
import type { PostHogClient } from "../../api";
import type { GroupUsageMetric } from "../../api/types";
import { UserFacingError } from "../../shared/failures";
import type { MetricView } from "../../shared/manage-rpc";
import { argsOf } from "../../shared/respond";
import { metricInput } from "./metric-input";
import { int } from "./views";

/** PostHog's validation of `math_property` points at the form's field of that name. */
export const METRIC_FIELDS = { mathProperty: "math_property" };

function metricView(m: GroupUsageMetric): MetricView {
  return {
    id: String(m.id),
    name: String(m.name ?? ""),
    format: m.format,
    interval: m.interval,
    display: m.display,
    math: m.math,
    mathProperty: m.math_property ?? "",
    filters: JSON.stringify(m.filters ?? {}),
  };
}

const groupTypeIndexOf = (args: Record<string, unknown>) =>
  int(args.groupTypeIndex, "groupTypeIndex", "group type");

export function listMetrics(client: PostHogClient, input: unknown): MetricView[] {
  const index = groupTypeIndexOf(argsOf(input));
  return client.metrics.listAll(index, { maxPages: 10 }).items.map(metricView);
}

/** Creates the metric, or updates it when the form carries its id. */
export function saveMetric(client: PostHogClient, input: unknown): MetricView {
  const args = argsOf(input);
  const index = groupTypeIndexOf(args);
  const body = metricInput(args);
  const id = typeof args.id === "string" && args.id ? args.id : null;
  return metricView(
    id ? client.metrics.update(index, id, body) : client.metrics.create(index, body),
  );
}

export function deleteMetric(client: PostHogClient, input: unknown): null {
  const args = argsOf(input);
  const index = groupTypeIndexOf(args);
  if (typeof args.id !== "string" || !args.id)
    throw new UserFacingError("invalid_input", "Choose a metric to delete.", "id");
  client.metrics.delete(index, args.id);
  return null;
}

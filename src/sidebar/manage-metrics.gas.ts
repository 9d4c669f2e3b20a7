import type { GroupUsageMetric } from "../api/types";
import { metricInput } from "../features/manage/metric-input";
import { UserFacingError } from "../shared/failures";
import type { MetricView } from "../shared/manage-rpc";
import type { RpcResult } from "../shared/rpc";
import { answer, client, int } from "./manage-common.gas";
import { argsOf } from "./rpc-handlers";

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

export const listMetricsHandler = (input: unknown): RpcResult<MetricView[]> =>
  answer(() => {
    const index = int(argsOf(input).groupTypeIndex, "groupTypeIndex", "group type");
    return client().metrics.listAll(index, { maxPages: 10 }).items.map(metricView);
  });

export const saveMetricHandler = (input: unknown): RpcResult<MetricView> =>
  answer(
    () => {
      const args = argsOf(input);
      const index = int(args.groupTypeIndex, "groupTypeIndex", "group type");
      const body = metricInput(args);
      const api = client().metrics;
      const id = typeof args.id === "string" && args.id ? args.id : null;
      return metricView(id ? api.update(index, id, body) : api.create(index, body));
    },
    { mathProperty: "math_property" },
  );

export const deleteMetricHandler = (input: unknown): RpcResult<null> =>
  answer(() => {
    const args = argsOf(input);
    const index = int(args.groupTypeIndex, "groupTypeIndex", "group type");
    if (typeof args.id !== "string" || !args.id)
      throw new UserFacingError("invalid_input", "Choose a metric to delete.", "id");
    client().metrics.delete(index, args.id);
    return null;
  });

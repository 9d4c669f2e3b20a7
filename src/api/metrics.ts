// Group usage metrics under a group type: list, create, get, update (PATCH), delete.
import type { ApiContext } from "./context";
import { invalidInput } from "./errors";
import {
  collectOffsetPages,
  type OffsetEnvelope,
  type OffsetOptions,
  type PageLimits,
  type PageResult,
} from "./paginate";
import type { GroupUsageMetric } from "./types";
import { projectPath } from "./url";
import { checkGroupTypeIndex, checkObject, checkOptionalInt, checkText } from "./validate";

/** Fields of a new metric; PostHog's defaults apply to those left out. */
export interface MetricInput {
  name: string;
  filters: Record<string, unknown>;
  format?: "numeric" | "currency";
  interval?: number;
  display?: "number" | "sparkline";
  math?: "count" | "sum";
  math_property?: string | null;
}

export function createMetricsApi(ctx: ApiContext) {
  const { connection, requester } = ctx;
  const path = (index: number, id?: string) =>
    id === undefined
      ? projectPath(connection.projectId, "groups_types", checkGroupTypeIndex(index), "metrics")
      : projectPath(
          connection.projectId,
          "groups_types",
          checkGroupTypeIndex(index),
          "metrics",
          checkText(id, "id"),
        );

  function list(
    groupTypeIndex: number,
    options: OffsetOptions = {},
  ): OffsetEnvelope<GroupUsageMetric> {
    const query = {
      limit: checkOptionalInt(options.limit, "limit", 1),
      offset: checkOptionalInt(options.offset, "offset", 0),
    };
    return requester.send<OffsetEnvelope<GroupUsageMetric>>({
      method: "GET",
      path: path(groupTypeIndex),
      query,
      expect: "results",
    }).data;
  }

  return {
    /** One page of a group type's metrics. */
    list,

    /** Collects every metric page (limit/offset); `cursor` is the next offset. */
    listAll(
      groupTypeIndex: number,
      options: PageLimits & { pageSize?: number; offset?: number } = {},
    ): PageResult<GroupUsageMetric, number> {
      return collectOffsetPages(
        (limit, offset) => list(groupTypeIndex, { limit, offset }),
        options,
      );
    },

    /** Creates a metric (201). Not retried after a 5xx or network failure. */
    create(groupTypeIndex: number, input: MetricInput): GroupUsageMetric {
      checkText(input?.name, "name");
      if (input.name.length > 255)
        throw invalidInput("name is longer than PostHog's 255 characters.", "name");
      checkObject(input.filters, "filters");
      if (input.math === "sum" && !input.math_property)
        throw invalidInput("A sum metric needs math_property.", "math_property");
      if (input.math !== "sum" && input.math_property)
        throw invalidInput("math_property is only for sum metrics.", "math_property");
      return requester.send<GroupUsageMetric>({
        method: "POST",
        path: path(groupTypeIndex),
        json: input,
        idempotent: false,
        expect: "object",
      }).data;
    },

    /** One metric by id. */
    get(groupTypeIndex: number, id: string): GroupUsageMetric {
      return requester.send<GroupUsageMetric>({
        method: "GET",
        path: path(groupTypeIndex, id),
        expect: "object",
      }).data;
    },

    /** Changes some fields of a metric (PATCH). */
    update(groupTypeIndex: number, id: string, patch: Partial<MetricInput>): GroupUsageMetric {
      checkObject(patch, "patch");
      return requester.send<GroupUsageMetric>({
        method: "PATCH",
        path: path(groupTypeIndex, id),
        json: patch,
        expect: "object",
      }).data;
    },

    /** Deletes a metric (204). */
    delete(groupTypeIndex: number, id: string): void {
      requester.send({ method: "DELETE", path: path(groupTypeIndex, id) });
    },
  };
}

/** The metrics resource. */
export type MetricsApi = ReturnType<typeof createMetricsApi>;

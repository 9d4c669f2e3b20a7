// Group property definitions: the names and types of a group type's properties (limit/offset pages).
import type { ApiContext } from "./context";
import {
  collectOffsetPages,
  type OffsetEnvelope,
  type OffsetOptions,
  type PageLimits,
  type PageResult,
} from "./paginate";
import type { PropertyDefinition } from "./types";
import { projectPath } from "./url";
import { checkGroupTypeIndex, checkOptionalInt } from "./validate";

/** Filters of the group property definitions list. */
export interface PropertyDefinitionOptions extends OffsetOptions {
  groupTypeIndex: number;
  /** Words that must all appear in the name (case-insensitive). */
  search?: string;
}

export function createPropertyDefinitionsApi(ctx: ApiContext) {
  const { connection, requester } = ctx;

  function list(options: PropertyDefinitionOptions): OffsetEnvelope<PropertyDefinition> {
    // type=group needs group_type_index, and only type=group accepts it (posthog-api.md §7).
    const query = {
      type: "group",
      group_type_index: checkGroupTypeIndex(options.groupTypeIndex),
      search: options.search || undefined,
      limit: checkOptionalInt(options.limit, "limit", 1),
      offset: checkOptionalInt(options.offset, "offset", 0),
    };
    const path = projectPath(connection.projectId, "property_definitions");
    return requester.send<OffsetEnvelope<PropertyDefinition>>({
      method: "GET",
      path,
      query,
      expect: "results",
    }).data;
  }

  return {
    /** One page of a group type's property definitions. */
    list,

    /** Collects every page; `cursor` is the next offset. */
    listAll(
      options: PropertyDefinitionOptions & PageLimits & { pageSize?: number },
    ): PageResult<PropertyDefinition, number> {
      return collectOffsetPages((limit, offset) => list({ ...options, limit, offset }), options);
    },
  };
}

/** The property definitions resource. */
export type PropertyDefinitionsApi = ReturnType<typeof createPropertyDefinitionsApi>;

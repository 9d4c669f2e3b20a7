// Groups: the list (see groups-list.ts), find, create, one-property writes, property values, related actors, activity.

import { sendEach } from "./batch";
import type { ApiContext } from "./context";
import { badResponse } from "./errors";
import { createGroupListApi } from "./groups-list";
import {
  type ActivityEnvelope,
  activityPager,
  collectPages,
  type PageLimits,
  type PageResult,
} from "./paginate";
import type { BatchOptions, Outcome, RequestSpec } from "./request";
import type { ActivityEntry, Group, RelatedActor } from "./types";
import { projectPath } from "./url";
import {
  checkGroupKey,
  checkGroupTypeIndex,
  checkObject,
  checkOptionalInt,
  checkPropertyValue,
  checkText,
} from "./validate";

/** Identifies one group. */
export interface GroupRef {
  groupTypeIndex: number;
  groupKey: string;
}

/** One property write. */
export interface PropertyWrite extends GroupRef {
  key: string;
  value: unknown;
}

export function createGroupsApi(ctx: ApiContext) {
  const { connection, requester } = ctx;
  const path = (...segments: string[]) => projectPath(connection.projectId, "groups", ...segments);
  const refQuery = (ref: GroupRef) => ({
    group_type_index: checkGroupTypeIndex(ref.groupTypeIndex),
    group_key: checkGroupKey(ref.groupKey),
  });

  return {
    ...createGroupListApi(ctx),

    /** One group by exact key (`not_found` if absent). Never creates a notebook. */
    find(ref: GroupRef): Group {
      return requester.send<Group>(findSpec(ref)).data;
    },

    /** Several groups by key, side by side; one outcome per key. */
    findMany(refs: readonly GroupRef[], options?: BatchOptions): Array<Outcome<Group>> {
      return sendEach<GroupRef, Group>(requester, refs, findSpec, options);
    },

    /** Creates a group (400 `validation` if the key exists). Never retried after a 5xx or network failure. */
    create(input: GroupRef & { properties?: Record<string, unknown> }): Group {
      const body = {
        group_type_index: checkGroupTypeIndex(input.groupTypeIndex),
        group_key: checkGroupKey(input.groupKey),
        group_properties:
          input.properties === undefined ? {} : checkObject(input.properties, "properties"),
      };
      return requester.send<Group>({
        method: "POST",
        path: path(),
        json: body,
        idempotent: false,
        expect: "object",
      }).data;
    },

    /** Sets one property (null is refused: PostHog cannot store it). */
    updateProperty(write: PropertyWrite): Group {
      return requester.send<Group>(updateSpec(write)).data;
    },

    /** Sets many properties side by side; one outcome per write, bad writes fail alone. */
    updateProperties(
      writes: readonly PropertyWrite[],
      options?: BatchOptions,
    ): Array<Outcome<Group>> {
      return sendEach<PropertyWrite, Group>(requester, writes, updateSpec, options);
    },

    /** Removes one property (400 `validation` if the group does not have it). */
    deleteProperty(input: GroupRef & { key: string }): Group {
      const body = { $unset: checkText(input.key, "key") };
      return requester.send<Group>({
        method: "POST",
        path: path("delete_property"),
        query: refQuery(input),
        json: body,
        idempotent: true,
        expect: "object",
      }).data;
    },

    /** The 20 most common values of a property, with how many groups have each. */
    propertyValues(input: {
      groupTypeIndex: number;
      key: string;
      value?: string;
    }): Array<{ name: unknown; count: number }> {
      const query = {
        group_type_index: checkGroupTypeIndex(input.groupTypeIndex),
        key: checkText(input.key, "key"),
        value: input.value,
      };
      const { data } = requester.send<unknown>({
        method: "GET",
        path: path("property_values"),
        query,
      });
      // Older PostHog answered with a bare list; newer with {results, refreshing}.
      if (Array.isArray(data)) return data;
      const results = (data as { results?: unknown } | null)?.results;
      if (Array.isArray(results)) return results;
      throw badResponse({ method: "GET", path: path("property_values") }, 200, "expected results");
    },

    /** Persons and groups sharing events with a group (`groupTypeIndex` given) or a person (a person UUID as `id`) in the last 90 days. */
    related(input: { id: string; groupTypeIndex?: number }): RelatedActor[] {
      const query = {
        id: checkText(input.id, "id"),
        group_type_index:
          input.groupTypeIndex === undefined
            ? undefined
            : checkGroupTypeIndex(input.groupTypeIndex),
      };
      return requester.send<RelatedActor[]>({
        method: "GET",
        path: path("related"),
        query,
        expect: "array",
      }).data;
    },

    /** One page of a group's activity log (page 1 first, 10 entries by default). */
    activity(input: GroupRef & { page?: number; limit?: number }): ActivityEnvelope<ActivityEntry> {
      return fetchActivity(input, input.page, input.limit);
    },

    /** Collects a group's activity pages; `cursor` is the next page number. */
    allActivity(
      input: GroupRef & PageLimits & { page?: number; limit?: number },
    ): PageResult<ActivityEntry, number> {
      const pager = activityPager(
        (page, limit) => fetchActivity(input, page, limit),
        checkOptionalInt(input.limit, "limit", 1) ?? 10,
      );
      return collectPages(pager, checkOptionalInt(input.page, "page", 1) ?? null, input);
    },
  };

  function fetchActivity(
    ref: GroupRef,
    page: number | undefined,
    limit: number | undefined,
  ): ActivityEnvelope<ActivityEntry> {
    const query = {
      ...refQuery(ref),
      page: checkOptionalInt(page, "page", 1),
      limit: checkOptionalInt(limit, "limit", 1),
    };
    return requester.send<ActivityEnvelope<ActivityEntry>>({
      method: "GET",
      path: path("activity"),
      query,
      expect: "results",
    }).data;
  }

  function findSpec(ref: GroupRef): RequestSpec {
    // find can create a "Notes" notebook as a side effect unless told not to (posthog-api.md §5.3).
    return {
      method: "GET",
      path: path("find"),
      query: { ...refQuery(ref), skip_create_notebook: true },
      expect: "object",
    };
  }

  function updateSpec(write: PropertyWrite): RequestSpec {
    const body = { key: checkText(write.key, "key"), value: checkPropertyValue(write.value) };
    return {
      method: "POST",
      path: path("update_property"),
      query: refQuery(write),
      json: body,
      idempotent: true,
      expect: "object",
    };
  }
}

/** The groups resource. */
export type GroupsApi = ReturnType<typeof createGroupsApi>;

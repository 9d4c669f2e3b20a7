// Cohorts: list, get, create, update, soft delete, static copies and activity; membership is in cohort-members.ts.
import { cohortPath, createCohortMembersApi } from "./cohort-members";
import type { ApiContext } from "./context";
import {
  type ActivityEnvelope,
  activityPager,
  collectOffsetPages,
  collectPages,
  type OffsetEnvelope,
  type OffsetOptions,
  type PageLimits,
  type PageResult,
} from "./paginate";
import type { ActivityEntry, Cohort } from "./types";
import { checkObject, checkOptionalInt, checkText } from "./validate";

/** Filters of the cohort list. */
export interface CohortListOptions extends OffsetOptions {
  /** Name contains (case-insensitive). */
  search?: string;
  type?: "static" | "dynamic";
}

/** Fields of a new cohort (JSON create). */
export interface CohortInput {
  name: string;
  description?: string;
  filters?: Record<string, unknown>;
  is_static?: boolean;
  query?: unknown;
  cohort_type?: string;
  [field: string]: unknown;
}

export function createCohortsApi(ctx: ApiContext) {
  const { requester } = ctx;

  function list(options: CohortListOptions = {}): OffsetEnvelope<Cohort> {
    const query = {
      limit: checkOptionalInt(options.limit, "limit", 1),
      offset: checkOptionalInt(options.offset, "offset", 0),
      search: options.search || undefined,
      type: options.type,
    };
    return requester.send<OffsetEnvelope<Cohort>>({
      method: "GET",
      path: cohortPath(ctx),
      query,
      expect: "results",
    }).data;
  }

  function activity(
    id: number | null,
    options: { page?: number; limit?: number } = {},
  ): ActivityEnvelope<ActivityEntry> {
    const query = {
      page: checkOptionalInt(options.page, "page", 1),
      limit: checkOptionalInt(options.limit, "limit", 1),
    };
    // An unknown cohort's activity is a 404 with an empty body (posthog-api.md §8); errors.ts maps it as not_found.
    const path =
      id === null ? cohortPath(ctx, undefined, "activity") : cohortPath(ctx, id, "activity");
    return requester.send<ActivityEnvelope<ActivityEntry>>({
      method: "GET",
      path,
      query,
      expect: "results",
    }).data;
  }

  return {
    ...createCohortMembersApi(ctx),

    /** One page of cohorts (deleted ones excluded), newest first. */
    list,

    /** Collects cohort pages; `cursor` is the next offset. */
    listAll(
      options: CohortListOptions & PageLimits & { pageSize?: number } = {},
    ): PageResult<Cohort, number> {
      return collectOffsetPages((limit, offset) => list({ ...options, limit, offset }), options);
    },

    /** One cohort (a soft-deleted one too). */
    get(id: number): Cohort {
      return requester.send<Cohort>({ method: "GET", path: cohortPath(ctx, id), expect: "object" })
        .data;
    },

    /** Creates a cohort; dynamic ones compute asynchronously. Not retried after a 5xx or network failure. */
    create(input: CohortInput): Cohort {
      checkObject(input, "input");
      checkText(input.name, "name");
      return requester.send<Cohort>({
        method: "POST",
        path: cohortPath(ctx),
        json: input,
        idempotent: false,
        expect: "object",
      }).data;
    },

    /** Changes some fields (PATCH); a dynamic cohort recalculates. */
    update(id: number, patch: Partial<CohortInput>): Cohort {
      checkObject(patch, "patch");
      return requester.send<Cohort>({
        method: "PATCH",
        path: cohortPath(ctx, id),
        json: patch,
        expect: "object",
      }).data;
    },

    /** Deletes a cohort the only way PostHog allows: PATCH `{"deleted": true}` (DELETE answers 405). */
    softDelete(id: number): Cohort {
      return requester.send<Cohort>({
        method: "PATCH",
        path: cohortPath(ctx, id),
        json: { deleted: true },
        expect: "object",
      }).data;
    },

    /** Makes "<name> (static copy)", filled asynchronously. A GET that writes, so never retried. */
    duplicateAsStatic(id: number): Cohort {
      const path = cohortPath(ctx, id, "duplicate_as_static_cohort");
      return requester.send<Cohort>({ method: "GET", path, idempotent: false, expect: "object" })
        .data;
    },

    /** One page of the activity of one cohort, or of all cohorts when `id` is null. */
    activity,

    /** Collects activity pages; `cursor` is the next page number. */
    allActivity(
      id: number | null,
      options: PageLimits & { page?: number; limit?: number } = {},
    ): PageResult<ActivityEntry, number> {
      const pager = activityPager(
        (page, limit) => activity(id, { page, limit }),
        checkOptionalInt(options.limit, "limit", 1) ?? 10,
      );
      return collectPages(pager, checkOptionalInt(options.page, "page", 1) ?? null, options);
    },
  };
}

/** The cohorts resource. */
export type CohortsApi = ReturnType<typeof createCohortsApi>;

// Cohort membership: listing persons, static additions and removals (≤1,000 UUIDs a call), and CSV uploads.
import type { ApiContext } from "./context";
import { invalidInput, PostHogError } from "./errors";
import { multipartBody } from "./multipart";
import {
  collectOffsetPages,
  type OffsetEnvelope,
  type OffsetOptions,
  type PageLimits,
  type PageResult,
} from "./paginate";
import type { Cohort, CohortPerson } from "./types";
import { projectPath } from "./url";
import { checkOptionalInt, checkPositiveInt, checkText, checkUuid } from "./validate";

/** Most person UUIDs PostHog adds per call (`DEFAULT_COHORT_INSERT_BATCH_SIZE`). */
export const ADD_PERSONS_BATCH = 1000;

/** How adding persons went: every batch sent, or stopped at a failed batch with what is left. */
export type AddPersonsResult =
  | { kind: "done"; added: number; calls: number }
  | { kind: "partial"; added: number; calls: number; error: PostHogError; remaining: string[] };

/** `/api/projects/{id}/cohorts/…`, or `…/cohorts/{cohortId}/…` when a cohort id is given (checked). */
export function cohortPath(ctx: ApiContext, cohortId?: number, ...segments: string[]): string {
  const id = cohortId === undefined ? [] : [checkPositiveInt(cohortId, "id")];
  return projectPath(ctx.connection.projectId, "cohorts", ...id, ...segments);
}

export function createCohortMembersApi(ctx: ApiContext) {
  const { requester } = ctx;

  function persons(id: number, options: OffsetOptions = {}): OffsetEnvelope<CohortPerson> {
    const query = {
      limit: checkOptionalInt(options.limit, "limit", 1),
      offset: checkOptionalInt(options.offset, "offset", 0),
    };
    return requester.send<OffsetEnvelope<CohortPerson>>({
      method: "GET",
      path: cohortPath(ctx, id, "persons"),
      query,
      expect: "results",
    }).data;
  }

  function csvBody(csv: string, name: string | undefined) {
    if (typeof csv !== "string" || csv.trim() === "")
      throw invalidInput("The CSV is empty.", "csv");
    const fields = name === undefined ? [] : [{ name: "name", value: checkText(name, "name") }];
    fields.push({ name: "is_static", value: "true" });
    return multipartBody(
      [...fields, { name: "csv", value: csv, filename: "cohort.csv", contentType: "text/csv" }],
      ctx.newId(),
    );
  }

  return {
    /** One page of a cohort's persons (no total count). Needs cohort:read and person:read. */
    persons,

    /** Collects a cohort's persons; `cursor` is the next offset. */
    allPersons(
      id: number,
      options: PageLimits & { pageSize?: number; offset?: number } = {},
    ): PageResult<CohortPerson, number> {
      return collectOffsetPages((limit, offset) => persons(id, { limit, offset }), options);
    },

    /** Adds persons (UUIDs) to a static cohort, at most 1,000 per call; duplicates are sent once. */
    addPersons(id: number, personIds: readonly string[]): AddPersonsResult {
      if (!Array.isArray(personIds) || personIds.length === 0)
        throw invalidInput("Give at least one person UUID.", "personIds");
      personIds.forEach((uuid, i) => {
        checkUuid(uuid, `personIds[${i}]`);
      });
      const unique = [...new Set(personIds.map((uuid) => uuid.toLowerCase()))];
      const path = cohortPath(ctx, id, "add_persons_to_static_cohort");
      let added = 0;
      let calls = 0;
      for (let start = 0; start < unique.length; start += ADD_PERSONS_BATCH) {
        const batch = unique.slice(start, start + ADD_PERSONS_BATCH);
        try {
          requester.send({ method: "PATCH", path, json: { person_ids: batch }, expect: "object" });
        } catch (error) {
          if (!(error instanceof PostHogError)) throw error;
          return { kind: "partial", added, calls, error, remaining: unique.slice(start) };
        }
        added += batch.length;
        calls++;
      }
      return { kind: "done", added, calls };
    },

    /** Removes one person from a static cohort: idempotent for a non-member, `not_found` for a person PostHog does not know. */
    removePerson(id: number, personId: string): void {
      const json = { person_id: checkUuid(personId, "personId") };
      requester.send({
        method: "PATCH",
        path: cohortPath(ctx, id, "remove_person_from_static_cohort"),
        json,
      });
    },

    /** Creates a static cohort from a CSV (distinct_ids, or a person_id / email column); processed asynchronously. */
    createStaticFromCsv(input: { name: string; csv: string }): Cohort {
      const raw = csvBody(input.csv, checkText(input.name, "name"));
      return requester.send<Cohort>({
        method: "POST",
        path: cohortPath(ctx),
        raw,
        idempotent: false,
        expect: "object",
      }).data;
    },

    /** Appends a CSV's persons to an existing static cohort. Not retried: a repeat would upload twice. */
    appendCsv(id: number, csv: string): Cohort {
      const raw = csvBody(csv, undefined);
      return requester.send<Cohort>({
        method: "PATCH",
        path: cohortPath(ctx, id),
        raw,
        idempotent: false,
        expect: "object",
      }).data;
    },
  };
}

// Persons: which people PostHog holds for given distinct ids, UUIDs or e-mails (posthog/api/person.py). Needs person:read.
import type { ApiContext } from "./context";
import type { CohortPerson } from "./types";
import { projectPath } from "./url";

/** person.py's batch lookups answer at most 200 ids a call and drop the rest silently. */
export const PERSON_BATCH = 200;

/** A selected value and the person PostHog matched it to. */
export type PersonMatches = Map<string, CohortPerson>;

export function createPersonsApi(ctx: ApiContext) {
  const { requester } = ctx;
  const path = (...tail: string[]) => projectPath(ctx.connection.projectId, "persons", ...tail);

  /** POSTs the ids 200 at a time to a batch lookup; a read, so safe to retry. */
  function batch(action: string, field: string, ids: readonly string[]): PersonMatches {
    const found: PersonMatches = new Map();
    for (let start = 0; start < ids.length; start += PERSON_BATCH) {
      const part = ids.slice(start, start + PERSON_BATCH);
      const { results } = requester.send<{ results: Record<string, CohortPerson> }>({
        method: "POST",
        path: path(action),
        json: { [field]: part },
        idempotent: true,
        expect: "object",
      }).data;
      for (const [id, person] of Object.entries(results ?? {})) found.set(id, person);
    }
    return found;
  }

  return {
    /** The persons holding these distinct ids (`batch_by_distinct_ids`), keyed by distinct id. */
    byDistinctIds: (ids: readonly string[]): PersonMatches =>
      batch("batch_by_distinct_ids", "distinct_ids", ids),

    /** The persons with these UUIDs (`batch_by_uuids`), keyed by UUID as PostHog writes it (lower case). */
    byUuids: (uuids: readonly string[]): PersonMatches =>
      batch(
        "batch_by_uuids",
        "uuids",
        uuids.map((u) => u.toLowerCase()),
      ),

    /** The persons whose `email` property is exactly this (`persons/?email=`): one request per e-mail. */
    byEmail(email: string): CohortPerson[] {
      return requester.send<{ results: CohortPerson[] }>({
        method: "GET",
        path: path(),
        query: { email, limit: 100 },
        expect: "results",
      }).data.results;
    },
  };
}

/** The persons resource. */
export type PersonsApi = ReturnType<typeof createPersonsApi>;

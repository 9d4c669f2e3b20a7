// Which selected values PostHog matches to people: batch lookups for distinct ids and UUIDs, one per e-mail.
import type { PersonsApi } from "../../api/persons";
import type { IdKind } from "../../shared/manage-rpc";

/** E-mails are looked up one request each (PostHog has no batch lookup by e-mail), so at most this many. */
export const MAX_EMAILS_CHECKED = 100;

export interface SelectionMatch {
  /** Values that matched a person. */
  matched: number;
  /** The matched people's UUIDs, each once (two values may be the same person). */
  uuids: string[];
  /** Values that matched nobody, in selection order. */
  unmatched: string[];
}

type Lookup = Pick<PersonsApi, "byDistinctIds" | "byUuids" | "byEmail">;

/** Looks the values up in PostHog; `ids` must already be capped for e-mails (see MAX_EMAILS_CHECKED). */
export function matchSelection(
  persons: Lookup,
  kind: IdKind,
  ids: readonly string[],
): SelectionMatch {
  // Each value → the people it matched (an e-mail may belong to several, as PostHog's CSV upload adds them all).
  const uuidsOf = new Map<string, string[]>();
  if (kind === "email") {
    for (const email of ids) {
      const found = persons.byEmail(email);
      if (found.length)
        uuidsOf.set(
          email,
          found.map((p) => p.uuid),
        );
    }
  } else if (kind === "distinct_id") {
    for (const [id, p] of persons.byDistinctIds(ids)) uuidsOf.set(id, [p.uuid]);
  } else {
    const found = persons.byUuids(ids);
    for (const id of ids) {
      const p = found.get(id.toLowerCase());
      if (p) uuidsOf.set(id, [p.uuid]);
    }
  }
  const unmatched = ids.filter((id) => !uuidsOf.has(id));
  return {
    matched: ids.length - unmatched.length,
    uuids: [...new Set([...uuidsOf.values()].flat())],
    unmatched,
  };
}

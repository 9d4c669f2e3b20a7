// Reads who sent events as members of which accounts: a few HogQL queries over `events`, split when an answer is full.
import type { PostHogClient } from "../../api";
import { badResponse } from "../../api/errors";
import type { HogQLRequest, HogQLResponse } from "../../api/query";
import {
  accountsOfCohortQuery,
  type MemberRow,
  membersOfAccountsQuery,
  parseMemberRow,
} from "../../api/query-events";
import { MAX_QUERY_ROWS, splitKeys } from "../../api/query-sql";

/** Keys per query: a short list keeps each query small and its answer well under PostHog's 50,000 rows. */
export const KEYS_PER_QUERY = 1_000;

export interface MemberRead {
  rows: MemberRow[];
  /** Some rows were cut at PostHog's 50,000-row limit (one account alone had more). */
  truncated: boolean;
}

type Query = Pick<PostHogClient["query"], "run">;

function rowsOf(response: HogQLResponse): MemberRow[] {
  return response.results.map((row) => {
    const parsed = parseMemberRow(row);
    if (!parsed)
      throw badResponse(
        { method: "POST", path: "query/" },
        200,
        "a member row did not match the query",
      );
    return parsed;
  });
}

/**
 * The members of `keys` since `sinceMs`. PostHog clamps an answer at 50,000 rows without saying so, so a full answer
 * is asked again in two halves of its keys; a single account that fills an answer is kept as is, marked truncated.
 */
export function readMembers(
  query: Query,
  groupTypeIndex: number,
  keys: readonly string[],
  sinceMs: number,
  /** The most rows PostHog answers a query (it clamps LIMIT silently). */
  maxRows = MAX_QUERY_ROWS,
): MemberRead {
  const full = (response: HogQLResponse) => response.results.length >= maxRows;
  const queue = splitKeys(keys).flatMap((chunk) => {
    const parts: string[][] = [];
    for (let i = 0; i < chunk.length; i += KEYS_PER_QUERY)
      parts.push(chunk.slice(i, i + KEYS_PER_QUERY));
    return parts;
  });
  const rows: MemberRow[] = [];
  let truncated = false;
  for (let chunk = queue.shift(); chunk; chunk = queue.shift()) {
    const response = query.run(membersOfAccountsQuery(groupTypeIndex, chunk, sinceMs));
    if (full(response) && chunk.length > 1) {
      const half = Math.ceil(chunk.length / 2);
      queue.unshift(chunk.slice(0, half), chunk.slice(half));
      continue;
    }
    truncated ||= full(response);
    rows.push(...rowsOf(response));
  }
  return { rows, truncated };
}

/** One account of a cohort's members: how many members sent events as it, how many events, the latest. */
export interface AccountOfCohort {
  account: string;
  members: number;
  events: number;
  lastActive: string;
}

/** The accounts of type N the cohort's members sent events as since `sinceMs`, in key order. */
export function readAccountsOfCohort(
  query: Query,
  groupTypeIndex: number,
  cohortId: number,
  sinceMs: number,
): { accounts: AccountOfCohort[]; people: number; truncated: boolean } {
  const request: HogQLRequest = accountsOfCohortQuery(groupTypeIndex, cohortId, sinceMs);
  const response = query.run(request);
  const byKey = new Map<string, AccountOfCohort>();
  const people = new Set<string>();
  for (const row of rowsOf(response)) {
    // Events that name no group of this type carry "" as its key: they belong to no account.
    if (row.account === "") continue;
    people.add(row.personId);
    const seen = byKey.get(row.account);
    if (!seen) {
      byKey.set(row.account, {
        account: row.account,
        members: 1,
        events: row.events,
        lastActive: row.lastSeen,
      });
      continue;
    }
    seen.members++;
    seen.events += row.events;
    if (row.lastSeen > seen.lastActive) seen.lastActive = row.lastSeen;
  }
  const accounts = [...byKey.values()].sort((a, b) =>
    a.account < b.account ? -1 : a.account > b.account ? 1 : 0,
  );
  return { accounts, people: people.size, truncated: response.results.length >= MAX_QUERY_ROWS };
}

// The HogQL shapes the add-on sends over `events`: persons per account, and accounts per cohort (posthog-query-api.md §14).
import type { HogQLRequest } from "./query";
import { MAX_QUERY_ROWS } from "./query-sql";
import { checkGroupTypeIndex, checkPositiveInt } from "./validate";

/** One person's events as a member of one account within the window. */
export interface MemberRow {
  personId: string;
  account: string;
  events: number;
  /** max(timestamp), as PostHog printed it. */
  lastSeen: string;
  /** One of the person's distinct ids, e-mail and name (people of accounts only; "" when absent). */
  distinctId: string;
  email: unknown;
  name: unknown;
}

/** `$group_N`: the event's key of group type N, "" when the event names no group of that type. */
const groupColumn = (groupTypeIndex: number) => `$group_${checkGroupTypeIndex(groupTypeIndex)}`;

/** "2026-09-03 07:40:00": the UTC form ClickHouse compares with a DateTime column. */
export function utcText(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}

/**
 * The persons who sent events as members of `keys` since `sinceMs`, one row per person and account. The keys go in
 * as one placeholder each (`IN ({k0}, {k1}, …)`), so PostHog escapes them.
 */
export function membersOfAccountsQuery(
  groupTypeIndex: number,
  keys: readonly string[],
  sinceMs: number,
): HogQLRequest {
  const g = groupColumn(groupTypeIndex);
  const values: Record<string, unknown> = { since: utcText(sinceMs) };
  const list = keys.map((key, i) => {
    values[`k${i}`] = key;
    return `{k${i}}`;
  });
  return {
    sql: `SELECT person_id, ${g}, count() AS event_count, max(timestamp) AS last_seen, any(distinct_id) AS any_distinct_id, any(person.properties.email) AS person_email, any(person.properties.name) AS person_name FROM events WHERE ${g} IN (${list.join(", ")}) AND timestamp >= {since} GROUP BY person_id, ${g} ORDER BY ${g} ASC, person_id ASC LIMIT ${MAX_QUERY_ROWS}`,
    values,
    name: "sheets-addon/people-of-accounts",
  };
}

/**
 * The accounts of type N whose events the members of a cohort sent since `sinceMs`, one row per account and person.
 * `IN COHORT` takes a literal id (posthog/hogql/transforms/in_cohort.py), checked to be a whole number here.
 */
export function accountsOfCohortQuery(
  groupTypeIndex: number,
  cohortId: number,
  sinceMs: number,
): HogQLRequest {
  const g = groupColumn(groupTypeIndex);
  const id = checkPositiveInt(cohortId, "cohortId");
  return {
    sql: `SELECT person_id, ${g}, count() AS event_count, max(timestamp) AS last_seen FROM events WHERE person_id IN COHORT ${id} AND timestamp >= {since} GROUP BY ${g}, person_id ORDER BY ${g} ASC, person_id ASC LIMIT ${MAX_QUERY_ROWS}`,
    values: { since: utcText(sinceMs) },
    name: "sheets-addon/accounts-of-cohort",
  };
}

/** Reads a row of either shape; null for a row that does not fit (the caller reports it). */
export function parseMemberRow(row: unknown[]): MemberRow | null {
  const [personId, account, events, lastSeen, distinctId, email, name] = row;
  const count = Number(events);
  if (typeof personId !== "string" || typeof account !== "string" || !Number.isFinite(count))
    return null;
  return {
    personId,
    account,
    events: count,
    lastSeen: String(lastSeen ?? ""),
    distinctId: typeof distinctId === "string" ? distinctId : "",
    email: email ?? "",
    name: name ?? "",
  };
}

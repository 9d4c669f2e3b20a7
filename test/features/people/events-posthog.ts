// A PostHog of persons, cohorts and events for the people use cases: the query API answers the two events shapes.

import { jsonReply } from "../../fakes/memory-client.ts";
import type { FakeCohort } from "../manage/people-posthog.ts";
import { peoplePostHog, uuid } from "../manage/people-posthog.ts";

/** An event: person n sent it as a member of `account` (group type 0) at `at` ("YYYY-MM-DD HH:MM:SS", UTC). */
export interface FakeEvent {
  person: number;
  account: string;
  at: string;
}

/** Group type 0 is "company"/"companies". `rowLimit` stands for PostHog's 50,000-row cap. */
export function eventsPostHog(
  people: number[],
  events: FakeEvent[],
  cohorts: Omit<FakeCohort, "members">[] = [],
  rowLimit = 50_000,
) {
  const queries: Array<{ sql: string; values: Record<string, unknown> }> = [];
  let posthog: ReturnType<typeof peoplePostHog> | undefined;
  const answer = (sql: string, values: Record<string, unknown>) => {
    const since = String(values.since);
    const cohort = /IN COHORT (\d+)/.exec(sql);
    const members = cohort ? posthog?.cohorts.get(Number(cohort[1]))?.members : undefined;
    const keys = Object.entries(values)
      .filter(([k]) => /^k\d+$/.test(k))
      .map(([, v]) => v);
    const chosen = events.filter(
      (e) => e.at >= since && (cohort ? !!members?.has(uuid(e.person)) : keys.includes(e.account)),
    );
    const rows = new Map<string, [string, string, number, string]>();
    for (const e of chosen) {
      const id = `${e.account}\u0000${uuid(e.person)}`;
      const row = rows.get(id) ?? [uuid(e.person), e.account, 0, ""];
      row[2]++;
      if (e.at > row[3]) row[3] = e.at;
      rows.set(id, row);
    }
    const sorted = [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, r]) => r);
    const details = sql.includes("any(person.properties.email)");
    return sorted.slice(0, rowLimit).map(([p, a, n, at]) => {
      const row: unknown[] = [p, a, n, `${at.replace(" ", "T")}Z`];
      const person = posthog?.persons.find((x) => x.uuid === p);
      if (details) row.push(person?.distinct_ids[0] ?? "", person?.properties.email ?? null, null);
      return row;
    });
  };
  posthog = peoplePostHog(people, cohorts, (request, path, body) => {
    if (request.method === "GET" && path === "groups_types/")
      return jsonReply(200, [
        {
          group_type_index: 0,
          group_type: "company",
          name_singular: "company",
          name_plural: "companies",
        },
      ]);
    if (request.method === "POST" && path === "query/") {
      const query = (body.query ?? {}) as { query: string; values: Record<string, unknown> };
      queries.push({ sql: query.query, values: query.values });
      return jsonReply(200, { results: answer(query.query, query.values) });
    }
    return null;
  });
  return { ...posthog, queries };
}

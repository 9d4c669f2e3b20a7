// Members of accounts through the real bundle against the local PostHog: people of accounts, a cohort of them, and
// the accounts of a cohort, each checked against a direct query of the local PostHog's events.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedValues, setSelection, sheetValues } from "../../runtime/spreadsheet/index.ts";
import { DOC, startWorld, type World } from "../../scripts/local-world.ts";
import { peopleHeader } from "../../src/features/people/people.ts";
import type { PeopleResult } from "../../src/shared/people-rpc.ts";
import { captureMembers, hogql, type Member } from "./member-events.ts";

let world: World;
const member = (n: number, account: string, events: number): Member => ({
  distinctId: `flow-person-${n}`,
  email: `flow-${n}@example.com`,
  account,
  events,
});
// Person 4 belongs to two accounts; flow-empty has nobody; person 9 is in an account nobody selects.
const MEMBERS = [
  member(1, "flow-acme", 3),
  member(2, "flow-acme", 1),
  member(3, "flow-globex", 2),
  member(4, "flow-globex", 1),
  member(4, "flow-initech", 2),
  member(5, "flow-initech", 1),
  member(9, "flow-other", 1),
];
const KEYS = ["flow-acme", "flow-globex", "flow-initech"];

beforeAll(async () => {
  world = await startWorld({ groups: 20 });
  world.connect();
  await captureMembers(world.posthog, MEMBERS);
  seedValues(world.runtime.store, DOC, "Sheet1", "A1", [
    ["account"],
    ...KEYS.map((k) => [k]),
    ["flow-empty"],
  ]);
}, 60_000);
afterAll(() => world.close());

/** What the local PostHog's events say: "person|account|count" for the given accounts. */
async function direct(keys: readonly string[]): Promise<string[]> {
  const list = keys.map((k) => `'${k}'`).join(", ");
  const rows = await hogql(
    world.posthog,
    `SELECT person_id, $group_0, count() FROM events WHERE $group_0 IN (${list}) GROUP BY person_id, $group_0`,
  );
  return rows.map((r) => `${r[0]}|${r[1]}|${r[2]}`).sort();
}

const cohortPersons = async (id: number): Promise<string[]> => {
  await world.posthog.control.flush();
  const res = await fetch(`${world.posthog.url}/api/projects/1/cohorts/${id}/persons/?limit=500`, {
    headers: { authorization: `Bearer ${world.posthog.personalApiKey}` },
  });
  const body = (await res.json()) as { results: Array<{ uuid: string }> };
  return body.results.map((p) => p.uuid).sort();
};

describe("members of accounts", () => {
  it("pulls the people of 3 accounts, matching a direct query of the events", async () => {
    setSelection(world.runtime.store, DOC, "Sheet1", "A1:A5");
    const result = world.ok<PeopleResult>("peopleOfAccounts", { groupTypeIndex: 0 });
    expect(result).toMatchObject({ accounts: 4, people: 5, noPeople: ["flow-empty"] });
    expect(result.message).toBe(
      `Pulled 4 accounts, 5 people; no people: flow-empty into “${result.sheetName}”.`,
    );
    const rows = sheetValues(world.runtime.store, DOC, result.sheetName ?? "");
    expect(rows[0]).toEqual(peopleHeader("company"));
    const pulled = rows
      .slice(1)
      .map((r) => `${r[0]}|${r[4]}|${r[6]}`)
      .sort();
    expect(pulled).toEqual(await direct(KEYS));
    const person4 = rows.filter((r) => r[1] === "flow-person-4");
    expect(person4.map((r) => [r[2], r[4]])).toEqual([
      ["flow-4@example.com", "flow-globex"],
      ["flow-4@example.com", "flow-initech"],
    ]);
    expect(person4[0]?.[5]).toBeInstanceOf(Date);
  });

  it("makes a static cohort of exactly the people of 3 accounts, then pulls that cohort's accounts", async () => {
    setSelection(world.runtime.store, DOC, "Sheet1", "A2:A4");
    const made = world.ok<PeopleResult>("cohortFromAccounts", {
      groupTypeIndex: 0,
      name: "Flow: members",
    });
    const expected = [
      ...new Set((await direct(KEYS)).map((r) => r.split("|")[0] as string)),
    ].sort();
    expect(await cohortPersons(made.cohortId ?? 0)).toEqual(expected);
    expect(made.message).toBe(
      "Created “Flow: members” with 3 accounts, 5 people. The cohort now has 5 people.",
    );

    const accounts = world.ok<PeopleResult>("accountsOfCohort", {
      cohortId: made.cohortId,
      groupTypeIndex: 0,
    });
    const rows = sheetValues(world.runtime.store, DOC, accounts.sheetName ?? "");
    expect(rows.map((r) => r.slice(0, 3))).toEqual([
      ["company", "members", "events"],
      ["flow-acme", 2, 4],
      ["flow-globex", 2, 3],
      ["flow-initech", 2, 3],
    ]);
    expect(accounts).toMatchObject({ accounts: 3, people: 5 });
  });
});

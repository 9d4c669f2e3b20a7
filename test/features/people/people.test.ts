// Members of accounts: the people of selected accounts into a sheet or a cohort, and the accounts of a cohort.
import { describe, expect, it } from "vitest";
import { describeAccounts } from "../../../src/features/people/accounts.ts";
import { readMembers } from "../../../src/features/people/members.ts";
import {
  accountsOfCohort,
  cohortFromAccounts,
  type PeopleDeps,
  peopleHeader,
  peopleOfAccounts,
} from "../../../src/features/people/people.ts";
import type { CellValue } from "../../../src/sheets/cells.ts";
import type { ActiveSelection } from "../../../src/sheets/selection.ts";
import { memoryWorkbook } from "../../fakes/memory-workbook.ts";
import { uuid } from "../manage/people-posthog.ts";
import { eventsPostHog, type FakeEvent } from "./events-posthog.ts";

const NOW = Date.UTC(2026, 11, 2, 8, 0, 0);

/** One column of keys under a header, from row 2 of sheet "Accounts". */
function selection(keys: string[], row = 2): ActiveSelection {
  return {
    sheetName: "Accounts",
    range: `A${row}:A${row + keys.length - 1}`,
    row,
    column: 1,
    values: keys.map((k) => [k as CellValue]),
    headers: ["account"],
    readRow: () => [],
  };
}

/** Persons 1–3 in acme, 4 in globex, 5 in both; 6 only long ago in initech; 7 in no account. */
const EVENTS: FakeEvent[] = [
  { person: 1, account: "acme", at: "2026-11-30 10:00:00" },
  { person: 1, account: "acme", at: "2026-12-01 09:00:00" },
  { person: 2, account: "acme", at: "2026-11-20 10:00:00" },
  { person: 3, account: "acme", at: "2026-10-01 10:00:00" },
  { person: 4, account: "globex", at: "2026-11-01 10:00:00" },
  { person: 5, account: "globex", at: "2026-11-02 10:00:00" },
  { person: 5, account: "acme", at: "2026-11-03 10:00:00" },
  { person: 6, account: "initech", at: "2026-01-01 10:00:00" },
  { person: 7, account: "", at: "2026-11-30 10:00:00" },
];

function setup(
  keys: string[] | null,
  options: { people?: number[]; events?: FakeEvent[]; rowLimit?: number } = {},
) {
  const posthog = eventsPostHog(
    options.people ?? [1, 2, 3, 4, 5, 6, 7],
    options.events ?? EVENTS,
    [
      { id: 7, name: "Champions", is_static: true, deleted: false },
      { id: 8, name: "Dynamic", is_static: false, deleted: false },
    ],
    options.rowLimit,
  );
  const workbook = memoryWorkbook({ Accounts: [["account"], ...(keys ?? []).map((k) => [k])] });
  const deps: PeopleDeps = {
    client: posthog.client,
    workbook,
    selection: () => (keys ? selection(keys) : null),
    now: () => NOW,
  };
  return { posthog, workbook, deps };
}

describe("people of these accounts", () => {
  it("pulls each person of the accounts in the window with e-mail, last seen and event count, naming accounts without people", () => {
    const { deps, workbook, posthog } = setup(["acme", "globex", "initech"]);
    const result = peopleOfAccounts(deps, { groupTypeIndex: 0 });
    expect(result).toMatchObject({
      accounts: 3,
      people: 5,
      noPeople: ["initech"],
      sheetName: "People of 3 companies",
      truncated: false,
    });
    expect(result.message).toBe(
      "Pulled 3 accounts, 5 people; no people: initech into “People of 3 companies”.",
    );
    const rows = workbook.sheet("People of 3 companies").values();
    expect(rows[0]).toEqual(peopleHeader("company"));
    expect(rows.slice(1).map((r) => [r[0], r[1], r[2], r[4], r[6]])).toEqual([
      [uuid(1), "d1", "person-1@acme.com", "acme", 2],
      [uuid(2), "d2", "person-2@acme.com", "acme", 1],
      [uuid(3), "d3", "person-3@acme.com", "acme", 1],
      [uuid(5), "d5", "person-5@acme.com", "acme", 1],
      [uuid(4), "d4", "person-4@acme.com", "globex", 1],
      [uuid(5), "d5", "person-5@acme.com", "globex", 1],
    ]);
    expect(rows[1]?.[5]).toEqual(new Date(Date.UTC(2026, 11, 1, 9)));
    // One query for the members with their details, and the group types for the names.
    expect(posthog.sent()).toEqual(["POST query/", "GET groups_types/"]);
    expect(posthog.queries[0]?.sql).toContain("$group_0 IN ({k0}, {k1}, {k2})");
    expect(posthog.queries[0]?.values).toMatchObject({ k0: "acme", since: "2026-09-03 08:00:00" });
  });

  it("looks further back when asked for more days", () => {
    const { deps } = setup(["initech"]);
    expect(peopleOfAccounts(deps, { groupTypeIndex: 0, days: 400 })).toMatchObject({
      people: 1,
      noPeople: [],
    });
  });

  it("asks again in halves when PostHog's answer is full, and says when one account alone fills it", () => {
    const { posthog } = setup(["acme", "globex"], { rowLimit: 4 });
    const read = readMembers(posthog.client.query, 0, ["acme", "globex"], NOW - 90 * 86_400_000, 4);
    expect(posthog.queries.map((q) => Object.keys(q.values).filter((k) => k !== "since"))).toEqual([
      ["k0", "k1"],
      ["k0"],
      ["k0"],
    ]);
    expect(read.rows.map((r) => r.account)).toEqual([
      "acme",
      "acme",
      "acme",
      "acme",
      "globex",
      "globex",
    ]);
    expect(read.truncated).toBe(true);
  });

  it("needs the group type of keys outside a pulled groups sheet, and a selection, before asking PostHog", () => {
    const { deps, posthog } = setup(["acme"]);
    expect(() => peopleOfAccounts(deps, {})).toThrow(/group type/);
    expect(() => peopleOfAccounts(setup(null).deps, { groupTypeIndex: 0 })).toThrow(/Select/);
    expect(() => peopleOfAccounts(deps, { groupTypeIndex: 0, days: 0 })).toThrow(/days/);
    expect(posthog.sent()).toEqual([]);
  });

  it("describes the selection's keys without asking PostHog, skipping blanks and repeats", () => {
    const { deps, posthog } = setup(["acme", "", "acme", " globex "]);
    expect(describeAccounts(deps)).toEqual({
      sheetName: "Accounts",
      range: "A2:A5",
      count: 2,
      sample: ["acme", "globex"],
      groupTypeIndex: null,
    });
    expect(posthog.sent()).toEqual([]);
  });
});

describe("cohort from these accounts", () => {
  it("creates a static cohort of exactly the accounts' people", () => {
    const { deps, posthog } = setup(["acme", "initech"]);
    const result = cohortFromAccounts(deps, { groupTypeIndex: 0, name: "Acme users" });
    const cohort = posthog.cohorts.get(result.cohortId ?? 0);
    expect([...(cohort?.members ?? [])].sort()).toEqual([uuid(1), uuid(2), uuid(3), uuid(5)]);
    expect(result.message).toBe(
      "Created “Acme users” with 2 accounts, 4 people; no people: initech. The cohort now has 4 people.",
    );
  });

  it("sends 2,500 people as the creation's 1,000 and two more calls", () => {
    const people = Array.from({ length: 2500 }, (_, i) => i + 1);
    const events = people.map((person) => ({ person, account: "big", at: "2026-11-30 10:00:00" }));
    const { deps, posthog } = setup(["big"], { people, events });
    const result = cohortFromAccounts(deps, { groupTypeIndex: 0, name: "Big" });
    expect(result.people).toBe(2500);
    expect(posthog.cohorts.get(result.cohortId ?? 0)?.members.size).toBe(2500);
    expect(posthog.sent().filter((s) => s.includes("add_persons_to_static_cohort"))).toHaveLength(
      2,
    );
  });

  it("adds to an existing static cohort, and refuses a dynamic one", () => {
    const { deps, posthog } = setup(["globex"]);
    const result = cohortFromAccounts(deps, { groupTypeIndex: 0, cohortId: 7 });
    expect([...(posthog.cohorts.get(7)?.members ?? [])].sort()).toEqual([uuid(4), uuid(5)]);
    expect(result.message).toBe(
      "Added to “Champions” 1 account, 2 people. The cohort now has 2 people.",
    );
    expect(() => cohortFromAccounts(deps, { groupTypeIndex: 0, cohortId: 8 })).toThrow(/static/);
  });

  it("sends nothing when the accounts had no people", () => {
    const { deps, posthog } = setup(["initech"]);
    expect(() => cohortFromAccounts(deps, { groupTypeIndex: 0, name: "Nobody" })).toThrow(
      /No one sent events as a member of these 1 account/,
    );
    expect(posthog.sent()).toEqual(["POST query/"]);
  });
});

describe("accounts of this cohort", () => {
  it("pulls the accounts the cohort's members sent events as, with members and last activity", () => {
    const { deps, posthog, workbook } = setup(null);
    for (const n of [1, 5, 7]) posthog.cohorts.get(7)?.members.add(uuid(n));
    const result = accountsOfCohort(deps, { cohortId: 7, groupTypeIndex: 0 });
    expect(result).toMatchObject({ accounts: 2, people: 2, sheetName: "Companies of Champions" });
    expect(posthog.queries[0]?.sql).toContain("person_id IN COHORT 7");
    const rows = workbook.sheet("Companies of Champions").values();
    expect(rows.map((r) => r.slice(0, 3))).toEqual([
      ["company", "members", "events"],
      ["acme", 2, 3],
      ["globex", 1, 1],
    ]);
    expect(rows[1]?.[3]).toEqual(new Date(Date.UTC(2026, 11, 1, 9)));
    expect(result.message).toBe(
      "Pulled 2 companies of “Champions” into “Companies of Champions” (2 members active in them).",
    );
  });
});

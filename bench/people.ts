// The cost of "People of these accounts": 100 accounts among 50,000 persons, through the real bundle and the local PostHog.
import { seedValues, setSelection } from "../runtime/spreadsheet/index.ts";
import { DOC, startWorld } from "../scripts/local-world.ts";
import type { PeopleResult } from "../src/shared/people-rpc.ts";
import { captureMembers, type Member } from "../test/flows/member-events.ts";

export interface PeopleRun {
  /** Accounts selected. */
  accounts: number;
  /** Persons in the project who sent events as members of some account. */
  persons: number;
  /** Requests the add-on sent to PostHog. */
  requests: number;
  /** Person-account rows read and written to the sheet. */
  rowsRead: number;
  wallSeconds: number;
}

/** `persons` persons, each a member of one of `companies` companies with 2 events; `accounts` of them selected. */
export async function measurePeople(
  accounts = 100,
  persons = 50_000,
  companies = 2_000,
): Promise<PeopleRun[]> {
  const world = await startWorld({ groups: 1, throttle: false });
  try {
    const key = (i: number) => `bench-co-${String(i).padStart(5, "0")}`;
    const members: Member[] = Array.from({ length: persons }, (_, n) => ({
      distinctId: `bench-person-${n}`,
      email: `bench-${n}@example.com`,
      account: key(n % companies),
      events: 2,
    }));
    await captureMembers(world.posthog, members);
    world.connect();
    const every = Math.floor(companies / accounts);
    const keys = Array.from({ length: accounts }, (_, i) => [key(i * every)]);
    // A column of keys under its header, selected from the top: row 1 is read as the header.
    seedValues(world.runtime.store, DOC, "Sheet1", "A1", [["account"], ...keys]);
    setSelection(world.runtime.store, DOC, "Sheet1", `A1:A${accounts + 1}`);
    world.runtime.resetCounts();
    const started = performance.now();
    const result = world.ok<PeopleResult>("peopleOfAccounts", { groupTypeIndex: 0 });
    const wallSeconds = (performance.now() - started) / 1000;
    const rows = members.filter((m) => keys.some(([k]) => k === m.account)).length;
    if (result.people !== rows)
      throw new Error(`people of ${accounts} accounts gave ${result.people} people, not ${rows}`);
    return [
      {
        accounts,
        persons,
        requests: world.runtime.counts()["UrlFetchApp.requests"] ?? 0,
        rowsRead: result.people,
        wallSeconds,
      },
    ];
  } finally {
    await world.close();
  }
}

// Members of accounts: the people of selected accounts into a sheet or a static cohort, and the accounts of a cohort.
import type { PostHogClient } from "../../api";
import type { MemberRow } from "../../api/query-events";
import { utcText } from "../../api/query-events";
import type { GroupType } from "../../api/types";
import { DAY_MS } from "../../shared/day";
import { UserFacingError } from "../../shared/failures";
import type { PeopleResult } from "../../shared/people-rpc";
import { argsOf } from "../../shared/respond";
import { countOf } from "../../shared/wording";
import { cohortName, createWithPersons, membersNow, staticCohort } from "../manage/cohorts";
import { cohortView, int } from "../manage/views";
import { daysOf, type SelectionDeps, selectedAccounts } from "./accounts";
import { readAccountsOfCohort, readMembers } from "./members";
import { writeResultSheet } from "./result-sheet";

export interface PeopleDeps extends SelectionDeps {
  client: PostHogClient;
  /** Milliseconds since the epoch: the window ends now. */
  now: () => number;
}

/** Accounts without people named in a message; the rest are counted. */
const NAMED = 20;

/** The type's singular and plural names, for headers and messages ("company", "companies"). */
function typeNames(client: PostHogClient, index: number): { one: string; many: string } {
  const type = client.groupTypes.list().find((t: GroupType) => t.group_type_index === index);
  const one = type?.name_singular || type?.group_type || `group type ${index}`;
  return { one, many: type?.name_plural || `${one}s` };
}

/** The selected accounts' members in the window, and the accounts that had none. */
function members(deps: PeopleDeps, input: unknown) {
  const { keys, groupTypeIndex, where } = selectedAccounts(deps, input);
  const days = daysOf(argsOf(input).days);
  const read = readMembers(deps.client.query, groupTypeIndex, keys, deps.now() - days * DAY_MS);
  const withPeople = new Set(read.rows.map((r) => r.account));
  const noPeople = keys.filter((k) => !withPeople.has(k));
  const people = [...new Set(read.rows.map((r) => r.personId))];
  return { keys, groupTypeIndex, where, days, read, noPeople, people };
}

/** "3 accounts, 17 people; no people: acme-old": what went in, naming the accounts without people. */
function summary(accounts: number, people: number, noPeople: readonly string[]): string {
  const named = noPeople.slice(0, NAMED).join(", ");
  const more = noPeople.length > NAMED ? ` and ${noPeople.length - NAMED} more` : "";
  const none = noPeople.length ? `; no people: ${named}${more}` : "";
  return `${countOf(accounts, "account")}, ${countOf(people, "person", "people")}${none}`;
}

const CUT =
  " PostHog answers at most 50,000 rows a query and one account alone had more: its rows were cut.";

/** The people sheet's header; the account column is named for the group type ("company"). */
export const peopleHeader = (account: string): string[] => [
  "person_id",
  "distinct_id",
  "email",
  "name",
  account,
  "last_seen",
  "events",
];

/** Pulls into a new sheet the persons who sent events as members of the selected accounts. */
export function peopleOfAccounts(deps: PeopleDeps, input: unknown): PeopleResult {
  const m = members(deps, input);
  const names = typeNames(deps.client, m.groupTypeIndex);
  const rows = m.read.rows.map((r: MemberRow) => [
    r.personId,
    r.distinctId,
    r.email,
    r.name,
    r.account,
    r.lastSeen,
    r.events,
  ]);
  const title = `People of ${countOf(m.keys.length, names.one, names.many)}`;
  const note = `People who sent events as members of ${countOf(m.keys.length, names.one, names.many)} (${m.where}) in the ${m.days} days to ${utcText(deps.now())} UTC. A result sheet: refresh and push leave it alone; run “People of these accounts” again for newer data.`;
  const sheetName = writeResultSheet(deps.workbook, title, peopleHeader(names.one), rows, note);
  const counts = summary(m.keys.length, m.people.length, m.noPeople);
  return {
    accounts: m.keys.length,
    people: m.people.length,
    noPeople: m.noPeople.slice(0, NAMED),
    sheetName,
    truncated: m.read.truncated,
    message: `Pulled ${counts} into “${sheetName}”.${m.read.truncated ? CUT : ""}`,
  };
}

/** A new static cohort (`name`) of the selected accounts' people, or those people added to a static one (`cohortId`). */
export function cohortFromAccounts(deps: PeopleDeps, input: unknown): PeopleResult {
  const args = argsOf(input);
  const toExisting = args.cohortId !== undefined && args.cohortId !== null && args.cohortId !== "";
  // The form's own fields are checked before PostHog is asked anything.
  const name = toExisting ? "" : cohortName(args.name);
  const m = members(deps, input);
  if (m.people.length === 0)
    throw new UserFacingError(
      "no_people",
      `No one sent events as a member of these ${countOf(m.keys.length, "account")} (${m.where}) in the last ${countOf(m.days, "day")}. Nothing was sent.`,
      "selection",
    );
  const api = deps.client.cohorts;
  const cohort = toExisting
    ? staticCohort(api, args.cohortId)
    : createWithPersons(api, name, m.people);
  if (toExisting) {
    const result = api.addPersons(cohort.id, m.people);
    if (result.kind === "partial") throw result.error;
  }
  const size = membersNow(api, cohort.id);
  const { name: shown } = cohortView(cohort);
  const done = toExisting ? `Added to “${shown}”` : `Created “${shown}” with`;
  return {
    accounts: m.keys.length,
    people: m.people.length,
    noPeople: m.noPeople.slice(0, NAMED),
    cohortId: cohort.id,
    truncated: m.read.truncated,
    message: `${done} ${summary(m.keys.length, m.people.length, m.noPeople)}. The cohort now has ${countOf(size, "person", "people")}.${m.read.truncated ? CUT : ""}`,
  };
}

/** Pulls into a new sheet the accounts a cohort's members sent events as: members in each, events, last active. */
export function accountsOfCohort(deps: PeopleDeps, input: unknown): PeopleResult {
  const args = argsOf(input);
  const cohortId = int(args.cohortId, "cohortId", "cohort");
  const groupTypeIndex = int(args.groupTypeIndex, "groupTypeIndex", "group type");
  const days = daysOf(args.days);
  const cohort = deps.client.cohorts.get(cohortId);
  const names = typeNames(deps.client, groupTypeIndex);
  const read = readAccountsOfCohort(
    deps.client.query,
    groupTypeIndex,
    cohort.id,
    deps.now() - days * DAY_MS,
  );
  const { name } = cohortView(cohort);
  const rows = read.accounts.map((a) => [a.account, a.members, a.events, a.lastActive]);
  const people = read.people;
  const sheetName = writeResultSheet(
    deps.workbook,
    `${names.many.charAt(0).toUpperCase()}${names.many.slice(1)} of ${name}`,
    [names.one, "members", "events", "last_active"],
    rows,
    `The ${names.many} whose events members of the cohort “${name}” sent in the ${days} days to ${utcText(deps.now())} UTC. A result sheet: refresh and push leave it alone; run “Accounts of this cohort” again for newer data.`,
  );
  const cut = read.truncated ? " PostHog answers at most 50,000 rows a query: some were cut." : "";
  return {
    accounts: read.accounts.length,
    people,
    noPeople: [],
    sheetName,
    cohortId: cohort.id,
    truncated: read.truncated,
    message: `Pulled ${countOf(read.accounts.length, names.one, names.many)} of “${name}” into “${sheetName}” (${countOf(people, "member")} active in them).${cut}`,
  };
}

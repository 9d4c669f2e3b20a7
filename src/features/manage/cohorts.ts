// Static cohorts from the selected cells: create, add, remove, duplicate, delete. The selected values are matched to
// people in PostHog before anything is sent; a partial match asks first.
import type { PostHogClient } from "../../api";
import { ADD_PERSONS_BATCH } from "../../api/cohort-members";
import { isPostHogError } from "../../api/posthog-error";
import type { Cohort } from "../../api/types";
import { UserFacingError } from "../../shared/failures";
import type { CohortChange, CohortConfirm, IdKind, SelectionView } from "../../shared/manage-rpc";
import { argsOf } from "../../shared/respond";
import type { CohortView } from "../../shared/rpc";
import { countOf } from "../../shared/wording";
import type { ActiveSelection } from "../../sheets/selection";
import { idsFromCells } from "./selection-ids";
import { MAX_EMAILS_CHECKED, matchSelection } from "./selection-match";
import { cohortView, int } from "./views";

/** What the cohort forms work with: the project's client and the person's selection (null when there is none). */
export interface CohortDeps {
  client: PostHogClient;
  selection: () => ActiveSelection | null;
}

/** PostHog's validation of a cohort's `csv` or `person_ids` points at the selection in the form. */
export const COHORT_FIELDS = { csv: "selection", person_ids: "selection" };

function selection(deps: CohortDeps): ActiveSelection {
  const found = deps.selection();
  if (!found)
    throw new UserFacingError(
      "no_selection",
      "Select the cells with the persons first.",
      "selection",
    );
  return found;
}

function selectedIds(sel: ActiveSelection): { kind: IdKind; ids: string[] } {
  if ((sel.values[0]?.length ?? 0) > 1)
    throw new UserFacingError(
      "invalid_selection",
      `Select one column (the selection ${sel.range} has ${countOf(sel.values[0]?.length ?? 0, "column")}).`,
      "selection",
    );
  const header = sel.row > 1 ? sel.headers[sel.column - 1] : undefined;
  const { kind, ids } = idsFromCells(sel.values, header);
  if (!kind)
    throw new UserFacingError(
      "empty_selection",
      `The selected cells (${sel.sheetName}!${sel.range}) are empty. Select the persons' emails, distinct ids or person ids.`,
      "selection",
    );
  if (ids.length > 10_000)
    throw new UserFacingError(
      "invalid_selection",
      "Select at most 10,000 persons at once.",
      "selection",
    );
  return { kind, ids };
}

/** The kind of id, singular then plural. */
const KIND_LABEL: Record<IdKind, [string, string]> = {
  person_id: ["person id", "person ids"],
  email: ["email", "emails"],
  distinct_id: ["distinct id", "distinct ids"],
};
const idCount = (n: number, kind: IdKind) => countOf(n, ...KIND_LABEL[kind]);

/** What the selection holds, for the form's summary line: never fails, an empty selection is described as such. */
export function describeSelection(deps: CohortDeps): SelectionView {
  const sel = deps.selection();
  if (!sel) return { sheetName: "", range: "", kind: null, count: 0, sample: [] };
  const width = sel.values[0]?.length ?? 0;
  const { kind, ids } =
    width === 1
      ? idsFromCells(sel.values, sel.row > 1 ? sel.headers[sel.column - 1] : undefined)
      : { kind: null, ids: [] };
  return {
    sheetName: sel.sheetName,
    range: sel.range,
    kind,
    count: ids.length,
    sample: ids.slice(0, 3),
  };
}

/** The static cohort a form names, or why persons cannot be added to it. */
export function staticCohort(api: PostHogClient["cohorts"], cohortId: unknown): Cohort {
  const id = int(cohortId, "cohortId", "cohort");
  const cohort = api.get(id);
  if (cohort.deleted)
    throw new UserFacingError("not_found", "This cohort was deleted.", "cohortId");
  if (!cohort.is_static)
    throw new UserFacingError(
      "not_static",
      "Persons can be added to or removed from static cohorts only. Duplicate this cohort as static first.",
      "cohortId",
    );
  return cohort;
}

/** The selection's values PostHog matched to people, or why nothing may be sent. */
interface Checked {
  kind: IdKind;
  ids: string[];
  uuids: string[];
  matched: number;
  unmatched: string[];
}

const firstFew = (values: string[]) =>
  `${values.slice(0, 3).join(", ")}${values.length > 3 ? ", …" : ""}`;

/**
 * Looks the selected values up in PostHog before anything is sent: refuses when none match (names instead of
 * e-mails, say), and when only some match returns a question unless `confirm` is the number of matched people.
 */
function checkSelection(
  api: PostHogClient,
  sel: ActiveSelection,
  confirm: unknown,
  action: string,
): Checked | CohortConfirm {
  const { kind, ids } = selectedIds(sel);
  if (kind === "email" && ids.length > MAX_EMAILS_CHECKED)
    throw new UserFacingError(
      "invalid_selection",
      `Select at most ${MAX_EMAILS_CHECKED} emails at once: PostHog checks each email separately (the selection has ${ids.length.toLocaleString("en-US")}).`,
      "selection",
    );
  const found = matchSelection(api.persons, kind, ids);
  const where = `${sel.sheetName}!${sel.range}`;
  if (found.matched === 0)
    throw new UserFacingError(
      "no_match",
      `None of the ${idCount(ids.length, kind)} in ${where} matched a person in PostHog (${firstFew(ids)}). Nothing was sent. Select people's emails, distinct ids or person ids.`,
      "selection",
    );
  const people = found.uuids.length;
  if (found.unmatched.length > 0 && Number(confirm) !== people)
    return {
      needsConfirm: true,
      kind,
      count: ids.length,
      matched: found.matched,
      people,
      unmatched: found.unmatched.slice(0, 5),
      message: `PostHog matched ${found.matched} of the ${idCount(ids.length, kind)} in ${where} to ${countOf(people, "person", "people")}; ${found.unmatched.length} matched nobody (${firstFew(found.unmatched)}). ${action} only the ${countOf(people, "matched person", "matched people")}?`,
    };
  return { kind, ids, uuids: found.uuids, matched: found.matched, unmatched: found.unmatched };
}

/** How many members the cohort has now, as PostHog lists them (up to 10,000). */
export function membersNow(api: PostHogClient["cohorts"], cohortId: number): number {
  return api.allPersons(cohortId, { maxPages: 100 }).items.length;
}

function changeOf(cohort: Cohort, checked: Checked, size: number, done: string): CohortChange {
  const { kind, ids, uuids, matched, unmatched } = checked;
  const skipped = unmatched.length
    ? ` ${countOf(unmatched.length, KIND_LABEL[kind][0], KIND_LABEL[kind][1])} matched nobody and ${unmatched.length === 1 ? "was" : "were"} left out (${firstFew(unmatched)}).`
    : "";
  return {
    cohort: { ...cohortView(cohort), count: size },
    kind,
    count: ids.length,
    notFound: 0,
    matched,
    people: uuids.length,
    unmatched: unmatched.slice(0, 5),
    size,
    message: `${done} ${countOf(uuids.length, "person", "people")} matched from ${idCount(ids.length, kind)}.${skipped} The cohort now has ${countOf(size, "person", "people")}.`,
  };
}

/**
 * A new static cohort holding exactly these persons: they go in by UUID (a CSV would be matched again later), the
 * first 1,000 with the creation and the rest 1,000 a call, paced by the client.
 */
export function createWithPersons(
  api: PostHogClient["cohorts"],
  name: string,
  uuids: readonly string[],
): Cohort {
  const cohort = api.create({
    name,
    is_static: true,
    _create_static_person_ids: uuids.slice(0, ADD_PERSONS_BATCH),
  });
  const rest = uuids.slice(ADD_PERSONS_BATCH);
  if (rest.length) {
    const result = api.addPersons(cohort.id, rest);
    if (result.kind === "partial") throw result.error;
  }
  return cohort;
}

/** A new cohort's name from a form: trimmed, not empty, at most 400 characters. */
export function cohortName(value: unknown): string {
  const name = String(value ?? "").trim();
  if (!name) throw new UserFacingError("invalid_input", "Enter a name for the cohort.", "name");
  if (name.length > 400)
    throw new UserFacingError("invalid_input", "The name is longer than 400 characters.", "name");
  return name;
}

/** A new static cohort of the matched people (or the question, when only some of the selection matched). */
export function createStaticCohort(deps: CohortDeps, input: unknown): CohortChange | CohortConfirm {
  const args = argsOf(input);
  const name = cohortName(args.name);
  const api = deps.client;
  const checked = checkSelection(api, selection(deps), args.confirm, "Create the cohort with");
  if ("needsConfirm" in checked) return checked;
  const cohort = createWithPersons(api.cohorts, name, checked.uuids);
  const size = membersNow(api.cohorts, cohort.id);
  return changeOf(cohort, checked, size, `Created “${cohortView(cohort).name}” with the`);
}

/** Adds the matched people to a static cohort (or asks, when only some of the selection matched). */
export function addSelectionToCohort(
  deps: CohortDeps,
  input: unknown,
): CohortChange | CohortConfirm {
  const args = argsOf(input);
  const api = deps.client;
  const cohort = staticCohort(api.cohorts, args.cohortId);
  const checked = checkSelection(api, selection(deps), args.confirm, "Add");
  if ("needsConfirm" in checked) return checked;
  const result = api.cohorts.addPersons(cohort.id, checked.uuids);
  if (result.kind === "partial") throw result.error;
  const size = membersNow(api.cohorts, cohort.id);
  return changeOf(cohort, checked, size, `Added to “${cohortView(cohort).name}” the`);
}

/** Removes the selected people who are members of a static cohort, and says which were not. */
export function removeSelectionFromCohort(deps: CohortDeps, input: unknown): CohortChange {
  const api = deps.client.cohorts;
  const cohort = staticCohort(api, argsOf(input).cohortId);
  const { kind, ids } = selectedIds(selection(deps));
  // PostHog's removal is idempotent (posthog/api/cohort.py: 200 for a person who is not a member, 404 only
  // for a person it does not know), so membership is read first: the report says which were not in it.
  const members = api.allPersons(cohort.id, { maxPages: 100 });
  const byId = new Map<string, string>();
  for (const p of members.items) {
    byId.set(p.uuid.toLowerCase(), p.uuid);
    if (kind === "email" && typeof p.properties?.email === "string")
      byId.set(p.properties.email, p.uuid);
    if (kind === "distinct_id") for (const d of p.distinct_ids ?? []) byId.set(d, p.uuid);
  }
  const keyOf = (id: string) => (kind === "person_id" ? id.toLowerCase() : id);
  // A listing cut short cannot prove a person UUID is not a member: those are sent anyway.
  const uuids = ids.flatMap((id) => {
    const uuid = byId.get(keyOf(id));
    return uuid ? [uuid] : kind === "person_id" && members.partial ? [id.toLowerCase()] : [];
  });
  const notFound = ids.length - uuids.length;
  let removed = 0;
  let unknown = 0;
  for (const uuid of [...new Set(uuids)]) {
    try {
      api.removePerson(cohort.id, uuid);
      removed++;
    } catch (error) {
      if (isPostHogError(error) && error.code === "not_found") unknown++;
      else throw error;
    }
  }
  const notIn = notFound ? ` ${notFound} ${notFound === 1 ? "was" : "were"} not in it.` : "";
  const strangers = unknown
    ? ` ${unknown} ${unknown === 1 ? "is not a person" : "are not persons"} of this project.`
    : "";
  return {
    cohort: cohortView(cohort),
    kind,
    count: removed,
    notFound,
    unknown,
    message: `Removed ${removed} of ${idCount(ids.length, kind)} from “${cohortView(cohort).name}”.${notIn}${strangers}`,
  };
}

/** A static copy of a dynamic cohort. */
export function duplicateCohort(deps: CohortDeps, input: unknown): CohortView {
  const api = deps.client.cohorts;
  const id = int(argsOf(input).cohortId, "cohortId", "cohort");
  const cohort = api.get(id);
  if (cohort.is_static)
    throw new UserFacingError(
      "already_static",
      "This cohort is already static: pick a dynamic cohort to copy.",
      "cohortId",
    );
  return cohortView(api.duplicateAsStatic(id));
}

/** Deletes a cohort once its name is typed; PostHog's refusal (the cohort is in use) is said in its words. */
export function deleteCohort(deps: CohortDeps, input: unknown): null {
  const args = argsOf(input);
  const api = deps.client.cohorts;
  const cohort = api.get(int(args.cohortId, "cohortId", "cohort"));
  const name = cohort.name ?? `Cohort ${cohort.id}`;
  if (String(args.confirmName ?? "").trim() !== name)
    throw new UserFacingError(
      "confirm_mismatch",
      `Type the cohort's name, ${name}, to delete it.`,
      "confirmName",
    );
  try {
    api.softDelete(cohort.id);
  } catch (error) {
    // posthog/api/cohort.py refuses to delete a cohort that flags, insights or other cohorts use: say why.
    if (isPostHogError(error) && error.code === "validation")
      throw new UserFacingError(
        "cohort_in_use",
        `PostHog kept “${name}”: ${error.detail ?? error.message}`,
      );
    throw error;
  }
  return null;
}

// Accounts and people: the people of the selected accounts into a sheet or a static cohort, and a cohort's accounts.
import type { PeopleResult } from "../../shared/people-rpc";
import type { CohortView, RpcResult } from "../../shared/rpc";
import { countOf } from "../../shared/wording";
import { el, option, replaceChildren } from "./dom";
import { gate } from "./feature-gate";
import { labelled } from "./field";
import { createFormErrors } from "./form-errors";
import { actions, button, loadGroupTypes, selectionBlock, statusLine } from "./manage-kit";
import { server } from "./server";

export function createPeopleForm() {
  const errors = createFormErrors();
  const status = statusLine();
  const selectionText = el(
    "p",
    { class: "note", tabindex: -1 },
    "Select the account keys in the sheet (row 1 is read as the header).",
  );
  const groupType = el("select", {});
  const days = el("input", {
    type: "number",
    min: "1",
    max: "3650",
    value: "90",
    inputmode: "numeric",
  });
  const target = el("select", {});
  const name = el("input", { type: "text", autocomplete: "off" });
  const source = el("select", {});
  errors.field("selection", selectionText);
  errors.field("groupTypeIndex", groupType);
  errors.field("days", days);
  errors.field("name", name);
  // "cohortId" names the cohort select of the action that failed.
  let cohortControl: HTMLElement = target;
  errors.field("cohortId", () => cohortControl);

  async function checkSelection(): Promise<void> {
    const result = await server.describeAccounts();
    if (!result.ok) return errors.show(result);
    const s = result.value;
    const where = s.range ? `${s.sheetName}!${s.range}` : "";
    selectionText.textContent =
      s.count === 0
        ? `Selection${where ? ` ${where}` : ""}: no account keys. Select one column of keys, or rows of a pulled groups sheet.`
        : `Selection ${where}: ${countOf(s.count, "account")} (${s.sample.join(", ")}${s.count > s.sample.length ? ", …" : ""}).`;
    // A pulled groups sheet says its own type: the form shows it.
    if (s.groupTypeIndex !== null) groupType.value = String(s.groupTypeIndex);
  }

  async function load(): Promise<void> {
    const types = await loadGroupTypes(groupType);
    if (!Array.isArray(types)) return errors.show(types);
    const cohorts = await server.listCohorts();
    if (!cohorts.ok) return errors.show(cohorts);
    const statics = cohorts.value.filter((c: CohortView) => c.isStatic);
    replaceChildren(
      target,
      option("", "A new cohort"),
      ...statics.map((c) => option(String(c.id), c.name)),
    );
    if (cohorts.value.length === 0) replaceChildren(source, option("", "None yet"));
    else replaceChildren(source, ...cohorts.value.map((c) => option(String(c.id), c.name)));
    name.disabled = target.value !== "" || cohort.disabled;
    await checkSelection();
  }
  target.addEventListener("change", () => {
    name.disabled = target.value !== "" || cohort.disabled;
  });

  const windowArgs = () => ({ groupTypeIndex: Number(groupType.value), days: Number(days.value) });
  const run = async (work: () => Promise<RpcResult<PeopleResult>>): Promise<void> => {
    errors.clear();
    status.say("");
    const result = await work();
    if (!result.ok) return errors.show(result);
    status.say(result.value.message);
  };
  const people = button(
    "People of these accounts",
    () => void run(() => server.peopleOfAccounts(windowArgs())),
  );
  const cohort = button("Cohort from these accounts", () => {
    cohortControl = target;
    void run(() =>
      server.cohortFromAccounts(
        target.value === ""
          ? { ...windowArgs(), name: name.value }
          : { ...windowArgs(), cohortId: Number(target.value) },
      ),
    );
  });
  const accounts = button("Accounts of this cohort", () => {
    cohortControl = source;
    if (source.value === "")
      return errors.show({ message: "Choose a cohort first.", field: "cohortId" });
    void run(() => server.accountsOfCohort({ ...windowArgs(), cohortId: Number(source.value) }));
  });
  const cohortNote = gate("cohort_from_accounts", cohort, name);

  const element = el(
    "div",
    {},
    errors.top,
    selectionBlock("Selected accounts", selectionText, checkSelection),
    labelled("Group type of the keys", groupType, "A pulled groups sheet sets it."),
    labelled("Days of events", days, "People who sent events as members in this window."),
    actions(people),
    el("h3", {}, "Cohort of their people"),
    labelled("Cohort to fill", target),
    labelled("New cohort's name", name),
    actions(cohort),
    ...(cohortNote ? [cohortNote] : []),
    el("h3", {}, "Accounts of a cohort"),
    labelled("Cohort to read", source),
    actions(accounts),
    status.element,
  );
  return { element, load };
}

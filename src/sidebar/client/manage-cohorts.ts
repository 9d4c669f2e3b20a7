// Cohorts: the list, a static cohort from the selected cells, add/remove the selection, duplicate, pull members, delete.
import type { CohortChange, CohortConfirm } from "../../shared/manage-rpc";
import type { CohortView, RpcResult } from "../../shared/rpc";
import { countOf } from "../../shared/wording";
import { el, formatCount, option, replaceChildren, uid } from "./dom";
import { labelled } from "./field";
import { createFormErrors } from "./form-errors";
import { actions, button, onSubmit, selectionBlock, statusLine } from "./manage-kit";
import { server } from "./server";

const KIND = {
  person_id: ["person id", "person ids"],
  email: ["email", "emails"],
  distinct_id: ["distinct id", "distinct ids"],
} as const;

function label(c: CohortView): string {
  const size = c.count === null ? "" : `, ${formatCount(c.count)}`;
  return `${c.name} (${c.isStatic ? "static" : "dynamic"}${size})`;
}

export function createCohortsForm() {
  const errors = createFormErrors();
  const createErrors = createFormErrors();
  const deleteErrors = createFormErrors();
  const status = statusLine();
  // When PostHog matched only some selected values: what did not match, and a second button to go on anyway.
  const confirmText = el("p", { class: "note", role: "alert" });
  const confirmButton = el("button", { type: "button", class: "action" }, "");
  const confirmBox = el("div", { class: "form-group" }, confirmText, actions(confirmButton));
  confirmBox.hidden = true;
  let confirmed: (() => Promise<void>) | null = null;
  confirmButton.addEventListener("click", () => {
    const go = confirmed;
    if (go) void go();
  });
  const hideConfirm = () => {
    confirmBox.hidden = true;
    confirmed = null;
  };
  /** Shows PostHog's partial match and what the second click will send; false when nothing needs asking. */
  const asked = (
    value: CohortChange | CohortConfirm,
    label: string,
    again: (people: number) => Promise<void>,
  ): value is CohortConfirm => {
    if (!("needsConfirm" in value)) return false;
    confirmText.textContent = value.message;
    confirmButton.textContent = `${label} ${countOf(value.people, "matched person", "matched people")}`;
    confirmed = () => again(value.people);
    confirmBox.hidden = false;
    confirmButton.focus();
    return true;
  };
  const createId = uid("cohort-create");
  const cohort = el("select", {});
  const selectionText = el(
    "p",
    { class: "note", tabindex: -1 },
    "Select the persons' cells in the sheet.",
  );
  const name = el("input", { type: "text", autocomplete: "off" });
  const confirmName = el("input", { type: "text", autocomplete: "off", spellcheck: "false" });
  let cohorts: CohortView[] = [];

  errors.field("cohortId", cohort);
  errors.field("selection", selectionText);
  createErrors.field("name", name);
  createErrors.field("selection", selectionText);
  deleteErrors.field("confirmName", confirmName);

  const chosen = () => cohorts.find((c) => String(c.id) === cohort.value) ?? null;
  const clearAll = () => {
    hideConfirm();
    errors.clear();
    createErrors.clear();
    deleteErrors.clear();
  };

  async function load(): Promise<void> {
    const result = await server.listCohorts();
    if (!result.ok) return errors.show(result);
    cohorts = result.value;
    const keep = cohort.value;
    if (cohorts.length === 0) replaceChildren(cohort, option("", "None yet"));
    else replaceChildren(cohort, ...cohorts.map((c) => option(String(c.id), label(c))));
    if (cohorts.some((c) => String(c.id) === keep)) cohort.value = keep;
    await checkSelection();
  }

  async function checkSelection(): Promise<void> {
    const result = await server.describeSelection();
    if (!result.ok) return errors.show(result);
    const s = result.value;
    selectionText.textContent =
      s.kind === null
        ? `Selection${s.range ? ` ${s.sheetName}!${s.range}` : ""}: no persons found. Select one column of emails, distinct ids or person ids.`
        : `Selection ${s.sheetName}!${s.range}: ${countOf(s.count, KIND[s.kind][0], KIND[s.kind][1])} (${s.sample.join(", ")}${s.count > s.sample.length ? ", …" : ""}).`;
  }

  const run = async (
    work: () => Promise<
      { ok: true; message: string; keep?: boolean } | { ok: false; message: string; field?: string }
    >,
  ) => {
    clearAll();
    const result = await work();
    if (!result.ok) return errors.show(result);
    if (result.keep) return;
    await load();
    status.say(result.message);
  };
  const target = () => {
    const c = chosen();
    if (!c) errors.show({ message: "Choose a cohort first.", field: "cohortId" });
    return c;
  };

  const addTo = (cohortId: number, confirm?: number): Promise<void> =>
    run(async () => {
      const r = await server.addSelectionToCohort({
        cohortId,
        ...(confirm === undefined ? {} : { confirm }),
      });
      if (!r.ok) return r;
      if (asked(r.value, "Add the", (people) => addTo(cohortId, people)))
        return { ok: true, message: "", keep: true };
      return { ok: true, message: r.value.message };
    });
  const add = () => {
    const c = target();
    if (c) void addTo(c.id);
  };
  const removeSelected = () =>
    void run(async () => {
      const c = target();
      if (!c) return { ok: true, message: "" };
      const r = await server.removeSelectionFromCohort({ cohortId: c.id });
      return r.ok ? { ok: true, message: r.value.message } : r;
    });
  const duplicate = () =>
    void run(async () => {
      const c = target();
      if (!c) return { ok: true, message: "" };
      const r = await server.duplicateCohort({ cohortId: c.id });
      if (!r.ok) return r;
      cohort.value = String(r.value.id);
      return {
        ok: true,
        message: `Created “${r.value.name}”; PostHog fills it in the background.`,
      };
    });

  // A cohort's members go to a sheet of their own through the pull machinery (chunked, resumable).
  const pullMembers = () =>
    void run(async () => {
      const c = target();
      if (!c) return { ok: true, message: "" };
      let r = await server.startPull({ entity: "cohort_members", cohortId: c.id });
      while (r.ok && r.value.status === "running")
        r = await server.continuePull({ jobId: r.value.jobId });
      if (!r.ok) return r;
      return {
        ok: true,
        message: `Pulled ${countOf(r.value.rows, "member")} into “${r.value.sheetName}”.`,
      };
    });

  const create = async (confirm?: number): Promise<void> => {
    clearAll();
    const result: RpcResult<CohortChange | CohortConfirm> = await server.createStaticCohort({
      name: name.value,
      ...(confirm === undefined ? {} : { confirm }),
    });
    if (!result.ok) return createErrors.show(result);
    if (asked(result.value, "Create with the", create)) return;
    name.value = "";
    // The list is reloaded and the new cohort chosen before the person is told it is done.
    await load();
    cohort.value = String(result.value.cohort.id);
    status.say(result.value.message);
  };

  const remove = async () => {
    clearAll();
    const c = chosen();
    if (!c) return errors.show({ message: "Choose a cohort first.", field: "cohortId" });
    if (confirmName.value.trim() !== c.name)
      return deleteErrors.show({
        message: `Type “${c.name}” exactly to delete it.`,
        field: "confirmName",
      });
    const result = await server.deleteCohort({ cohortId: c.id, confirmName: confirmName.value });
    if (!result.ok) return deleteErrors.show(result);
    confirmName.value = "";
    status.say(`Deleted “${c.name}”.`);
    await load();
  };

  const createForm = el(
    "form",
    { novalidate: true, "aria-labelledby": createId },
    el("h3", { id: createId }, "New static cohort from the selection"),
    createErrors.top,
    labelled("Cohort name", name),
    actions(el("button", { type: "submit", class: "action" }, "Create cohort")),
  );
  onSubmit(createForm, () => create());
  const deleteForm = el(
    "form",
    { novalidate: true, "aria-label": "Delete cohort" },
    deleteErrors.top,
    labelled(
      "Type the cohort's name to delete it",
      confirmName,
      "PostHog keeps deleted cohorts out of every list.",
    ),
    actions(el("button", { type: "submit", class: "danger" }, "Delete cohort")),
  );
  onSubmit(deleteForm, remove);

  const element = el(
    "div",
    {},
    errors.top,
    selectionBlock("Selected cells", selectionText, checkSelection),
    createForm,
    el("h3", {}, "Existing cohort"),
    labelled("Cohort", cohort),
    actions(button("Add selection", add), button("Remove selection", removeSelected)),
    actions(button("Duplicate as static", duplicate), button("Pull members", pullMembers)),
    confirmBox,
    status.element,
    deleteForm,
  );
  return { element, load };
}

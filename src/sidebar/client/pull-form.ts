// The pull form: what to pull and its inputs (group type, search, columns, cohort, group key), Pull and Refresh.
import type { CohortView, GroupTypeView, RpcFailure } from "../../shared/rpc";
import { createColumnPicker } from "./column-picker";
import { el, formatCount, option, replaceChildren, uid } from "./dom";
import { access, gate } from "./feature-gate";
import { labelled } from "./field";
import { createFormErrors } from "./form-errors";
import { buildRequest, PULL_KINDS, pullKind } from "./pull-kinds";
import type { ProgressPanel } from "./pull-progress";
import { drivePull } from "./pull-runner";
import { createRefreshAction } from "./refresh-action";
import { server } from "./server";

export interface PullForm {
  element: HTMLElement;
  /** Loads the group types (the default "Groups" pull needs them). */
  init(): Promise<void>;
  /** Shows a failure at the form's top (or by its field). */
  showError(failure: Pick<RpcFailure, "message" | "field">): void;
}

function isFailure(value: unknown): value is RpcFailure {
  return !!value && typeof value === "object" && (value as RpcFailure).ok === false;
}

function groupTypeLabel(t: GroupTypeView): string {
  return t.name_plural || t.group_type;
}

function cohortLabel(c: CohortView): string {
  const size = c.count === null ? "" : ` (${formatCount(c.count)})`;
  return `${c.name}${size}${c.isStatic ? ", static" : ""}`;
}

export function renderPullForm(panel: ProgressPanel): PullForm {
  const errors = createFormErrors();
  const titleId = uid("pull-form-title");
  const what = el("select", {}, ...PULL_KINDS.map((k) => option(k.entity, k.label)));
  const groupType = el("select", {});
  // PostHog's search: text in any property, or the whole key (docs/groups-search.md).
  const search = el("input", {
    type: "search",
    autocomplete: "off",
    placeholder: "Text in any property, or a full key",
  });
  const cohort = el("select", {});
  const groupKey = el("input", { type: "text", autocomplete: "off", spellcheck: "false" });
  const columns = createColumnPicker((message) => errors.show({ message, field: "columns" }));
  // Usage metrics as columns: value, previous window, change % and a trend (needs query:read).
  const metrics = el("input", { type: "checkbox", id: uid("metric-columns") });
  let groupTypes: GroupTypeView[] | null = null;
  let cohorts: CohortView[] | null = null;

  const rows = {
    groupType: labelled("Group type", groupType),
    search: labelled("Search (optional)", search),
    columns: el("div", { class: "form-group" }, columns.element),
    metrics: el(
      "div",
      { class: "check" },
      metrics,
      el("label", { for: metrics.id }, "Add usage metrics as columns"),
    ),
    cohort: labelled("Cohort", cohort),
    groupKey: labelled("Group key", groupKey),
  };
  errors.field("groupTypeIndex", groupType);
  errors.field("search", search);
  errors.field("columns", columns.control, columns.element);
  errors.field("cohortId", cohort);
  errors.field("groupKey", groupKey);

  const fill = <T>(
    select: HTMLSelectElement,
    items: T[],
    value: (t: T) => string,
    label: (t: T) => string,
  ) => replaceChildren(select, ...items.map((item) => option(value(item), label(item))));

  /** Loads a list once; a failed load shows its error and is tried again next time. */
  const once = <T>(load: () => Promise<T | RpcFailure>) => {
    let pending: Promise<boolean> | null = null;
    return (): Promise<boolean> => {
      pending ??= load().then((value) => {
        if (!isFailure(value)) return true;
        pending = null;
        errors.show(value);
        return false;
      });
      return pending;
    };
  };
  const ensureGroupTypes = once(async () => {
    const result = await server.listGroupTypes();
    if (!result.ok) return result;
    groupTypes = result.value;
    if (groupTypes.length === 0) replaceChildren(groupType, option("", "None yet"));
    else fill(groupType, groupTypes, (t) => String(t.group_type_index), groupTypeLabel);
    columns.setGroupType(groupTypes[0]?.group_type_index ?? null);
    return null;
  });
  const ensureCohorts = once(async () => {
    const result = await server.listCohorts();
    if (!result.ok) return result;
    cohorts = result.value;
    if (cohorts.length === 0) replaceChildren(cohort, option("", "None yet"));
    else fill(cohort, cohorts, (c) => String(c.id), cohortLabel);
    return null;
  });

  const pullButton = el("button", { type: "submit", class: "action" }, "Pull");
  const scopeBox = el("div");
  const showInputs = () => {
    const kind = pullKind(what.value);
    // A kind the key's scopes do not allow is shown, but its Pull button is off and says which scope to add.
    pullButton.disabled = false;
    const note = gate(kind.feature, pullButton);
    replaceChildren(scopeBox, ...(note ? [note] : []));
    rows.groupType.hidden = !kind.groupType;
    rows.search.hidden = !kind.search;
    rows.columns.hidden = !kind.columns;
    rows.metrics.hidden = !kind.columns;
    rows.cohort.hidden = !kind.cohort;
    rows.groupKey.hidden = !kind.groupKey;
    errors.clear();
    if (note) return;
    if (kind.cohort) void ensureCohorts();
    if (kind.groupType) void ensureGroupTypes();
  };
  what.addEventListener("change", showInputs);
  groupType.addEventListener("change", () => columns.setGroupType(Number(groupType.value)));

  /** Checks the inputs the kind needs; returns a failure for the first missing one. */
  const check = async (): Promise<Pick<RpcFailure, "message" | "field"> | null | false> => {
    const kind = pullKind(what.value);
    if (kind.groupType && !(await ensureGroupTypes())) return false;
    if (kind.groupType && !groupTypes?.length)
      return { message: "This project has no group types yet.", field: "groupTypeIndex" };
    if (kind.cohort && !(await ensureCohorts())) return false;
    if (kind.cohort && !cohorts?.length)
      return { message: "This project has no cohorts yet.", field: "cohortId" };
    if (kind.groupKey && !groupKey.value.trim())
      return { message: "Enter the group's key.", field: "groupKey" };
    if (kind.columns && columns.selected()?.length === 0)
      return { message: "Pick at least one column.", field: "columns" };
    return null;
  };

  const pull = async () => {
    errors.clear();
    const problem = await check();
    if (problem === false) return;
    if (problem) return errors.show(problem);
    const request = buildRequest(pullKind(what.value), {
      groupTypeIndex: Number(groupType.value),
      search: search.value.trim(),
      columns: columns.selected(),
      metrics: pullKind(what.value).columns === true && metrics.checked,
      cohortId: Number(cohort.value),
      groupKey: groupKey.value.trim(),
    });
    const failure = await drivePull(panel, () => server.startPull(request));
    if (failure) errors.show(failure);
  };
  const refresh = createRefreshAction(panel, errors);

  const form = el(
    "form",
    { class: "block", novalidate: true, "aria-labelledby": titleId },
    el("h2", { id: titleId }, "Pull data"),
    errors.top,
    labelled("What", what),
    rows.groupType,
    rows.search,
    rows.columns,
    rows.metrics,
    rows.cohort,
    rows.groupKey,
    scopeBox,
    el("div", { class: "form-actions" }, pullButton, refresh.button),
    refresh.confirm,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void pull();
  });
  showInputs();
  return {
    element: form,
    init: async () => {
      if (access("pull_groups").allowed) await ensureGroupTypes();
    },
    showError: (failure) => errors.show(failure),
  };
}

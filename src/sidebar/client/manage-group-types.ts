// Group types: where to rename them (only PostHog's own interface can), and delete after typing the type's name.

import { groupTypesSettingsUrl } from "../../shared/posthog-links";
import type { GroupTypeView } from "../../shared/rpc";
import { el, uid } from "./dom";
import { connectedTo } from "./feature-gate";
import { labelled } from "./field";
import { createFormErrors } from "./form-errors";
import { actions, isFailure, loadGroupTypes, onSubmit, statusLine } from "./manage-kit";
import { server } from "./server";

export function createGroupTypesForm() {
  const errors = createFormErrors();
  const deleteErrors = createFormErrors();
  const status = statusLine();
  const renameId = uid("rename-title");
  const deleteId = uid("delete-type-title");
  const groupType = el("select", {});
  const confirmName = el("input", { type: "text", autocomplete: "off", spellcheck: "false" });
  const confirmLabel = el("span", {}, "Type the name to confirm");
  let types: GroupTypeView[] = [];

  errors.field("groupTypeIndex", groupType);
  deleteErrors.field("confirmName", confirmName);

  const current = () => types.find((t) => String(t.group_type_index) === groupType.value) ?? null;
  const fill = () => {
    const type = current();
    confirmName.value = "";
    confirmLabel.textContent = type
      ? `Type “${type.group_type}” to confirm`
      : "Type the name to confirm";
    errors.clear();
    deleteErrors.clear();
  };
  groupType.addEventListener("change", fill);

  async function load(): Promise<void> {
    const result = await loadGroupTypes(groupType);
    if (isFailure(result)) return errors.show(result);
    types = result;
    fill();
  }

  const remove = async () => {
    deleteErrors.clear();
    const type = current();
    if (!type) return;
    if (confirmName.value.trim() !== type.group_type)
      return deleteErrors.show({
        message: `Type “${type.group_type}” exactly to delete it.`,
        field: "confirmName",
      });
    const result = await server.deleteGroupType({
      groupTypeIndex: type.group_type_index,
      confirmName: confirmName.value,
    });
    if (!result.ok) return deleteErrors.show(result);
    groupType.value = "";
    await load();
    status.say(`Deleted the group type “${type.group_type}”.`);
  };

  // PostHog refuses update_metadata to every personal API key (posthog/permissions.py: the action declares no
  // scopes), so renaming is left to PostHog's own settings page.
  const { host, projectId } = connectedTo();
  const settingsLink = el(
    "a",
    {
      href: groupTypesSettingsUrl(host, projectId ?? 0),
      target: "_blank",
      rel: "noopener noreferrer",
    },
    "group analytics settings",
  );
  const renameNote = el(
    "div",
    { "aria-labelledby": renameId },
    el("h3", { id: renameId }, "Rename"),
    el(
      "p",
      { class: "note rename-note" },
      "PostHog lets you rename group types only in its own interface, not through an API key. Rename them in the project's ",
      settingsLink,
      " in PostHog, then pull the group types again.",
    ),
  );
  const confirmField = labelled("", confirmName);
  confirmField.querySelector("label")?.append(confirmLabel);
  const deleteForm = el(
    "form",
    { novalidate: true, "aria-labelledby": deleteId },
    el("h3", { id: deleteId }, "Delete"),
    el(
      "p",
      { class: "gray note" },
      "Deleting removes the type from PostHog's lists of group types. Its data stays in your events, and the type comes back (as new) if events use it again.",
    ),
    deleteErrors.top,
    confirmField,
    actions(el("button", { type: "submit", class: "danger" }, "Delete group type")),
  );
  onSubmit(deleteForm, remove);

  const element = el(
    "div",
    {},
    errors.top,
    renameNote,
    labelled("Group type", groupType),
    status.element,
    deleteForm,
  );
  return { element, load };
}

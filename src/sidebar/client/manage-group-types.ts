// Group types: rename (singular and plural) and delete after typing the type's name.
import type { GroupTypeView } from "../../shared/rpc";
import { el, uid } from "./dom";
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
  const singular = el("input", { type: "text", autocomplete: "off" });
  const plural = el("input", { type: "text", autocomplete: "off" });
  const confirmName = el("input", { type: "text", autocomplete: "off", spellcheck: "false" });
  const confirmLabel = el("span", {}, "Type the name to confirm");
  let types: GroupTypeView[] = [];

  errors.field("groupTypeIndex", groupType);
  errors.field("name_singular", singular);
  errors.field("name_plural", plural);
  deleteErrors.field("confirmName", confirmName);

  const current = () => types.find((t) => String(t.group_type_index) === groupType.value) ?? null;
  const fill = () => {
    const type = current();
    singular.value = type?.name_singular ?? "";
    plural.value = type?.name_plural ?? "";
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

  const rename = async () => {
    errors.clear();
    const result = await server.renameGroupType({
      groupTypeIndex: Number(groupType.value),
      name_singular: singular.value,
      name_plural: plural.value,
    });
    if (!result.ok) return errors.show(result);
    const type = result.value.find((t) => String(t.group_type_index) === groupType.value);
    await load();
    status.say(`Renamed to “${type?.name_singular}” / “${type?.name_plural}”.`);
  };

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

  const renameForm = el(
    "form",
    { novalidate: true, "aria-labelledby": renameId },
    el("h3", { id: renameId }, "Rename"),
    labelled("Singular name", singular),
    labelled("Plural name", plural),
    actions(el("button", { type: "submit", class: "action" }, "Rename")),
  );
  onSubmit(renameForm, rename);
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
    labelled("Group type", groupType),
    renameForm,
    status.element,
    deleteForm,
  );
  return { element, load };
}

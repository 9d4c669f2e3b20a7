// The project picker shown after connecting (or to change project): a select and "Use this project".
import type { ConnectionView, ProjectView } from "../../shared/rpc";
import { el, option, uid } from "./dom";
import { labelled } from "./field";
import { createFormErrors } from "./form-errors";
import { server } from "./server";

export interface ProjectPickerOptions {
  projects: ProjectView[];
  currentId: number | null;
  onSelected(connection: ConnectionView): void;
  /** Shows a Cancel button (changing project while one is already chosen). */
  onCancel?: () => void;
}

/** The project's own name and id; the one this spreadsheet uses says so. */
function projectLabel(project: ProjectView, currentId: number | null): string {
  const label = `${project.name} (project ${project.id})`;
  return project.id === currentId ? `${label}, used by this spreadsheet` : label;
}

export function renderProjectPicker(options: ProjectPickerOptions): HTMLFormElement {
  const errors = createFormErrors();
  const titleId = uid("project-title");
  const select = el(
    "select",
    {},
    ...options.projects.map((p) =>
      option(String(p.id), projectLabel(p, options.currentId), p.id === options.currentId),
    ),
  );
  errors.field("projectId", select);
  const empty = options.projects.length === 0;
  const form = el(
    "form",
    { class: "block", novalidate: true, "aria-labelledby": titleId },
    el("h2", { id: titleId }, "Choose a project"),
    errors.top,
    empty
      ? el(
          "p",
          { class: "error", role: "alert" },
          "This key can't see any project. Check its scopes.",
        )
      : labelled("Project", select),
    el(
      "div",
      { class: "form-actions" },
      empty ? null : el("button", { type: "submit", class: "action" }, "Use this project"),
      options.onCancel
        ? el("button", { type: "button", class: "secondary", onclick: options.onCancel }, "Cancel")
        : null,
    ),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errors.clear();
    const result = await server.selectProject({ projectId: Number(select.value) });
    if (!result.ok) return errors.show(result);
    options.onSelected(result.value);
  });
  return form;
}

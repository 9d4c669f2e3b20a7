// A labelled form row: `<label for>` tied to its control, with an optional note the control is described by.
import { el, uid } from "./dom";

/** Wraps `control` in a `.form-group` with a label (and a gray note); gives the control an id if it has none. */
export function labelled(
  label: string,
  control: HTMLElement,
  note?: Node | string,
): HTMLDivElement {
  if (!control.id) control.id = uid("field");
  const row = el("div", { class: "form-group" }, el("label", { for: control.id }, label), control);
  if (note !== undefined) {
    const noteId = `${control.id}-note`;
    row.append(el("p", { class: "gray note", id: noteId }, note));
    control.setAttribute("aria-describedby", noteId);
  }
  return row;
}

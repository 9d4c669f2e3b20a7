// Small pieces the "Manage" forms share: a status line, a failure check, group type options, a labelled button row.
import type { GroupTypeView, RpcFailure } from "../../shared/rpc";
import { el, option, replaceChildren } from "./dom";
import { server } from "./server";

export function isFailure(value: unknown): value is RpcFailure {
  return !!value && typeof value === "object" && (value as RpcFailure).ok === false;
}

/** A polite live region for what an action did (text only). */
export function statusLine(): { element: HTMLParagraphElement; say(text: string): void } {
  const element = el("p", { class: "gray note", role: "status" });
  return {
    element,
    say: (text) => {
      element.textContent = text;
    },
  };
}

/** Fills `select` with the project's group types; returns them, or the failure. */
export async function loadGroupTypes(
  select: HTMLSelectElement,
): Promise<GroupTypeView[] | RpcFailure> {
  const result = await server.listGroupTypes();
  if (!result.ok) return result;
  const keep = select.value;
  if (result.value.length === 0) replaceChildren(select, option("", "None yet"));
  else
    replaceChildren(
      select,
      ...result.value.map((t) =>
        option(String(t.group_type_index), `${t.name_plural} (${t.group_type})`),
      ),
    );
  if (result.value.some((t) => String(t.group_type_index) === keep)) select.value = keep;
  return result.value;
}

/** "Selected …": what the selection holds and a button to read it again. */
export const selectionBlock = (title: string, text: HTMLElement, check: () => Promise<void>) =>
  el(
    "div",
    { class: "form-group" },
    el("h3", {}, title),
    text,
    button("Check selection", () => void check()),
  );

export const actions = (...buttons: HTMLElement[]) =>
  el("div", { class: "form-actions" }, ...buttons);

export const button = (label: string, onclick: () => void, kind = "secondary") =>
  el("button", { type: "button", class: kind, onclick }, label);

/** Sends `onSubmit` (Enter in a field, or the submit button) without the browser's own submission. */
export function onSubmit(form: HTMLFormElement, handler: () => Promise<unknown>): HTMLFormElement {
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    void handler();
  });
  return form;
}

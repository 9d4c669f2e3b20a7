// "Refresh this sheet": re-pulls the active sheet; over unpushed edits it asks in the page before discarding them.

import { el, replaceChildren } from "./dom";
import type { FormErrors } from "./form-errors";
import type { ProgressPanel } from "./pull-progress";
import { drivePull } from "./pull-runner";
import { server } from "./server";

export interface RefreshAction {
  button: HTMLButtonElement;
  /** The "discard edits?" step; place it below the button. */
  confirm: HTMLElement;
}

export function createRefreshAction(panel: ProgressPanel, errors: FormErrors): RefreshAction {
  const confirm = el("div", { class: "confirm", hidden: true });
  const button = el("button", { type: "button", class: "secondary" }, "Refresh this sheet");

  const refresh = async (discardEdits: boolean) => {
    errors.clear();
    confirm.hidden = true;
    const failure = await drivePull(panel, () =>
      discardEdits ? server.refreshActiveSheet({ discardEdits }) : server.refreshActiveSheet(),
    );
    if (failure?.code === "unpushed_edits" && !discardEdits) offerDiscard(failure.message);
    else if (failure) errors.show(failure);
  };

  const offerDiscard = (message: string) => {
    const text = el("p", { class: "error", role: "alert", tabindex: -1 }, message);
    const discard = el(
      "button",
      { type: "button", class: "danger", onclick: () => void refresh(true) },
      "Discard edits and refresh",
    );
    const keep = el("button", { type: "button", class: "secondary" }, "Keep my edits");
    keep.addEventListener("click", () => {
      confirm.hidden = true;
      button.focus();
    });
    replaceChildren(confirm, text, el("div", { class: "form-actions" }, discard, keep));
    confirm.hidden = false;
    text.focus();
  };

  button.addEventListener("click", () => void refresh(false));
  return { button, confirm };
}

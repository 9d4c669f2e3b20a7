// "Formulas": the owner's switch for PostHog formulas in this spreadsheet, with what it means for every editor.
import type { RpcResult } from "../../shared/rpc";
import type { ServerFunctions } from "../../shared/server-functions";
import { countOf } from "../../shared/wording";
import { el, replaceChildren, uid } from "./dom";
import { access, gate } from "./feature-gate";
import { createFormErrors } from "./form-errors";
import { server } from "./server";

type FormulaSettings = Extract<
  ReturnType<ServerFunctions["setFormulasEnabled"]>,
  { ok: true }
>["value"];

export interface FormulaPanel {
  element: HTMLElement;
  load(): Promise<void>;
}

export function createFormulaPanel(): FormulaPanel {
  const errors = createFormErrors();
  const titleId = uid("formulas-title");
  const box = el("input", { type: "checkbox", id: uid("formulas"), disabled: true });
  const warningId = uid("formulas-warning");
  const ownerId = uid("formulas-owner");
  const warning = el(
    "p",
    { class: "note warning", id: warningId },
    "When on, every editor's ",
    el("code", {}, "=POSTHOG_…"),
    " formulas in this spreadsheet spend the owner's PostHog key and see the owner's PostHog data.",
  );
  const owner = el("p", { class: "gray note", id: ownerId, hidden: true });
  const state = el("p", { class: "gray note", role: "status" });
  box.setAttribute("aria-describedby", `${warningId} ${ownerId}`);
  errors.field("enabled", box);

  const show = (settings: FormulaSettings) => {
    box.checked = settings.enabled;
    box.disabled = !settings.isOwner || !access("formulas").allowed;
    owner.hidden = settings.isOwner && settings.ownerConfirmed;
    owner.textContent = !settings.isOwner
      ? "Only the spreadsheet's owner can switch this: formulas run with the owner's key, whoever edits the cell."
      : "The add-on could not confirm that you own this spreadsheet: the switch takes effect only if you do.";
    const recomputed =
      settings.recomputed === undefined
        ? ""
        : settings.recomputed === 0
          ? "No PostHog formula in this spreadsheet needed recomputing. "
          : `${countOf(settings.recomputed, "PostHog formula cell", "PostHog formula cells")} recomputed with formulas on. `;
    if (settings.enabled)
      replaceChildren(
        state,
        recomputed,
        "PostHog formulas are on. Pass ",
        el("code", {}, settings.refreshCell),
        " as a formula's last argument so “Refresh PostHog formulas” reaches it.",
      );
    else replaceChildren(state, "PostHog formulas are off in this spreadsheet.");
  };

  const apply = (result: RpcResult<FormulaSettings>): void => {
    if (result.ok) show(result.value);
    else errors.show(result);
  };

  box.addEventListener("change", async () => {
    errors.clear();
    const wanted = box.checked;
    const result = await server.setFormulasEnabled({ enabled: wanted });
    if (!result.ok) box.checked = !wanted;
    apply(result);
  });

  const element = el(
    "section",
    { class: "block", "aria-labelledby": titleId },
    el("h2", { id: titleId }, "Formulas"),
    errors.top,
    el(
      "div",
      { class: "form-group" },
      el(
        "div",
        { class: "check" },
        box,
        el("label", { for: box.id }, "Allow PostHog formulas in this spreadsheet"),
      ),
      warning,
      owner,
      gate("formulas", box),
    ),
    state,
  );

  return {
    element,
    load: async () => {
      errors.clear();
      apply(await server.getFormulaSettings());
    },
  };
}

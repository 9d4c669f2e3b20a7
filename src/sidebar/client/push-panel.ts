// "Push edits": preview what the active sheet would send (or what undoing the last push would), then push it with
// progress and a summary of conflicts and failures. Nothing is sent without a preview.
import type { PushPreview } from "../../shared/push-rpc";
import type { RpcFailure } from "../../shared/rpc";
import { el, option, replaceChildren, uid } from "./dom";
import { gate } from "./feature-gate";
import { labelled } from "./field";
import { createFormErrors } from "./form-errors";
import { createPushPendingView } from "./push-pending-view";
import { changeCount, plural, renderPreview } from "./push-preview-view";
import { createPushProgressView } from "./push-progress-view";
import { drivePush } from "./push-runner";
import { server } from "./server";

export interface PushPanel {
  element: HTMLElement;
  /** Continues (or shows) the document's unfinished push, if any: the sidebar was closed mid-push. */
  resume(): Promise<void>;
  /** Shows the preview of the sheet's edits, or of undoing the last push (the menu item the person chose). */
  begin(intent: "preview" | "undo"): Promise<void>;
}

/** Refusals after which the shown preview can no longer be pushed. */
const STALE = new Set(["changed_since_preview", "no_preview", "nothing_to_push"]);

/** A checkbox with its label beside it (and an optional note it is described by). */
function checkRow(input: HTMLInputElement, label: string, note?: string): HTMLElement {
  if (!input.id) input.id = uid("check");
  const row = el(
    "div",
    { class: "form-group" },
    el("div", { class: "check" }, input, el("label", { for: input.id }, label)),
  );
  if (note) {
    const noteId = `${input.id}-note`;
    row.append(el("p", { class: "gray note", id: noteId }, note));
    input.setAttribute("aria-describedby", noteId);
  }
  return row;
}

export function createPushPanel(): PushPanel {
  const errors = createFormErrors();
  const titleId = uid("push-title");
  const includeRemovals = el("input", { type: "checkbox" });
  const previewButton = el("button", { type: "button", class: "action" }, "Preview changes");
  const undoButton = el("button", { type: "button", class: "secondary" }, "Undo last push");
  const previewBody = el("div");
  const overwrite = el("input", { type: "checkbox" });
  const mode = el(
    "select",
    {},
    option("rest", "REST (default)"),
    option("fast", "Fast (for thousands of edits)"),
  );
  const pushButton = el("button", { type: "button", class: "action" }, "Push");
  const options = el(
    "div",
    { class: "push-options" },
    checkRow(
      overwrite,
      "Overwrite conflicts",
      "Sends your value even where PostHog changed the property since the pull.",
    ),
    labelled(
      "Push mode",
      mode,
      "Fast sends the updates in bulk, then waits for PostHog to confirm them.",
    ),
    el("div", { class: "form-actions" }, pushButton),
  );
  const previewArea = el("div", { class: "push-preview-area", hidden: true }, previewBody, options);
  const progress = createPushProgressView();
  const pending = createPushPendingView();
  errors.field("includeRemovals", includeRemovals);
  errors.field("overwriteConflicts", overwrite);
  errors.field("mode", mode);
  let current: PushPreview | null = null;

  const clearPreview = () => {
    current = null;
    previewArea.hidden = true;
    replaceChildren(previewBody);
  };

  const showPreview = (preview: PushPreview) => {
    current = preview;
    progress.hide();
    replaceChildren(previewBody, renderPreview(preview));
    const n = changeCount(preview);
    options.hidden = n === 0;
    pushButton.textContent = `Push ${plural(n, "change", "changes")}`;
    previewArea.hidden = false;
  };

  const showFailure = (failure: RpcFailure) => {
    errors.show(failure);
  };

  const preview = async (undo: boolean) => {
    errors.clear();
    const result = undo
      ? await server.previewUndo()
      : await server.previewPush({ includeRemovals: includeRemovals.checked });
    if (!result.ok) {
      clearPreview();
      return showFailure(result);
    }
    showPreview(result.value);
  };

  const resume = async () => {
    const result = await server.currentPush();
    if (!result.ok) return showFailure(result);
    const job = result.value;
    if (job?.status === "running") {
      await drivePush(progress, async () => ({ ok: true, value: job }));
    } else if (job) progress.update(job);
    // Updates earlier fast pushes left pending are read back each time the sidebar opens.
    await pending.check();
  };

  const push = async () => {
    if (!current) return;
    errors.clear();
    const request = {
      previewId: current.previewId,
      overwriteConflicts: overwrite.checked,
      mode: mode.value === "fast" ? ("fast" as const) : ("rest" as const),
    };
    const failure = await drivePush(progress, () => server.startPush(request));
    if (!failure) {
      clearPreview();
      progress.focusStatus();
      await pending.check();
      return;
    }
    if (STALE.has(failure.code)) options.hidden = true;
    showFailure(failure);
    if (failure.code === "push_running") await resume();
  };

  previewButton.addEventListener("click", () => void preview(false));
  undoButton.addEventListener("click", () => void preview(true));
  includeRemovals.addEventListener("change", () => {
    if (current?.origin === "sheet") void preview(false);
  });
  pushButton.addEventListener("click", () => void push());

  const element = el(
    "section",
    { class: "block push-panel", "aria-labelledby": titleId },
    el("h2", { id: titleId }, "Push edits"),
    el(
      "p",
      { class: "gray hint" },
      "Edited cells of the active sheet go to PostHog only after you preview them and push.",
    ),
    errors.top,
    gate("push", previewButton, undoButton, pushButton),
    checkRow(includeRemovals, "Include removals (cleared cells delete the property)"),
    el("div", { class: "form-actions" }, previewButton, undoButton),
    previewArea,
    progress.element,
    pending.element,
  );
  const begin = async (intent: "preview" | "undo") => {
    element.scrollIntoView();
    await preview(intent === "undo");
  };
  return { element, resume, begin };
}

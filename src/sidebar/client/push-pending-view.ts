// Fast-mode updates PostHog accepted but has not shown yet: how many wait, until when, and a "Check again" button.
import type { PendingCheck } from "../../shared/push-rpc";
import { el, formatCount, replaceChildren } from "./dom";
import { createFormErrors } from "./form-errors";
import { plural } from "./push-preview-view";
import { server } from "./server";

export interface PushPendingView {
  element: HTMLElement;
  /** Asks the server to read the pending updates back (the sidebar opening, or "Check again"). */
  check(): Promise<void>;
  /** Shows a count known without a check (a fast push just finished with `pending` updates waiting). */
  waiting(pending: number): void;
}

function settledText(check: PendingCheck): string {
  const parts: string[] = [];
  if (check.sent > 0) parts.push(`${formatCount(check.sent)} now shown in PostHog (sent)`);
  if (check.failed > 0)
    parts.push(
      `${formatCount(check.failed)} not shown within ${check.limitMinutes} minutes (failed: their edits are back in the preview)`,
    );
  return parts.length > 0 ? `Checked: ${parts.join("; ")}.` : "";
}

export function createPushPendingView(): PushPendingView {
  const errors = createFormErrors();
  const status = el("p", { role: "status", class: "push-pending-status" });
  const note = el(
    "p",
    { class: "gray note" },
    "PostHog accepted these updates and ingests them in seconds to minutes. They are checked again when the sidebar opens, before the next preview or push, and with Check again; one PostHog has not shown 30 minutes after its push is marked failed.",
  );
  const button = el("button", { type: "button", class: "secondary" }, "Check again");
  const actions = el("div", { class: "form-actions" }, button);
  const element = el(
    "div",
    { class: "push-pending", hidden: true },
    errors.top,
    status,
    note,
    actions,
  );

  const show = (check: PendingCheck) => {
    const settled = settledText(check);
    if (check.pending === 0 && settled === "") {
      element.hidden = true;
      return;
    }
    element.hidden = false;
    const waiting =
      check.pending > 0
        ? `${plural(check.pending, "update", "updates")} waiting for PostHog to show them${
            check.failsAt
              ? ` (failed if still unseen at ${new Date(check.failsAt).toLocaleTimeString()})`
              : ""
          }.`
        : "";
    replaceChildren(status, [settled, waiting].filter(Boolean).join(" "));
    note.hidden = check.pending === 0;
    actions.hidden = check.pending === 0;
  };

  const check = async () => {
    errors.clear();
    const result = await server.checkPendingPushes();
    if (!result.ok) {
      element.hidden = false;
      errors.show(result);
      return;
    }
    show(result.value);
  };

  button.addEventListener("click", () => void check());
  return {
    element,
    check,
    waiting(pending) {
      show({ pending, sent: 0, failed: 0, limitMinutes: 30, failsAt: null });
    },
  };
}

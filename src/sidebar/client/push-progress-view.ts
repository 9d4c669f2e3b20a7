// A push's progress and result: a <progress> bar (done of total) with the phase, then the summary (sent, conflicts,
// failed, pending), each conflict (pulled, PostHog now, yours) and each failure with its reason, all set as text.
import type { PushConflictView, PushProgress } from "../../shared/push-rpc";
import { el, formatCount, replaceChildren, uid } from "./dom";
import { plural, valueText } from "./push-preview-view";

export interface PushProgressView {
  element: HTMLElement;
  update(progress: PushProgress): void;
  /** A call failed mid-push: says so and offers `retry` (which continues the same job), unless it is null. */
  interrupted(message: string, retry: (() => void) | null): void;
  hide(): void;
  /** Moves focus to the status line (after a push, when the button that started it is gone). */
  focusStatus(): void;
}

const PHASES: Record<PushProgress["phase"], string> = {
  sending: "Sending…",
  confirming: "Waiting for PostHog to confirm the updates…",
  done: "Done.",
};

function conflictItem(c: PushConflictView): HTMLElement {
  const row = (term: string, value: string) => [el("dt", {}, term), el("dd", {}, valueText(value))];
  return el(
    "li",
    { class: "push-conflict" },
    el("p", { class: "push-target" }, el("strong", {}, c.key), " · ", c.property),
    el(
      "dl",
      { class: "facts" },
      ...row("Pulled", c.pulled),
      ...row("PostHog now", c.posthog),
      ...row("Yours", c.yours),
    ),
  );
}

export function createPushProgressView(): PushProgressView {
  const titleId = uid("push-progress-title");
  const sheet = el("p", { class: "push-sheet" });
  const bar = el("progress", { "aria-labelledby": titleId });
  const count = el("p", { class: "gray push-count" });
  const status = el("p", { role: "status", class: "push-status", tabindex: -1 });
  const alert = el("div");
  const result = el("div");
  const element = el(
    "div",
    { class: "push-progress", role: "group", "aria-labelledby": titleId, hidden: true },
    el("h3", { id: titleId }, "Push progress"),
    sheet,
    bar,
    count,
    status,
    alert,
    result,
  );

  const summary = (p: PushProgress) => {
    const conflictsNote =
      p.conflicts > 0
        ? el(
            "p",
            { class: "gray note" },
            "Conflicts were not sent: PostHog changed these since the pull. To send your values anyway, preview again and tick “Overwrite conflicts”.",
          )
        : null;
    replaceChildren(
      result,
      el(
        "ul",
        { class: "push-counts", "aria-label": "Result" },
        el("li", {}, `${formatCount(p.sent)} sent`),
        el(
          "li",
          { class: p.conflicts ? "error-text" : null },
          plural(p.conflicts, "conflict", "conflicts"),
        ),
        el("li", { class: p.failed ? "error-text" : null }, `${formatCount(p.failed)} failed`),
        p.pending > 0 ? el("li", {}, `${formatCount(p.pending)} pending`) : null,
      ),
      p.conflictList.length
        ? el(
            "div",
            {},
            el("h4", {}, "Conflicts"),
            el("ul", { class: "push-list" }, ...p.conflictList.map(conflictItem)),
            conflictsNote,
          )
        : null,
      p.failures.length
        ? el(
            "div",
            {},
            el("h4", {}, "Failures"),
            el(
              "ul",
              { class: "push-list" },
              ...p.failures.map((f) =>
                el(
                  "li",
                  { class: "push-item failed" },
                  el("strong", {}, f.key),
                  f.property ? ` · ${f.property}` : "",
                  ": ",
                  f.reason,
                ),
              ),
            ),
          )
        : null,
    );
  };

  return {
    element,
    update(p) {
      element.hidden = false;
      replaceChildren(alert);
      replaceChildren(sheet, "Sheet: ", el("strong", {}, p.sheetName));
      bar.max = Math.max(p.total, 1);
      bar.value = p.status === "done" ? bar.max : Math.min(p.done, bar.max);
      count.textContent = `${formatCount(p.done)} of ${formatCount(p.total)} ${p.total === 1 ? "change" : "changes"}`;
      const done = p.status === "done";
      count.hidden = done;
      status.textContent = done
        ? `Push done: ${formatCount(p.sent)} sent, ${plural(p.conflicts, "conflict", "conflicts")}, ${formatCount(p.failed)} failed${p.pending > 0 ? `, ${formatCount(p.pending)} pending` : ""}.`
        : PHASES[p.phase];
      if (p.message) alert.append(el("p", { class: "gray" }, p.message));
      if (done) summary(p);
      else replaceChildren(result);
    },
    interrupted(message, retry) {
      element.hidden = false;
      status.textContent = retry ? "Paused." : "Stopped.";
      const text = el("p", { class: "error", role: "alert", tabindex: -1 }, message);
      const button = retry
        ? el("button", { type: "button", onclick: retry }, "Continue the push")
        : null;
      replaceChildren(alert, text, button && el("div", { class: "form-actions" }, button));
      text.focus();
    },
    hide() {
      element.hidden = true;
    },
    focusStatus() {
      if (!element.hidden) status.focus();
    },
  };
}

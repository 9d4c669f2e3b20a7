// The pull's progress panel: sheet name, a <progress> bar (indeterminate until the total is known), rows and status.
import type { PullProgress } from "../../shared/rpc";
import { countOf } from "../../shared/wording";
import { el, formatCount, replaceChildren, uid } from "./dom";

export interface ProgressPanel {
  element: HTMLElement;
  /** Shows where the job stands; a "failed" job's message is an alert and takes focus. */
  update(progress: PullProgress): void;
  /** A call failed mid-pull: says so and offers `retry` (which continues the same job), when there is one. */
  interrupted(message: string, retry: (() => void) | null): void;
  /** The person is on sheet `name`: a finished pull into another sheet is no longer shown. */
  activeSheetIs(name: string): void;
}

/** Hints already shown in this sidebar: each appears once. */
const shownHints = new Set<string>();

function rowsText(p: PullProgress): string {
  return p.totalRows !== null && p.status === "running"
    ? `${formatCount(p.rows)} of ${countOf(p.totalRows, "row")}`
    : countOf(p.rows, "row");
}

function statusText(p: PullProgress): string {
  if (p.status === "running") return "Pulling…";
  if (p.status === "done") return `Done: ${rowsText(p)} in “${p.sheetName}”.`;
  return p.message ?? "The pull failed.";
}

/** `onDone` runs when a job reports "done" (e.g. to read the active sheet's status again). */
export function createProgressPanel(onDone?: () => void): ProgressPanel {
  const titleId = uid("pull-title");
  const sheet = el("p", { class: "sheet-name" });
  const bar = el("progress", { "aria-labelledby": titleId });
  const rows = el("p", { class: "gray rows" });
  const status = el("p", { role: "status", class: "pull-status" });
  const alert = el("div", { class: "pull-alert" });
  const hint = el("p", { class: "gray hint", hidden: true });
  const element = el(
    "section",
    { class: "block progress-panel", "aria-labelledby": titleId, hidden: true },
    el("h2", { id: titleId }, "Pull progress"),
    sheet,
    bar,
    rows,
    status,
    alert,
    hint,
  );

  const setBar = (p: PullProgress) => {
    const total = p.status === "done" ? Math.max(p.totalRows ?? p.rows, p.rows, 1) : p.totalRows;
    if (total === null) {
      bar.removeAttribute("value");
      bar.removeAttribute("max");
      return;
    }
    bar.max = Math.max(total, 1);
    bar.value = p.status === "done" ? bar.max : Math.min(p.rows, bar.max);
  };

  let jobId: string | null = null;
  let last: PullProgress | null = null;
  return {
    activeSheetIs(name) {
      if (last?.status === "done" && last.sheetName !== name) element.hidden = true;
    },
    element,
    update(p) {
      last = p;
      if (p.status === "done") onDone?.();
      element.hidden = false;
      if (p.jobId !== jobId) hint.hidden = true;
      jobId = p.jobId;
      replaceChildren(alert);
      replaceChildren(sheet, "Sheet: ", el("strong", {}, p.sheetName));
      setBar(p);
      rows.textContent = rowsText(p);
      rows.hidden = p.status !== "running";
      status.textContent = p.status === "failed" ? "" : statusText(p);
      if (p.status === "failed") {
        const message = el("p", { class: "error", role: "alert", tabindex: -1 }, statusText(p));
        alert.append(message);
        message.focus();
      }
      if (p.hint && !shownHints.has(p.hint)) {
        shownHints.add(p.hint);
        hint.textContent = p.hint;
        hint.hidden = false;
      }
    },
    interrupted(message, retry) {
      element.hidden = false;
      status.textContent = retry ? "Paused." : "";
      const text = el("p", { class: "error", role: "alert", tabindex: -1 }, message);
      const button = retry
        ? el("button", { type: "button", onclick: retry }, "Continue the pull")
        : null;
      replaceChildren(alert, text, el("div", { class: "form-actions" }, button));
      text.focus();
    },
  };
}

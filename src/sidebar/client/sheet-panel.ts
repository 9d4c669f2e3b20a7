// "This sheet": when the active sheet was pulled, how current its data is, its scheduled refresh and the last run's outcome.
import type { SheetStatus } from "../../shared/rpc";
import { countOf } from "../../shared/wording";
import { isBusy } from "./busy";
import { createDeclareColumns } from "./declare-columns";
import { el, replaceChildren, uid } from "./dom";
import { labelled } from "./field";
import { historyToggle } from "./history-toggle";
import { quietly, server } from "./server";

const EVERY = [
  ["off", "Off"],
  ["hourly", "Every hour"],
  ["daily", "Every day"],
] as const;

export interface SheetPanel {
  element: HTMLElement;
  /** Reads the active sheet's status again (after a pull, or when the person switched sheets). */
  load(): Promise<void>;
}

/**
 * Sheets tells a sidebar nothing when the person switches tabs, so the panel asks which sheet is active when
 * the person comes back to the sidebar (focus, or the pointer over it), at most once in this many ms. Not on a
 * timer: a call every few seconds would cost executions while the person works in the grid.
 */
export const FOLLOW_AT_MOST_EVERY_MS = 1000;

/** `onSheetChange` hears the active sheet's name whenever it changes (e.g. so the pull progress can step aside). */
export function createSheetPanel(onSheetChange?: (sheetName: string) => void): SheetPanel {
  const body = el("div");
  const reload = el("button", { type: "button", class: "link" }, "Check the active sheet");
  const element = el(
    "section",
    { class: "block", "aria-labelledby": "sheet-title" },
    el("h2", { id: "sheet-title" }, "This sheet"),
    body,
    reload,
  );

  let shown: string | null = null;
  const show = (status: SheetStatus | null) => {
    const name = status?.sheetName ?? "";
    if (shown !== null && name !== shown) onSheetChange?.(name);
    shown = name;
    if (!status?.pulledAt) {
      replaceChildren(
        body,
        el(
          "p",
          { class: "gray" },
          status
            ? `“${status.sheetName}” (the active sheet) was not pulled from PostHog.`
            : "The active sheet was not pulled from PostHog.",
        ),
      );
      return;
    }
    const pulledAt = status.pulledAt;
    const select = el(
      "select",
      { id: uid("schedule"), value: status.schedule },
      ...EVERY.map(([value, label]) => el("option", { value }, label)),
    );
    const outcome = el(
      "p",
      { class: status.lastResult === "failed" ? "error" : "gray", role: "status" },
      lastRun(status),
    );
    select.addEventListener("change", async () => {
      const result = await server.setSchedule({ every: select.value as SheetStatus["schedule"] });
      if (result.ok) show(result.value);
      else replaceChildren(outcome, result.message);
    });
    replaceChildren(
      body,
      el("p", {}, `${status.sheetName}: ${countOf(status.rows, "row")}, pulled ${when(pulledAt)}.`),
      el(
        "p",
        { class: "data-age" },
        `Data from PostHog as of ${when(currentAsOf({ ...status, pulledAt }))}.`,
      ),
      labelled("Refresh automatically", select),
      outcome,
      historyToggle(status, show),
      ...(status.pausedUntil
        ? [
            el(
              "p",
              { class: "error", role: "alert" },
              `${status.lastMessage ?? "Scheduled refreshes are paused."} They resume ${when(status.pausedUntil)}.`,
            ),
          ]
        : []),
      createDeclareColumns(),
    );
  };

  const load = async () => {
    const result = await server.getSheetStatus();
    if (result.ok) show(result.value);
    else replaceChildren(body, el("p", { class: "error", role: "alert" }, result.message));
  };
  reload.addEventListener("click", () => void load());
  follow(() => shown, show);
  return { element, load };
}

/** Asks for the active sheet now and then, and re-renders only when it is another sheet than the one shown. */
function follow(shownName: () => string | null, show: (status: SheetStatus | null) => void): void {
  let asking = false;
  let lastAsked = 0;
  const ask = async () => {
    const now = Date.now();
    if (asking || document.hidden || isBusy() || shownName() === null) return;
    if (now - lastAsked < FOLLOW_AT_MOST_EVERY_MS) return;
    lastAsked = now;
    asking = true;
    try {
      const result = await quietly("getSheetStatus");
      if (result.ok && (result.value?.sheetName ?? "") !== shownName() && !isBusy())
        show(result.value);
    } finally {
      asking = false;
    }
  };
  window.addEventListener("focus", () => void ask());
  document.addEventListener("mouseover", () => void ask());
}

function when(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** The newest time the sheet was known to match PostHog: its pull, or a later check that found no change. */
function currentAsOf(status: SheetStatus & { pulledAt: string }): string {
  const checked = status.checkedAt ? Date.parse(status.checkedAt) : Number.NaN;
  return checked > Date.parse(status.pulledAt) ? (status.checkedAt as string) : status.pulledAt;
}

function lastRun(status: SheetStatus): string {
  if (status.schedule === "off" && !status.lastRunAt) return "";
  if (status.pausedUntil)
    return status.lastRunAt ? `Last scheduled refresh: ${when(status.lastRunAt)}.` : "";
  if (!status.lastRunAt) return status.lastMessage ?? "Not run on schedule yet.";
  const at = when(status.lastRunAt);
  return status.lastResult === "failed"
    ? `Last scheduled refresh failed (${at}): ${status.lastMessage ?? ""}`
    : `Last scheduled refresh: ${at}.${status.lastMessage ? ` ${status.lastMessage}` : ""}`;
}

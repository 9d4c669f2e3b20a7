// "This sheet": when the active sheet was pulled, how many rows, and its scheduled refresh with the last run's outcome.
import type { SheetStatus } from "../../shared/rpc";
import { countOf } from "../../shared/wording";
import { el, replaceChildren, uid } from "./dom";
import { labelled } from "./field";
import { server } from "./server";

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

export function createSheetPanel(): SheetPanel {
  const body = el("div");
  const reload = el("button", { type: "button", class: "link" }, "Check the active sheet");
  const element = el(
    "section",
    { class: "block", "aria-labelledby": "sheet-title" },
    el("h2", { id: "sheet-title" }, "This sheet"),
    body,
    reload,
  );

  const show = (status: SheetStatus | null) => {
    if (!status) {
      replaceChildren(
        body,
        el("p", { class: "gray" }, "The active sheet was not pulled from PostHog."),
      );
      return;
    }
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
      el(
        "p",
        {},
        `${status.sheetName}: ${countOf(status.rows, "row")}, pulled ${when(status.pulledAt)}.`,
      ),
      labelled("Refresh automatically", select),
      outcome,
    );
  };

  const load = async () => {
    const result = await server.getSheetStatus();
    if (result.ok) show(result.value);
    else replaceChildren(body, el("p", { class: "error", role: "alert" }, result.message));
  };
  reload.addEventListener("click", () => void load());
  return { element, load };
}

function when(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

function lastRun(status: SheetStatus): string {
  if (status.schedule === "off" && !status.lastRunAt) return "";
  if (!status.lastRunAt) return "Not run on schedule yet.";
  const at = when(status.lastRunAt);
  return status.lastResult === "failed"
    ? `Last scheduled refresh failed (${at}): ${status.lastMessage ?? ""}`
    : `Last scheduled refresh: ${at}.`;
}

// "Keep history" in the sheet panel: each refresh of this groups sheet records what changed, for the days chosen.
import type { SheetStatus } from "../../shared/rpc";
import { el, uid } from "./dom";
import { gate } from "./feature-gate";
import { server } from "./server";

/** The toggle and its days for a pulled sheet; `show` re-renders the panel with the status the server answers. */
export function historyToggle(
  status: SheetStatus,
  show: (status: SheetStatus | null) => void,
): HTMLElement {
  const box = el("input", { type: "checkbox", id: uid("history") });
  box.checked = !!status.history;
  const days = el("input", {
    type: "number",
    id: uid("history-days"),
    min: "1",
    max: "3650",
    value: String(status.history?.days ?? 180),
    "aria-label": "Days of history to keep",
  });
  days.disabled = !status.history;
  const said = el("p", { class: "gray note", role: "status" });
  const send = async () => {
    const result = await server.setHistory({ keep: box.checked, days: Number(days.value) });
    if (result.ok) show(result.value);
    else {
      said.className = "error";
      said.textContent = result.message;
    }
  };
  box.addEventListener("change", () => void send());
  days.addEventListener("change", () => void send());
  const note = gate("history_record", box, days);
  return el(
    "div",
    { class: "form-group history-toggle" },
    el("label", { for: box.id }, box, " Keep history"),
    el(
      "p",
      { class: "gray note" },
      "Each refresh records what changed in “PostHog history”, for ",
      days,
      " days.",
    ),
    said,
    ...(note ? [note] : []),
  );
}

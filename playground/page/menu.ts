// Extensions → PostHog for Sheets: the add-on menu the bundle's onOpen built, and modals for its alerts.
import type { Alert, MenuItem } from "./api.ts";
import { byId, el } from "./dom.ts";

/** Items whose alert asks a question: the page asks first and passes the answer along. */
const ASKS: Record<string, { title: string; question: string; answers: [string, string][] }> = {
  refreshThisSheet: {
    title: "Refresh this sheet",
    question:
      "If this sheet holds edits not pushed to PostHog yet, the add-on asks: “Refresh anyway and discard them?”",
    answers: [
      ["NO", "Keep my edits (No)"],
      ["YES", "Discard them (Yes)"],
    ],
  },
};

/** Shows a modal; resolves with the value of the button pressed (Escape: null). */
export function modal(
  title: string,
  text: string,
  buttons: [string, string][],
  note?: string,
): Promise<string | null> {
  const backdrop = byId("modal");
  return new Promise((resolve) => {
    const close = (value: string | null) => {
      backdrop.hidden = true;
      backdrop.replaceChildren();
      resolve(value);
    };
    const titleId = "modal-title";
    const actions = buttons.map(([value, label], i) => {
      const button = el(
        "button",
        { type: "button", class: i === buttons.length - 1 ? "primary" : undefined },
        label,
      );
      button.addEventListener("click", () => close(value));
      return button;
    });
    const box = el(
      "div",
      { class: "modal", role: "alertdialog", "aria-modal": "true", "aria-labelledby": titleId },
      el("h2", { id: titleId }, title),
      el("p", {}, text),
      note ? el("p", { class: "gray" }, note) : null,
      el("div", { class: "actions" }, ...actions),
    );
    box.addEventListener("keydown", (e) => {
      if (e.key === "Escape") close(null);
    });
    backdrop.replaceChildren(box);
    backdrop.hidden = false;
    actions.at(-1)?.focus();
  });
}

/** Shows the alerts a menu item raised, one after the other, with the answer the runtime gave. */
export async function showAlerts(alerts: Alert[]): Promise<void> {
  for (const alert of alerts) {
    const note =
      alert.buttons === "OK"
        ? undefined
        : `Buttons: ${alert.buttons.replace(/_/g, " / ")}. Answered: ${alert.answer}.`;
    await modal(alert.title || "Alert", alert.prompt, [["OK", "OK"]], note);
  }
}

export interface MenuBar {
  render(menu: { caption: string; items: MenuItem[] } | null): void;
}

/** Wires the Extensions menu; `run` runs an item's function with an optional alert answer. */
export function menuBar(run: (functionName: string, answer?: string) => void): MenuBar {
  const button = byId<HTMLButtonElement>("extensions");
  const panel = byId("extensions-menu");
  const setOpen = (open: boolean) => {
    panel.hidden = !open;
    button.setAttribute("aria-expanded", String(open));
    for (const sub of Array.from(panel.querySelectorAll<HTMLElement>(".submenu")))
      sub.hidden = true;
  };
  button.addEventListener("click", () => setOpen(panel.hidden));
  document.addEventListener("mousedown", (e) => {
    if (!panel.hidden && !(e.target as HTMLElement).closest(".menu-root")) setOpen(false);
  });
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !panel.hidden) setOpen(false);
  });

  const choose = async (functionName: string) => {
    setOpen(false);
    const ask = ASKS[functionName];
    if (!ask) return run(functionName);
    const answer = await modal(ask.title, ask.question, [["", "Cancel"], ...ask.answers]);
    if (answer) run(functionName, answer);
  };

  const items = (list: MenuItem[]): HTMLElement[] =>
    list.map((item) => {
      if (item.type === "separator") return el("hr", { role: "separator" });
      if (item.type === "submenu") return submenu(item.caption, items(item.items));
      const entry = el("button", { type: "button", role: "menuitem" }, item.caption);
      entry.addEventListener("click", () => void choose(item.functionName));
      return entry;
    });

  const submenu = (caption: string, children: HTMLElement[]): HTMLElement => {
    const sub = el(
      "div",
      { class: "menu submenu", role: "menu", "aria-label": caption, hidden: true },
      ...children,
    );
    const entry = el(
      "button",
      { type: "button", role: "menuitem", "aria-haspopup": "menu" },
      `${caption} ▸`,
    );
    const wrap = el("div", { class: "menu-root" }, entry, sub);
    const show = () => {
      sub.hidden = false;
    };
    entry.addEventListener("click", show);
    entry.addEventListener("mouseenter", show);
    entry.addEventListener("keydown", (e) => {
      if (e.key === "ArrowRight" || e.key === "Enter") {
        e.preventDefault();
        show();
        sub.querySelector<HTMLElement>("[role=menuitem]")?.focus();
      }
    });
    return wrap;
  };

  return {
    render(menu) {
      const entries = menu
        ? [submenu(menu.caption, items(menu.items))]
        : [el("p", { class: "gray" }, "No add-on menu (onOpen did not run).")];
      panel.replaceChildren(...entries);
    },
  };
}

// Extensions → PostHog for Sheets: the add-on menu the bundle's onOpen built, and modals for its alerts.
import type { Alert, Answer, MenuItem } from "./api.ts";
import { byId, el } from "./dom.ts";

/** Shows a modal; resolves with the value of the button pressed (Escape: null). */
export function modal(
  title: string,
  text: string,
  buttons: [string, string][],
  field?: HTMLInputElement,
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
      field ?? null,
      el("div", { class: "actions" }, ...actions),
    );
    box.addEventListener("keydown", (e) => {
      if (e.key === "Escape") close(null);
    });
    backdrop.replaceChildren(box);
    backdrop.hidden = false;
    (field ?? actions.at(-1))?.focus();
  });
}

/** Button labels as Sheets shows them ("OK", "Cancel", "Yes", "No"), in the order of the set. */
const BUTTONS: Record<string, string[]> = {
  OK: ["OK"],
  OK_CANCEL: ["CANCEL", "OK"],
  YES_NO: ["NO", "YES"],
  YES_NO_CANCEL: ["CANCEL", "NO", "YES"],
};
const label = (button: string) => button.charAt(0) + button.slice(1).toLowerCase();

/** Shows an alert or prompt as a dialog the person answers; closing it (Escape) answers CLOSE. */
export async function ask(alert: Alert): Promise<Answer> {
  const buttons = BUTTONS[alert.buttons] ?? ["OK"];
  const field =
    alert.kind === "prompt" ? el("input", { "aria-label": alert.prompt || "Answer" }) : undefined;
  const button = await modal(
    alert.title || (alert.kind === "prompt" ? "Prompt" : "Alert"),
    alert.prompt,
    buttons.map((b) => [b, label(b)]),
    field,
  );
  return field ? { button: button ?? "CLOSE", text: field.value } : { button: button ?? "CLOSE" };
}

export interface MenuBar {
  render(menu: { caption: string; items: MenuItem[] } | null): void;
}

/** Wires the Extensions menu; `run` runs an item's function. */
export function menuBar(run: (functionName: string) => void): MenuBar {
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

  const choose = (functionName: string) => {
    setOpen(false);
    run(functionName);
  };

  const items = (list: MenuItem[]): HTMLElement[] =>
    list.map((item) => {
      if (item.type === "separator") return el("hr", { role: "separator" });
      if (item.type === "submenu") return submenu(item.caption, items(item.items));
      const entry = el("button", { type: "button", role: "menuitem" }, item.caption);
      entry.addEventListener("click", () => choose(item.functionName));
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

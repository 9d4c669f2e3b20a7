// The playground page: tabs, grid, menu, sidebar panel and toasts, kept in step with the runtime by polling.
import { type Answer, api, type SheetsState, type UiState } from "./api.ts";
import { byId, el } from "./dom.ts";
import { Grid } from "./grid.ts";
import { ask, menuBar } from "./menu.ts";

let state: SheetsState | null = null;
let shownVersion = -1;
let shownSheet = "";
let sidebarsSeen = -1;
let toastsSeen = -1;
let toastTimer: ReturnType<typeof setTimeout> | undefined;
let busy = Promise.resolve();

const tabs = byId("tabs");
const panel = byId("sidebar-panel");
const frame = byId<HTMLIFrameElement>("sidebar-frame");
const toast = byId("toast");

/** Runs page actions one at a time, so a refresh never overtakes an edit. */
function queue(action: () => Promise<unknown>): Promise<void> {
  busy = busy.then(action).then(
    () => undefined,
    (error: unknown) => console.error(error),
  );
  return busy;
}

const grid = new Grid(
  byId("grid"),
  byId<HTMLInputElement>("name-box"),
  byId<HTMLInputElement>("formula-input"),
  {
    select: (a1) => void queue(() => api.select(shownSheet, a1)),
    commit: (a1, rows) =>
      void queue(async () => {
        const reply = await api.type(shownSheet, a1, rows);
        if (!reply.ok) grid.refuse(reply.message);
        await refresh(true);
      }),
    fetch: (row, count) => api.window(shownSheet, row, count),
  },
);

/** Runs a menu item; a question it asks is a real dialog, and the item runs again with the answers. */
async function runMenu(functionName: string): Promise<void> {
  const answers: Answer[] = [];
  for (;;) {
    const reply = await api.menu(functionName, answers);
    await refresh(true);
    for (const alert of reply.alerts) await ask(alert);
    if (reply.ask) {
      answers.push(await ask(reply.ask));
      continue;
    }
    if (!reply.ok && reply.message && reply.alerts.length === 0)
      await ask({
        kind: "alert",
        title: "Script error",
        prompt: reply.message,
        buttons: "OK",
        answer: "",
      });
    return;
  }
}

const menu = menuBar((functionName) => void queue(() => runMenu(functionName)));

byId<HTMLSelectElement>("number-format").addEventListener("change", (e) => {
  const select = e.target as HTMLSelectElement;
  const format = select.value;
  select.value = "auto";
  void queue(async () => {
    await api.format(shownSheet, grid.selected, format === "auto" ? "" : format);
    await refresh(true);
  });
});

// Sheets' "Add 1000 more rows at the bottom", under the grid.
byId("add-rows").addEventListener("click", () => {
  const count = Math.floor(Number(byId<HTMLInputElement>("add-rows-count").value));
  void queue(async () => {
    const reply = await api.addRows(shownSheet, count);
    if (!reply.ok) grid.refuse(reply.message);
    await refresh(true);
  });
});

function renderTabs(current: SheetsState): void {
  tabs.replaceChildren(
    ...current.sheets.map((name) => {
      const tab = el(
        "button",
        { type: "button", role: "tab", "aria-selected": String(name === shownSheet) },
        name,
      );
      tab.addEventListener(
        "click",
        () =>
          void queue(async () => {
            await api.select(name, "A1");
            await refresh(true);
          }),
      );
      return tab;
    }),
  );
}

function openSidebar(ui: UiState, index: number): void {
  const sidebar = ui.sidebars[index];
  if (!sidebar) return;
  byId("sidebar-title").textContent = sidebar.title;
  frame.src = `/sidebar?n=${index}`;
  panel.hidden = false;
}

function showToast(ui: UiState): void {
  const latest = ui.toasts.at(-1);
  if (toastsSeen >= 0 && ui.toasts.length > toastsSeen && latest) {
    toast.replaceChildren(latest.title ? el("strong", {}, latest.title) : "", latest.message);
    toast.hidden = false;
    clearTimeout(toastTimer);
    const seconds = latest.timeoutSeconds > 0 ? Math.min(latest.timeoutSeconds, 10) : 8;
    toastTimer = setTimeout(() => {
      toast.hidden = true;
    }, seconds * 1000);
  }
  toastsSeen = ui.toasts.length;
}

/** Fetches what changed since the last look; `force` redraws even at the same version. */
async function refresh(force = false): Promise<void> {
  const next = await api.sheets();
  if (!force && next.version === shownVersion) return;
  if (grid.editing) return;
  state = next;
  const switched = next.active !== shownSheet;
  shownSheet = next.active;
  const ui = await api.ui();
  shownVersion = next.version;
  renderTabs(next);
  menu.render(ui.menu);
  grid.show(next.active, next, next.version, switched ? next.selection : undefined);
  if (ui.sidebars.length > sidebarsSeen) {
    if (sidebarsSeen >= 0 || ui.sidebars.length > 0) openSidebar(ui, ui.sidebars.length - 1);
    sidebarsSeen = ui.sidebars.length;
  }
  showToast(ui);
}

byId("sidebar-close").addEventListener("click", () => {
  panel.hidden = true;
  frame.removeAttribute("src");
});
window.addEventListener("message", (e) => {
  const data = e.data as { playground?: string; text?: string } | null;
  if (e.origin !== location.origin || data?.playground !== "host") return;
  if (data.text === "close") byId("sidebar-close").click();
});

async function start(): Promise<void> {
  const info = await api.info();
  byId("posthog-info").textContent =
    info.mode === "local"
      ? `Local PostHog with demo data: ${info.posthogUrl} — connect with PostHog host “Self-hosted”, that URL and the demo key printed in the terminal.`
      : `PostHog: ${info.posthogUrl}.`;
  await queue(() => refresh(true));
  setInterval(() => {
    if (state === null || document.hidden) return;
    void queue(() => refresh());
  }, 400);
  document.body.dataset.ready = "true";
  // For tests and the bench: what the grid shows in a cell, and where a cell is on screen.
  Object.assign(window, {
    playgroundGrid: {
      text: (a1: string) => grid.text(a1),
      box: (a1: string) => grid.box(a1),
      drawnStyle: (a1: string) => grid.drawnStyle(a1),
      draws: () => grid.draws,
    },
  });
}

void start();

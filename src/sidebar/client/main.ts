// The sidebar's start and its screens: Connect → project picker → connected view with the pull form.
import type { ConnectionView, ProjectView } from "../../shared/rpc";
import { initBusy } from "./busy";
import { renderConnectForm } from "./connect-form";
import { renderConnectionPanel } from "./connection-panel";
import { el, replaceChildren } from "./dom";
import { renderProjectPicker } from "./project-picker";
import { createProgressPanel } from "./pull-progress";
import { drivePull } from "./pull-runner";
import { renderPullForm } from "./pull-form";
import { server } from "./server";

const app = document.getElementById("app") as HTMLFieldSetElement;
initBusy(app, document.querySelector("main") as HTMLElement);

/** The projects the key can see, known only after `connect` in this sidebar (the key is never sent back). */
let projects: ProjectView[] | null = null;

/** Moves focus to the first control of the new screen (after an action, not on load). */
function focusFirst(root: HTMLElement): void {
  root.querySelector<HTMLElement>("select, input, button")?.focus();
}

function showConnect(options: { note?: string; host?: string } = {}, focus = true): void {
  const form = renderConnectForm({
    ...options,
    onConnected: (result) => {
      projects = result.projects;
      showPicker(result.connection, false);
    },
  });
  replaceChildren(app, form);
  if (focus) focusFirst(form);
}

function showPicker(connection: ConnectionView, cancelable: boolean): void {
  const back = () => showConnected(connection, false);
  const form = renderProjectPicker({
    projects: projects ?? [],
    currentId: connection.projectId,
    onSelected: (chosen) => void showConnected(chosen, false),
    ...(cancelable ? { onCancel: back } : projects?.length ? {} : { onCancel: () => showConnect() }),
  });
  replaceChildren(app, form);
  focusFirst(form);
}

function changeProject(connection: ConnectionView, cancelable: boolean): void {
  if (projects) return showPicker(connection, cancelable);
  showConnect({
    note: "To list your projects, paste your personal API key again.",
    host: connection.host,
  });
}

async function showConnected(connection: ConnectionView, resume: boolean): Promise<void> {
  const panel = createProgressPanel();
  const pullForm = renderPullForm(panel);
  const connectionPanel = renderConnectionPanel({
    connection,
    onChangeProject: () => changeProject(connection, true),
    onDisconnected: () => {
      projects = null;
      showConnect();
    },
  });
  replaceChildren(app, connectionPanel, pullForm.element, panel.element);
  if (!resume) focusFirst(pullForm.element);
  await pullForm.init();
  if (!resume) return;
  const current = await server.currentPull();
  if (!current.ok) return pullForm.showError(current);
  const job = current.value;
  if (job?.status === "running") await drivePull(panel, async () => ({ ok: true, value: job }));
  else if (job) panel.update(job);
}

async function start(): Promise<void> {
  const version = document.getElementById("version") as HTMLElement;
  const info = await server.getAddonInfo();
  version.textContent = info.ok ? `Version ${info.value.version}` : "";
  const connection = await server.getConnection();
  if (!connection.ok) {
    const retry = el("button", { type: "button", onclick: () => void start() }, "Try again");
    const message = el("p", { class: "error", role: "alert", tabindex: -1 }, connection.message);
    replaceChildren(app, el("div", { class: "block" }, message, retry));
    message.focus();
    return;
  }
  const view = connection.value;
  if (!view) return showConnect({}, false);
  if (view.projectId === null) return changeProject(view, false);
  await showConnected(view, true);
}

void start();

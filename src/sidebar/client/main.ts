// The sidebar's start and its screens: Connect → project picker → connected view with the pull form.
import type { ConnectionView, ProjectView, RpcFailure } from "../../shared/rpc";
import { initBusy } from "./busy";
import { renderConnectForm } from "./connect-form";
import { renderConnectionPanel } from "./connection-panel";
import { el, replaceChildren } from "./dom";
import { setConnection } from "./feature-gate";
import { createFormulaPanel } from "./formula-panel";
import { createManagePanel } from "./manage-panel";
import { renderProjectPicker } from "./project-picker";
import { renderPullForm } from "./pull-form";
import { createProgressPanel } from "./pull-progress";
import { drivePull } from "./pull-runner";
import { createPushPanel } from "./push-panel";
import { server } from "./server";
import { createSetupPanel } from "./setup-panel";
import { createSheetPanel } from "./sheet-panel";

const app = document.getElementById("app") as HTMLFieldSetElement;
initBusy(app, document.querySelector("main") as HTMLElement);

/** Moves focus to the first control of the new screen (after an action, not on load). */
function focusFirst(root: HTMLElement): void {
  root.querySelector<HTMLElement>("select, input, button")?.focus();
}

function showConnect(options: { note?: string; host?: string } = {}, focus = true): void {
  const form = renderConnectForm({
    ...options,
    onConnected: (result) => showPicker(result.connection, result.projects, null),
  });
  replaceChildren(app, form);
  if (focus) focusFirst(form);
}

/** `back` returns to where the person came from (Cancel); without it an empty list offers another key. */
function showPicker(
  connection: ConnectionView,
  projects: ProjectView[],
  back: (() => void) | null,
): void {
  const onCancel = back ?? (projects.length === 0 ? () => showConnect() : null);
  const form = renderProjectPicker({
    projects,
    currentId: connection.projectId,
    onSelected: (chosen) => void showConnected(chosen, false),
    ...(onCancel ? { onCancel } : {}),
  });
  replaceChildren(app, form);
  focusFirst(form);
}

/** Lists the saved key's projects and shows the picker; returns the failure when the list can't be had. */
async function changeProject(
  connection: ConnectionView,
  back: (() => void) | null,
): Promise<RpcFailure | null> {
  const projects = await server.listProjects();
  if (!projects.ok) return projects;
  showPicker(connection, projects.value, back);
  return null;
}

async function showConnected(connection: ConnectionView, resume: boolean): Promise<void> {
  setConnection(connection);
  // After a pull the active sheet is the pulled one: show its status at once. On another sheet, a finished
  // pull's progress steps aside, so neither panel describes a sheet the person left.
  let panel: ReturnType<typeof createProgressPanel> | null = null;
  const sheetPanel = createSheetPanel((name) => panel?.activeSheetIs(name));
  panel = createProgressPanel(() => void sheetPanel.load());
  const pullForm = renderPullForm(panel);
  const connectionPanel = renderConnectionPanel({
    connection,
    onChangeProject: () => changeProject(connection, () => void showConnected(connection, false)),
    onDisconnected: () => showConnect(),
  });
  const pushPanel = createPushPanel();
  const formulaPanel = createFormulaPanel();
  const managePanel = createManagePanel();
  replaceChildren(
    app,
    connectionPanel,
    pullForm.element,
    panel.element,
    sheetPanel.element,
    pushPanel.element,
    formulaPanel.element,
    managePanel.element,
    createSetupPanel(),
  );
  if (!resume) focusFirst(pullForm.element);
  await pullForm.init();
  await sheetPanel.load();
  await formulaPanel.load();
  const intent = openedFor();
  if (intent) await pushPanel.begin(intent);
  if (!resume) return;
  await resumePull(pullForm, panel);
  await pushPanel.resume();
}

/** The menu item that opened the sidebar, when it asked for a push preview (a tag the server adds). */
function openedFor(): "preview" | "undo" | null {
  const intent = document.querySelector<HTMLMetaElement>('meta[name="posthog-intent"]')?.content;
  return intent === "preview" || intent === "undo" ? intent : null;
}

/** Continues (or shows) the document's unfinished pull, if any: the sidebar was closed mid-pull. */
async function resumePull(
  pullForm: ReturnType<typeof renderPullForm>,
  panel: ReturnType<typeof createProgressPanel>,
): Promise<void> {
  const current = await server.currentPull();
  if (!current.ok) return pullForm.showError(current);
  const job = current.value;
  if (job?.status === "running") await drivePull(panel, async () => ({ ok: true, value: job }));
  else if (job) panel.update(job);
}

function showLoadFailure(failure: RpcFailure): void {
  const retry = el("button", { type: "button", onclick: () => void start() }, "Try again");
  const message = el("p", { class: "error", role: "alert", tabindex: -1 }, failure.message);
  replaceChildren(app, el("div", { class: "block" }, message, retry));
  message.focus();
}

async function start(): Promise<void> {
  const version = document.getElementById("version") as HTMLElement;
  const info = await server.getAddonInfo();
  version.textContent = info.ok ? `Version ${info.value.version}` : "";
  const connection = await server.getConnection();
  if (!connection.ok) return showLoadFailure(connection);
  const view = connection.value;
  if (!view) return showConnect({}, false);
  if (view.projectId !== null) return showConnected(view, true);
  // Connected, but no project chosen yet (the sidebar closed at the picker).
  const failure = await changeProject(view, null);
  if (failure) showConnect({ note: `${failure.message} Connect again.`, host: view.host }, false);
}

void start();

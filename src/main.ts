// The one list of Apps Script entry points. Every export becomes a top-level function (scripts/build.ts);
// everything else stays private inside the bundle. Keep each body a one-line delegation: every one of
// these is callable from the sidebar with any arguments, so the handlers validate what they get.
import { installAddonMenu } from "./menu/install-menu.gas";
import {
  refreshActiveSheetFromMenu,
  refreshAllFromMenu,
  runScheduledRefreshes,
} from "./menu/menu-actions.gas";
import { addonVersion } from "./sheets/custom-functions/version";
import {
  continuePullHandler,
  currentPullHandler,
  listCohortsHandler,
  listGroupPropertiesHandler,
  listGroupTypesHandler,
  refreshActiveSheetHandler,
  startPullHandler,
} from "./sidebar/pull-handlers.gas";
import {
  addonInfo,
  connectHandler,
  disconnectHandler,
  getConnectionHandler,
  listProjectsHandler,
  selectProjectHandler,
} from "./sidebar/rpc-handlers";
import { getSheetStatusHandler, setScheduleHandler } from "./sidebar/schedule-handlers.gas";
import { openSidebar } from "./sidebar/show-sidebar.gas";

/** Simple trigger: builds the add-on menu. Runs in AuthMode.NONE or LIMITED, so it calls nothing else. */
export function onOpen(_e: GoogleAppsScript.Events.SheetsOnOpen): void {
  installAddonMenu();
}

/** Runs once when the add-on is installed (AuthMode.FULL): shows the menu at once. */
export function onInstall(e: GoogleAppsScript.Events.AddonOnInstall): void {
  onOpen(e as unknown as GoogleAppsScript.Events.SheetsOnOpen);
}

/** Menu item: opens the sidebar. */
export function showSidebar(): void {
  openSidebar();
}

/** Sidebar call: the add-on's name and version. */
export function getAddonInfo() {
  return addonInfo();
}

/** Sidebar call: the connection, without the key. */
export function getConnection() {
  return getConnectionHandler();
}

/** Sidebar call: checks and saves a personal API key, lists its projects. */
export function connect(input: unknown) {
  return connectHandler(input);
}

/** Sidebar call: the project this spreadsheet works with. */
export function selectProject(input: unknown) {
  return selectProjectHandler(input);
}

/** Sidebar call: forgets this person's key. */
export function disconnect() {
  return disconnectHandler();
}

/** Sidebar call: the project's group types. */
export function listGroupTypes() {
  return listGroupTypesHandler();
}

/** Sidebar call: a group type's property names, for the column picker. */
export function listGroupProperties(input: unknown) {
  return listGroupPropertiesHandler(input);
}

/** Sidebar call: the project's cohorts. */
export function listCohorts() {
  return listCohortsHandler();
}

/** Sidebar call: starts a pull and runs its first chunk. */
export function startPull(input: unknown) {
  return startPullHandler(input);
}

/** Sidebar call: runs the next chunk of a pull. */
export function continuePull(input: unknown) {
  return continuePullHandler(input);
}

/** Sidebar call: the unfinished pull of this spreadsheet, if any. */
export function currentPull() {
  return currentPullHandler();
}

/** Sidebar call: re-pulls the active sheet with its saved settings. */
export function refreshActiveSheet(input: unknown) {
  return refreshActiveSheetHandler(input);
}

/** Sidebar call: the projects the saved key can see. */
export function listProjects() {
  return listProjectsHandler();
}

/** Sidebar call: the active sheet's pull and schedule. */
export function getSheetStatus() {
  return getSheetStatusHandler();
}

/** Sidebar call: switches the active sheet's scheduled refresh. */
export function setSchedule(input: unknown) {
  return setScheduleHandler(input);
}

/** Menu item: re-pulls the active sheet with its saved settings. */
export function refreshThisSheet(): void {
  refreshActiveSheetFromMenu();
}

/** Menu item: re-pulls every sheet the add-on pulled in this spreadsheet. */
export function refreshAllSheets(): void {
  refreshAllFromMenu();
}

/** Time-driven trigger (hourly): refreshes the sheets whose schedule is due. */
export function runScheduledRefresh(_e: GoogleAppsScript.Events.TimeDriven): void {
  runScheduledRefreshes();
}

/**
 * The version of the PostHog for Sheets add-on.
 *
 * @return {string} The add-on's version, e.g. "0.1.0".
 * @customfunction
 */
export function POSTHOG_VERSION(): string {
  return addonVersion();
}

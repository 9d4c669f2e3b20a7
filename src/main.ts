// The one list of Apps Script entry points. Every export becomes a top-level function (scripts/build.ts);
// Long by design: one documented, one-line delegation per entry point, and nothing else.
// everything else stays private inside the bundle. Keep each body a one-line delegation: every one of
// these is callable from the sidebar with any arguments, so the handlers validate what they get.

import { addonVersion } from "./features/formulas/version";
import { installAddonMenu } from "./menu/install-menu.gas";
import {
  refreshActiveSheetFromMenu,
  refreshAllFromMenu,
  runScheduledRefreshes,
} from "./menu/menu-actions.gas";
import {
  previewChangesFromMenu,
  pushChangesFromMenu,
  undoLastPushFromMenu,
} from "./menu/push-menu.gas";
import { refreshFormulasFromMenu } from "./menu/refresh-formulas.gas";
import { checkSetupFromMenu } from "./menu/setup-menu.gas";
import {
  cohortMembersFormula,
  cohortsFormula,
  groupFormula,
  groupsFormula,
  groupTypesFormula,
  metricFormula,
  metricsFormula,
  propertyValuesFormula,
} from "./platform/custom-functions";
import { openSidebar } from "./platform/sidebar-page.gas";
import { getFormulaSettingsHandler, setFormulasEnabledHandler } from "./sidebar/formula-handlers";
import { accountHistoryHandler, setHistoryHandler } from "./sidebar/history-handlers";
import {
  addSelectionToCohortHandler,
  createStaticCohortHandler,
  deleteCohortHandler,
  deleteGroupTypeHandler,
  deleteMetricHandler,
  describeSelectionHandler,
  duplicateCohortHandler,
  listMetricsHandler,
  removeSelectionFromCohortHandler,
  saveMetricHandler,
  selectedGroupHandler,
} from "./sidebar/manage-handlers";
import {
  accountsOfCohortHandler,
  cohortFromAccountsHandler,
  describeAccountsHandler,
  peopleOfAccountsHandler,
} from "./sidebar/people-handlers";
import {
  continuePullHandler,
  currentPullHandler,
  listCohortsHandler,
  listGroupPropertiesHandler,
  listGroupTypesHandler,
  refreshActiveSheetHandler,
  startPullHandler,
} from "./sidebar/pull-handlers";
import {
  checkPendingPushesHandler,
  continuePushHandler,
  currentPushHandler,
  declareColumnHandler,
  previewPushHandler,
  previewUndoHandler,
  startPushHandler,
} from "./sidebar/push-handlers";
import {
  addonInfo,
  connectHandler,
  disconnectHandler,
  getConnectionHandler,
  listProjectsHandler,
  selectProjectHandler,
} from "./sidebar/rpc-handlers";
import { getSheetStatusHandler, setScheduleHandler } from "./sidebar/schedule-handlers";
import { runSetupCheckHandler } from "./sidebar/setup-handlers";

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

/** Sidebar call: compares the active sheet with its snapshot, marks the changed cells, returns what would be sent. */
export function previewPush(input: unknown) {
  return previewPushHandler(input);
}

/** Sidebar call: pushes a preview (by its id) and runs the first chunk. */
export function startPush(input: unknown) {
  return startPushHandler(input);
}

/** Sidebar call: runs the next chunk of a push. */
export function continuePush(input: unknown) {
  return continuePushHandler(input);
}

/** Sidebar call: the unfinished push of this spreadsheet, if any. */
export function currentPush() {
  return currentPushHandler();
}

/** Sidebar call: a preview putting back what the active sheet's last push changed. */
export function previewUndo() {
  return previewUndoHandler();
}

/** Sidebar call: reads back fast-mode updates PostHog has not shown yet and settles them ("Check again"). */
export function checkPendingPushes() {
  return checkPendingPushesHandler();
}

/** Sidebar call: sends a column of the person's own as a property on every push, stops it, or lists them. */
export function declareColumn(input: unknown) {
  return declareColumnHandler(input);
}

/** Menu item: marks the active sheet's changed cells and opens the sidebar to review them. */
export function previewChanges(): void {
  previewChangesFromMenu();
}

/** Menu item: previews the active sheet's edits and opens the sidebar, where the push is confirmed. */
export function pushChanges(): void {
  pushChangesFromMenu();
}

/** Menu item: opens the sidebar on an undo of the active sheet's last push (previewed before it is sent). */
export function undoLastPush(): void {
  undoLastPushFromMenu();
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

// Manage: usage metrics, group types, cohorts from the selection, and the selected group (sidebar calls).

/** Sidebar call: the project's usage metrics, under every group type. */
export function listMetrics() {
  return listMetricsHandler();
}

/** Sidebar call: creates or updates a usage metric. */
export function saveMetric(input: unknown) {
  return saveMetricHandler(input);
}

/** Sidebar call: deletes a usage metric. */
export function deleteMetric(input: unknown) {
  return deleteMetricHandler(input);
}

/** Sidebar call: deletes a group type once its name is typed. */
export function deleteGroupType(input: unknown) {
  return deleteGroupTypeHandler(input);
}

/** Sidebar call: the selected cells read as cohort members. */
export function describeSelection() {
  return describeSelectionHandler();
}

/** Sidebar call: a static cohort from the selected cells. */
export function createStaticCohort(input: unknown) {
  return createStaticCohortHandler(input);
}

/** Sidebar call: adds the selected persons to a static cohort. */
export function addSelectionToCohort(input: unknown) {
  return addSelectionToCohortHandler(input);
}

/** Sidebar call: removes the selected persons from a static cohort. */
export function removeSelectionFromCohort(input: unknown) {
  return removeSelectionFromCohortHandler(input);
}

/** Sidebar call: a static copy of a dynamic cohort. */
export function duplicateCohort(input: unknown) {
  return duplicateCohortHandler(input);
}

/** Sidebar call: soft-deletes a cohort once its name is typed. */
export function deleteCohort(input: unknown) {
  return deleteCohortHandler(input);
}

/** Sidebar call: the selected row's group, its activity and related groups. */
export function selectedGroup() {
  return selectedGroupHandler();
}

// Accounts and people: the members of selected accounts, a cohort of them, and the accounts of a cohort.

/** Sidebar call: the selected cells read as account keys. */
export function describeAccounts() {
  return describeAccountsHandler();
}

/** Sidebar call: the persons of the selected accounts into a new sheet. */
export function peopleOfAccounts(input: unknown) {
  return peopleOfAccountsHandler(input);
}

/** Sidebar call: a static cohort of the selected accounts' persons (new, or added to). */
export function cohortFromAccounts(input: unknown) {
  return cohortFromAccountsHandler(input);
}

/** Sidebar call: the accounts of a cohort's members into a new sheet. */
export function accountsOfCohort(input: unknown) {
  return accountsOfCohortHandler(input);
}

// Account history: kept on refresh, read for one account.

/** Sidebar call: keeps (or stops keeping) the active groups sheet's account history; answers its new status. */
export function setHistory(input: unknown) {
  return setHistoryHandler(input);
}

/** Sidebar call: a sheet with the selected account's history (PostHog's activity, the push log, recorded changes). */
export function accountHistory() {
  return accountHistoryHandler();
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

/** Menu item: runs a short self-test here and writes its report to a sheet the person can share with support. */
export function checkSetup(): void {
  checkSetupFromMenu();
}

/** Sidebar call: the same self-test; returns its lines and the report sheet's name. */
export function runSetupCheck() {
  return runSetupCheckHandler();
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

// PostHog formulas: the custom functions, their switch in the sidebar and the menu's refresh.

/** Sidebar call: whether PostHog formulas are on for this spreadsheet, and whether the caller owns it. */
export function getFormulaSettings() {
  return getFormulaSettingsHandler();
}

/** Sidebar call: switches PostHog formulas on or off for this spreadsheet (its owner only). */
export function setFormulasEnabled(input: unknown) {
  return setFormulasEnabledHandler(input);
}

/** Menu item: formulas whose last argument is PostHogRefresh!A1 fetch fresh data. */
export function refreshFormulas(): void {
  refreshFormulasFromMenu();
}

/**
 * Property values of PostHog groups, by key. One key and one property give one value; a column of keys gives
 * a column of values; a row of property names gives a row per key, so one formula fills a table. Values keep
 * their type; objects come as JSON text. The property "$fetched_at" gives the time the value was fetched.
 * Example: =POSTHOG_GROUP("company", A2:A100, {"name", "plan", "$fetched_at"}, PostHogRefresh!A1)
 *
 * @param {string|number} group_type The group type's name, e.g. "company", or its index (0 to 4).
 * @param {string|Array<Array<string>>} group_key A group key, or a range of keys.
 * @param {string|Array<Array<string>>} property A property name, or a range of names.
 * @param {Date} refresh Optional: PostHogRefresh!A1, so "Refresh PostHog formulas" in the menu fetches fresh data.
 * @return The values, one per key and property.
 * @customfunction
 */
export function POSTHOG_GROUP(
  group_type: unknown,
  group_key: unknown,
  property: unknown,
  refresh: unknown,
) {
  return groupFormula(group_type, group_key, property, refresh);
}

/**
 * A usage metric's value for groups, by key: the count (or sum) in the metric's current window, as PostHog computes
 * it, with one "now" for all groups. A range of keys gives a value per key.
 * Example: =POSTHOG_METRIC("company", A2:A100, "Weekly active usage", "change", PostHogRefresh!A1)
 *
 * @param {string|number} group_type The group type's name, e.g. "company", or its index (0 to 4).
 * @param {string|Array<Array<string>>} key_or_range A group key, or a range of keys.
 * @param {string} metric The metric's name (as in PostHog's group settings) or id.
 * @param {string} field Optional: "value" (default), "previous", "change" (in %), or "series" (daily values, a row per key).
 * @param {Date} refresh Optional: PostHogRefresh!A1, so "Refresh PostHog formulas" in the menu fetches fresh data.
 * @return The values, one per key.
 * @customfunction
 */
export function POSTHOG_METRIC(
  group_type: unknown,
  key_or_range: unknown,
  metric: unknown,
  field: unknown,
  refresh: unknown,
) {
  return metricFormula(group_type, key_or_range, metric, field, refresh);
}

/**
 * A table of a group type's groups: a header row ("key" and the property names), then a row per group in key
 * order (at most 2,000). Leave search empty for every group, and properties empty for every property.
 * Example: =POSTHOG_GROUPS("company", "acme", {"name", "plan"}, PostHogRefresh!A1)
 *
 * @param {string|number} group_type The group type's name, e.g. "company", or its index (0 to 4).
 * @param {string} search Optional: text to look for in the groups' properties, or an exact key ("" for all).
 * @param {string|Array<Array<string>>} properties Optional: the property names to show ("" for all).
 * @param {Date} refresh Optional: PostHogRefresh!A1, so "Refresh PostHog formulas" in the menu fetches fresh data.
 * @return A table with a header row.
 * @customfunction
 */
export function POSTHOG_GROUPS(
  group_type: unknown,
  search: unknown,
  properties: unknown,
  refresh: unknown,
) {
  return groupsFormula(group_type, search, properties, refresh);
}

/**
 * The project's group types: index, name, singular and plural names.
 * Example: =POSTHOG_GROUP_TYPES()
 *
 * @param {Date} refresh Optional: PostHogRefresh!A1, so "Refresh PostHog formulas" in the menu fetches fresh data.
 * @return A table with a header row.
 * @customfunction
 */
export function POSTHOG_GROUP_TYPES(refresh: unknown) {
  return groupTypesFormula(refresh);
}

/**
 * The project's cohorts: id, name, whether static, member count and whether still calculating.
 * Example: =POSTHOG_COHORTS()
 *
 * @param {Date} refresh Optional: PostHogRefresh!A1, so "Refresh PostHog formulas" in the menu fetches fresh data.
 * @return A table with a header row.
 * @customfunction
 */
export function POSTHOG_COHORTS(refresh: unknown) {
  return cohortsFormula(refresh);
}

/**
 * The persons in a cohort: person id, first distinct id, email and name (at most 2,000).
 * Example: =POSTHOG_COHORT_MEMBERS(12) or =POSTHOG_COHORT_MEMBERS("Beta testers")
 *
 * @param {number|string} cohort_id The cohort's id, or its exact name.
 * @param {Date} refresh Optional: PostHogRefresh!A1, so "Refresh PostHog formulas" in the menu fetches fresh data.
 * @return A table with a header row.
 * @customfunction
 */
export function POSTHOG_COHORT_MEMBERS(cohort_id: unknown, refresh: unknown) {
  return cohortMembersFormula(cohort_id, refresh);
}

/**
 * The usage metrics PostHog shows for a group type's groups (the project's, under any type): id, name, math,
 * math property, interval, format and display.
 * Example: =POSTHOG_METRICS("company")
 *
 * @param {string|number} group_type The group type's name, e.g. "company", or its index (0 to 4).
 * @param {Date} refresh Optional: PostHogRefresh!A1, so "Refresh PostHog formulas" in the menu fetches fresh data.
 * @return A table with a header row.
 * @customfunction
 */
export function POSTHOG_METRICS(group_type: unknown, refresh: unknown) {
  return metricsFormula(group_type, refresh);
}

/**
 * The 20 most common values of a group property, with how many groups have each.
 * Example: =POSTHOG_PROPERTY_VALUES("company", "plan")
 *
 * @param {string|number} group_type The group type's name, e.g. "company", or its index (0 to 4).
 * @param {string} property The property's name.
 * @param {Date} refresh Optional: PostHogRefresh!A1, so "Refresh PostHog formulas" in the menu fetches fresh data.
 * @return A table with a header row.
 * @customfunction
 */
export function POSTHOG_PROPERTY_VALUES(group_type: unknown, property: unknown, refresh: unknown) {
  return propertyValuesFormula(group_type, property, refresh);
}

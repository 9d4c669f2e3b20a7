// The one list of Apps Script entry points. Every export becomes a top-level function (scripts/build.ts);
// everything else stays private inside the bundle. Keep each body a one-line delegation.
import { installAddonMenu } from "./menu/install-menu.gas";
import { addonVersion } from "./sheets/custom-functions/version";
import { addonInfo } from "./sidebar/rpc-handlers";
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

/**
 * The version of the PostHog for Sheets add-on.
 *
 * @return {string} The add-on's version, e.g. "0.1.0".
 * @customfunction
 */
export function POSTHOG_VERSION(): string {
  return addonVersion();
}

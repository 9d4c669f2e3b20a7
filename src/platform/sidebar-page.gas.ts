// Opens the sidebar page (dist/sidebar.html) in the spreadsheet's side panel.

export const SIDEBAR_TITLE = "PostHog";

/** What the sidebar should show first when a menu item opens it: a push preview, or the undo preview. */
export type SidebarIntent = "preview" | "undo";

export function openSidebar(intent?: SidebarIntent): void {
  const page = HtmlService.createHtmlOutputFromFile("sidebar").setTitle(SIDEBAR_TITLE);
  // A fixed token of ours, never text from PostHog or the person: safe to add as markup.
  if (intent) page.append(`<meta name="posthog-intent" content="${intent}">`);
  SpreadsheetApp.getUi().showSidebar(page);
}

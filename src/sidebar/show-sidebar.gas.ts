// Opens the sidebar page (dist/sidebar.html) in the spreadsheet's side panel.

export const SIDEBAR_TITLE = "PostHog";

export function openSidebar(): void {
  const page = HtmlService.createHtmlOutputFromFile("sidebar").setTitle(SIDEBAR_TITLE);
  SpreadsheetApp.getUi().showSidebar(page);
}

// The add-on menu as data: what it offers, in order, and which global function each item runs.

export interface MenuItem {
  caption: string;
  /** Name of a global entry point in src/main.ts. */
  functionName: string;
}

/** `null` stands for a separator line. */
export type MenuEntry = MenuItem | null;

export const ADDON_MENU: readonly MenuEntry[] = [
  { caption: "Open PostHog sidebar", functionName: "showSidebar" },
  null,
  { caption: "Refresh this sheet", functionName: "refreshThisSheet" },
  { caption: "Refresh all PostHog sheets", functionName: "refreshAllSheets" },
  null,
  { caption: "Preview changes", functionName: "previewChanges" },
  { caption: "Push changes", functionName: "pushChanges" },
  { caption: "Undo last push", functionName: "undoLastPush" },
  { caption: "Refresh PostHog formulas", functionName: "refreshFormulas" },
  null,
  { caption: "Check setup", functionName: "checkSetup" },
];

// The menu's push items: each previews on the server (changed cells marked in the sheet), says what it found, and
// opens the sidebar, where the person reviews the preview and confirms. A menu item never pushes by itself.
import { previewPush, previewUndo } from "../features/push/handle";
import { locked, previewDeps } from "../platform/root.gas";
import { openSidebar, type SidebarIntent } from "../platform/sidebar-page.gas";
import type { PushPreview } from "../shared/push-rpc";
import { respond } from "../shared/respond";
import type { RpcResult } from "../shared/rpc";

/** The preview of the active sheet's edits, removals left out (the sidebar offers them). */
const previewEdits = () =>
  respond(() => locked(() => previewPush(previewDeps(), { includeRemovals: false })));

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function summary(preview: PushPreview): string {
  const { sets, removals, creates, blocked } = preview.counts;
  const parts = [plural(sets, "change")];
  if (removals > 0) parts.push(plural(removals, "removal"));
  if (creates > 0) parts.push(plural(creates, "new group"));
  const cannot = blocked > 0 ? ` ${plural(blocked, "edit")} cannot be sent (see the sidebar).` : "";
  return `${parts.join(", ")} to send from "${preview.sheetName}".${cannot}`;
}

function show(result: RpcResult<PushPreview>, next: string, intent: SidebarIntent): void {
  if (!result.ok) {
    const ui = SpreadsheetApp.getUi();
    ui.alert("PostHog", result.message, ui.ButtonSet.OK);
    return;
  }
  SpreadsheetApp.getActiveSpreadsheet().toast(`${summary(result.value)} ${next}`, "PostHog", 8);
  openSidebar(intent);
}

/** Menu item: marks the changed cells and opens the sidebar on the push panel. */
export function previewChangesFromMenu(): void {
  show(previewEdits(), "Review each one in the sidebar.", "preview");
}

/** Menu item: the same preview, then the sidebar, where the push is confirmed. */
export function pushChangesFromMenu(): void {
  show(previewEdits(), "Check them in the sidebar, then press Push there.", "preview");
}

/** Menu item: checks there is a push to undo, then opens the sidebar where its own preview is confirmed. */
export function undoLastPushFromMenu(): void {
  const result = respond(() => locked(() => previewUndo(previewDeps())));
  if (!result.ok) {
    show(result, "", "undo");
    return;
  }
  const n = result.value.counts.sets + result.value.counts.removals;
  SpreadsheetApp.getActiveSpreadsheet().toast(
    `Undoing the last push of "${result.value.sheetName}" puts back ${plural(n, "value")}. Review and confirm it in the sidebar.`,
    "PostHog",
    8,
  );
  openSidebar("undo");
}

// The push calls as the sidebar and the menu make them: preview (settling earlier pending updates first), undo's
// preview, start from the page's arguments, and the pending check. Shared so neither caller holds logic.
import { isPostHogError } from "../../api/posthog-error";
import type { KeyValueStore } from "../../platform/ports";
import { UserFacingError } from "../../shared/failures";
import type { PendingCheck, PushPreview, PushProgress } from "../../shared/push-rpc";
import { argsOf } from "../../shared/respond";
import type { Workbook } from "../../sheets/workbook";
import { undoItems } from "../undo/undo";
import { type PushDeps, startPush } from "./job";
import { checkPending, hasPending, pendingSummary } from "./pending";
import { fingerprint, markCells, recordPreview, sheetDiff } from "./preview";

/** What a preview needs; the push's full dependencies (a client, so a connection) only when something is pending. */
export interface PreviewDeps {
  workbook: Workbook;
  jobs: KeyValueStore;
  newId: () => string;
  clock: () => number;
  pushDeps: () => PushDeps;
}

/** Settles earlier pushes' pending updates before a preview; PostHog being unreachable does not block it. */
function settlePendingQuietly(deps: PreviewDeps): void {
  if (!hasPending(deps.jobs)) return;
  try {
    checkPending(deps.pushDeps());
  } catch (error) {
    if (!isPostHogError(error)) throw error;
  }
}

/** Diffs the active sheet against its snapshot, marks the changed cells and keeps the preview the push checks. */
export function previewPush(deps: PreviewDeps, input: unknown): PushPreview {
  const includeRemovals = argsOf(input).includeRemovals === true;
  settlePendingQuietly(deps);
  const { sheet, diff } = sheetDiff(deps.workbook, deps.workbook.active(), { includeRemovals });
  markCells(sheet, diff.items);
  const record = {
    id: deps.newId(),
    sheetId: sheet.id,
    origin: "sheet" as const,
    includeRemovals,
    fingerprint: fingerprint(diff.items),
  };
  return recordPreview(deps.jobs, record, sheet.name(), diff);
}

/** The preview of undoing the active sheet's last push, from the push log. */
export function previewUndo(deps: Omit<PreviewDeps, "pushDeps" | "clock">): PushPreview {
  const sheet = deps.workbook.active();
  const undo = sheet ? undoItems(deps.workbook, sheet.id) : null;
  if (!sheet || !undo?.pushId)
    throw new UserFacingError(
      "nothing_to_undo",
      "No push from this sheet is in the PostHog push log.",
    );
  const record = {
    id: deps.newId(),
    sheetId: sheet.id,
    origin: "undo" as const,
    includeRemovals: true,
    fingerprint: fingerprint(undo.items),
  };
  return recordPreview(deps.jobs, record, sheet.name(), undo);
}

/** Starts the previewed push, in REST or fast mode, overwriting conflicts only when asked. */
export function startPushWith(deps: PushDeps, input: unknown): PushProgress {
  const args = argsOf(input);
  return startPush(deps, {
    previewId: String(args.previewId ?? ""),
    overwrite: args.overwriteConflicts === true,
    mode: args.mode === "fast" ? "fast" : "rest",
  });
}

/** "Check again" (and the sidebar opening): reads back the pending fast-mode updates and settles what it can. */
export function checkPendingPushes(deps: PreviewDeps): PendingCheck {
  return hasPending(deps.jobs) ? checkPending(deps.pushDeps()) : pendingSummary(deps);
}

// Server-side handlers for preview, push and undo: the same document lock as pulls keeps two writers apart.

import { isPostHogError } from "../api/posthog-error";
import { projectClient } from "../features/connect/connect";
import { continuePush, currentPush, type PushDeps, startPush } from "../features/push/job";
import { checkPending, hasPending, pendingSummary } from "../features/push/pending";
import { fingerprint, markCells, recordPreview, sheetDiff } from "../features/push/preview";
import { undoItems } from "../features/undo/undo";
import { clock, sleep } from "../platform/clock.gas";
import { connectDeps } from "../platform/posthog.gas";
import { makeWriteClient } from "../platform/push-client.gas";
import { documentStore, propertiesStore } from "../platform/stores.gas";
import { activeWorkbook } from "../platform/workbook.gas";
import { UserFacingError } from "../shared/failures";
import type { PendingCheck, PushPreview, PushProgress } from "../shared/push-rpc";
import type { RpcResult } from "../shared/rpc";
import { locked } from "./pull-handlers.gas";
import { argsOf, respond } from "./rpc-handlers";

/**
 * A chunk hands back well before Apps Script's 6 minutes: its budget, plus a write batch started just before
 * it ends (the write client sleeps at most 60 s for the pacer), plus the statuses, snapshot and log at the end.
 */
const DEFAULT_BUDGET_MS = 240_000;

function budget(): number {
  const value = Number(
    propertiesStore(PropertiesService.getScriptProperties()).get("posthog.pushBudgetMs"),
  );
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_BUDGET_MS;
}

function documentJobs() {
  const jobs = documentStore();
  if (!jobs) throw new UserFacingError("no_document", "Open a spreadsheet to push its edits.");
  return jobs;
}

export function pushDeps(): PushDeps {
  const jobs = documentJobs();
  const { client, project } = projectClient(connectDeps());
  const { client: writer } = projectClient({ ...connectDeps(), makeClient: makeWriteClient });
  return {
    workbook: activeWorkbook(),
    jobs,
    client,
    writer,
    project,
    clock,
    sleep,
    newId: () => Utilities.getUuid(),
    budgetMs: budget(),
    // The userinfo.email scope lets the log name who pushed; Google gives "" across some domains, then "you".
    who: Session.getActiveUser().getEmail() || "you",
  };
}

/** Settles earlier pushes' pending updates before a preview; PostHog being unreachable does not block it. */
function settlePendingQuietly(): void {
  if (!hasPending(documentJobs())) return;
  try {
    checkPending(pushDeps());
  } catch (error) {
    if (!isPostHogError(error)) throw error;
  }
}

export const previewPushHandler = (input: unknown): RpcResult<PushPreview> =>
  respond(() =>
    locked(() => {
      const includeRemovals = argsOf(input).includeRemovals === true;
      settlePendingQuietly();
      const workbook = activeWorkbook();
      const { sheet, diff } = sheetDiff(workbook, workbook.active(), { includeRemovals });
      markCells(sheet, diff.items);
      const record = {
        id: Utilities.getUuid(),
        sheetId: sheet.id,
        origin: "sheet" as const,
        includeRemovals,
        fingerprint: fingerprint(diff.items),
      };
      return recordPreview(documentJobs(), record, sheet.name(), diff);
    }),
  );

export const previewUndoHandler = (): RpcResult<PushPreview> =>
  respond(() =>
    locked(() => {
      const workbook = activeWorkbook();
      const sheet = workbook.active();
      const undo = sheet ? undoItems(workbook, sheet.id) : null;
      if (!sheet || !undo?.pushId)
        throw new UserFacingError(
          "nothing_to_undo",
          "No push from this sheet is in the PostHog push log.",
        );
      const record = {
        id: Utilities.getUuid(),
        sheetId: sheet.id,
        origin: "undo" as const,
        includeRemovals: true,
        fingerprint: fingerprint(undo.items),
      };
      return recordPreview(documentJobs(), record, sheet.name(), undo);
    }),
  );

export const startPushHandler = (input: unknown): RpcResult<PushProgress> =>
  respond(() => {
    const args = argsOf(input);
    const mode = args.mode === "fast" ? "fast" : "rest";
    return locked(() =>
      startPush(pushDeps(), {
        previewId: String(args.previewId ?? ""),
        overwrite: args.overwriteConflicts === true,
        mode,
      }),
    );
  });

export const continuePushHandler = (input: unknown): RpcResult<PushProgress> =>
  respond(() => locked(() => continuePush(pushDeps(), String(argsOf(input).jobId ?? ""))));

export const currentPushHandler = (): RpcResult<PushProgress | null> =>
  respond(() => {
    const jobs = documentStore();
    return jobs ? currentPush({ jobs, workbook: activeWorkbook() }) : null;
  });

/** "Check again" (and the sidebar opening): reads back the pending fast-mode updates and settles what it can. */
export const checkPendingPushesHandler = (): RpcResult<PendingCheck> =>
  respond(() =>
    locked(() => {
      const jobs = documentJobs();
      return hasPending(jobs)
        ? checkPending(pushDeps())
        : pendingSummary({ jobs, workbook: activeWorkbook(), clock });
    }),
  );

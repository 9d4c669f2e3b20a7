// A push as a resumable job: a queue in a hidden sheet, state in document properties, chunks bounded by a time budget.
// Start (checks the preview), continue (conflicts, then sending, then confirming), and the progress the sidebar shows;
// the sending itself is send.ts (REST) and fast.ts (capture), the end finish.ts.
import { UserFacingError } from "../../shared/failures";
import type { PushProgress } from "../../shared/push-rpc";
import { freeSheetName } from "../../sheets/workbook";
import { undoItems } from "../undo/undo";
import { confirmFast, sendFast } from "./fast";
import { finishPush } from "./finish";
import { checkPending, hasPending, keepPending } from "./pending";
import { fingerprint, forgetPreview, loadPreview, readSheetDiff, showValue } from "./preview";
import { forgetPush, loadPush, type PushDeps, type PushJob, savePush } from "./push-job";
import {
  failed,
  type ItemState,
  indicesIn,
  isFinal,
  PENDING,
  type QueueEntry,
  readQueue,
  SENT,
  saveEntries,
  UNKNOWN,
  writeQueue,
} from "./queue";
import { readGroups } from "./read";
import { type SendContext, sendPending } from "./send";
import { sameValue } from "./values";

export type { PushDeps, PushJob } from "./push-job";

/** Starts pushing what was previewed; refuses if the sheet (or the log, for an undo) changed since. */
export function startPush(
  deps: PushDeps,
  input: { previewId: string; overwrite: boolean; mode: "rest" | "fast" },
): PushProgress {
  const running = loadPush(deps.jobs);
  // Pending updates of earlier pushes settle first: a failed one puts its edit back into the sheet's diff.
  if (!running && hasPending(deps.jobs)) checkPending(deps);
  if (running)
    throw new UserFacingError(
      "push_running",
      "A push is still running in this spreadsheet. Let it finish (the sidebar continues it) before starting another.",
    );
  const preview = loadPreview(deps.jobs);
  if (!preview || preview.id !== input.previewId)
    throw new UserFacingError(
      "no_preview",
      "Preview the changes first: only a previewed push is sent.",
    );
  const sheet = deps.workbook.sheetById(preview.sheetId);
  const { meta, diff } = readSheetDiff(deps.workbook, sheet, {
    includeRemovals: preview.includeRemovals,
  });
  const items =
    preview.origin === "undo" ? undoItems(deps.workbook, preview.sheetId).items : diff.items;
  if (fingerprint(items) !== preview.fingerprint)
    throw new UserFacingError(
      "changed_since_preview",
      "The sheet changed since the preview. Preview again, then push.",
    );
  if (items.length === 0)
    throw new UserFacingError(
      "nothing_to_push",
      "There is nothing to push: no cell differs from PostHog.",
    );
  if (meta.request.entity !== "groups")
    throw new UserFacingError("not_a_groups_sheet", "Only groups can be pushed.");
  const id = deps.newId();
  const queue = deps.workbook.insert(freeSheetName(deps.workbook, `PostHog push queue ${id}`), {
    hidden: true,
  });
  sheet?.activate();
  writeQueue(
    queue,
    items.map((item) => ({ item, result: PENDING })),
  );
  const job: PushJob = {
    id,
    sheetId: preview.sheetId,
    queueSheetId: queue.id,
    origin: preview.origin,
    mode: input.mode,
    overwrite: input.overwrite,
    total: items.length,
    groupTypeIndex: meta.request.groupTypeIndex,
    phase: "check",
    inflight: null,
    confirmRounds: 0,
    startedAt: new Date(deps.clock()).toISOString(),
  };
  savePush(deps.jobs, job);
  forgetPreview(deps.jobs);
  return continuePush(deps, id);
}

/** Runs the push for up to `budgetMs`; finishes it (statuses, snapshot, log) once every item is known. */
export function continuePush(deps: PushDeps, jobId: string): PushProgress {
  const job = loadPush(deps.jobs);
  if (!job || job.id !== jobId)
    throw new UserFacingError("no_such_push", "That push has finished or was cancelled.");
  const queueSheet = deps.workbook.sheetById(job.queueSheetId);
  const target = deps.workbook.sheetById(job.sheetId);
  if (!queueSheet || !target) {
    forgetPush(deps.jobs);
    throw new UserFacingError(
      "push_lost",
      "The sheet of this push was deleted; what was sent is in PostHog.",
    );
  }
  const entries = readQueue(queueSheet, job.total);
  const deadline = deps.clock() + deps.budgetMs;
  if (job.inflight) {
    // The last execution died with these on the wire: re-read before sending any again.
    for (const i of job.inflight) {
      const entry = entries[i] as QueueEntry;
      if (entry.result.state === "pending") entry.result = UNKNOWN;
    }
    saveEntries(queueSheet, entries, job.inflight);
    job.inflight = null;
    savePush(deps.jobs, job);
  }
  if (job.phase === "check") {
    checkConflicts(deps, job, entries);
    writeQueue(queueSheet, entries);
    job.phase = "send";
    savePush(deps.jobs, job);
  }
  const ctx: SendContext = {
    deps,
    job,
    entries,
    save: (indices) => saveEntries(queueSheet, entries, indices),
  };
  if (job.phase === "send") {
    const finished = job.mode === "fast" ? sendFast(ctx, deadline) : sendPending(ctx, deadline);
    if (!finished) return progress(job, target.name(), entries, "running");
    if (job.mode === "fast" && indicesIn(entries, "unconfirmed").length > 0) job.phase = "confirm";
    savePush(deps.jobs, job);
  }
  if (job.phase === "confirm" && !confirmFast(ctx, deadline)) {
    return progress(job, target.name(), entries, "running");
  }
  finishPush(deps, job, target, entries);
  // Pending updates keep their queue (hidden) for the later checks; otherwise it goes.
  if (!keepPending(deps, job, entries)) deps.workbook.remove(queueSheet);
  forgetPush(deps.jobs);
  return progress(job, target.name(), entries, "done");
}

/** Conflicts: PostHog changed the property since the pull, to something else than the new value. */
function checkConflicts(deps: PushDeps, job: PushJob, entries: QueueEntry[]): void {
  const waiting = indicesIn(entries, "pending").map((i) => entries[i] as QueueEntry);
  const current = readGroups(
    deps.client,
    job.groupTypeIndex,
    waiting.map((e) => e.item.key),
    deps.project.canQuery,
  );
  for (const entry of waiting) {
    const { item } = entry;
    const props = current.get(item.key) ?? null;
    if (item.kind === "create") {
      if (props)
        entry.result = { state: "conflict", posthog: "a group with this key already exists" };
      continue;
    }
    if (!props) {
      entry.result = failed("the group is no longer in PostHog");
      continue;
    }
    const now = props[item.property];
    if (sameValue(now, item.kind === "remove" ? undefined : item.value)) entry.result = SENT;
    else if (sameValue(now, item.old)) continue;
    // Overwritten, the log keeps what PostHog really had (not what the sheet last knew), so undo puts that back.
    else if (job.overwrite) item.old = now ?? null;
    else entry.result = { state: "conflict", posthog: showValue(now) };
  }
}

function progress(
  job: PushJob,
  sheetName: string,
  entries: readonly QueueEntry[],
  status: "running" | "done",
): PushProgress {
  const count = (test: (r: ItemState) => boolean) => entries.filter((e) => test(e.result)).length;
  const inState = (state: ItemState["state"]) => count((r) => r.state === state);
  const conflicts = entries.flatMap(({ item, result }) =>
    result.state === "conflict" ? [{ item, posthog: result.posthog }] : [],
  );
  const failures = entries.flatMap(({ item, result }) =>
    result.state === "failed" ? [{ item, reason: result.reason }] : [],
  );
  return {
    jobId: job.id,
    sheetName,
    status,
    mode: job.mode,
    phase: status === "done" ? "done" : job.phase === "confirm" ? "confirming" : "sending",
    total: job.total,
    done: count(isFinal),
    sent: inState("sent"),
    conflicts: conflicts.length,
    failed: failures.length,
    pending: status === "done" ? inState("unconfirmed") : 0,
    startedAt: job.startedAt,
    conflictList: conflicts.slice(0, 200).map(({ item, posthog }) => ({
      key: item.key,
      property: item.property,
      pulled: showValue(item.old),
      posthog,
      yours: showValue(item.value),
    })),
    failures: failures.slice(0, 200).map(({ item, reason }) => ({
      key: item.key,
      property: item.property,
      reason,
    })),
  };
}

/** The document's unfinished push, if any. */
export function currentPush(deps: Pick<PushDeps, "jobs" | "workbook">): PushProgress | null {
  const job = loadPush(deps.jobs);
  if (!job) return null;
  const queue = deps.workbook.sheetById(job.queueSheetId);
  const entries = queue ? readQueue(queue, job.total) : [];
  return progress(job, deps.workbook.sheetById(job.sheetId)?.name() ?? "", entries, "running");
}

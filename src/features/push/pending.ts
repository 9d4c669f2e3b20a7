// Fast-mode updates PostHog accepted but has not shown yet: kept in their push's queue, checked again later, and
// settled to sent (shown) or failed (unseen for PENDING_LIMIT_MS), with the status column, snapshot and log.
import type { PendingCheck } from "../../shared/push-rpc";
import { revertSnapshot, settleLog, writeStatuses } from "./finish";
import type { PushDeps, PushJob } from "./push-job";
import { failed, indicesIn, type QueueEntry, readQueue, SENT, saveEntries } from "./queue";
import { readGroups } from "./read";
import { landed } from "./send";

const PENDING_KEY = "posthog.pendingPushes";

/**
 * How long an update may stay unseen before it counts as failed. PostHog ingests events in seconds to minutes
 * (posthog-local models a minute by default); half an hour leaves room for a backlog without leaving a person
 * waiting on a write that was dropped.
 */
export const PENDING_LIMIT_MS = 30 * 60_000;

export const PENDING_FAILURE = failed(
  "PostHog did not show this update within 30 minutes of the push",
);

/** A finished push that still has pending updates in its (hidden) queue sheet. */
interface PendingPush {
  id: string;
  sheetId: number;
  queueSheetId: number;
  groupTypeIndex: number;
  total: number;
  /** When the push finished (ms): the 30 minutes count from here. */
  finishedAt: number;
}

type Deps = Pick<PushDeps, "jobs" | "workbook" | "client" | "project" | "clock">;

/** True when some push of this document left updates to check (no PostHog call needed to know). */
export function hasPending(jobs: PushDeps["jobs"]): boolean {
  return jobs.get(PENDING_KEY) !== null;
}

function load(deps: Pick<PushDeps, "jobs">): PendingPush[] {
  const text = deps.jobs.get(PENDING_KEY);
  return text ? (JSON.parse(text) as PendingPush[]) : [];
}

function store(deps: Pick<PushDeps, "jobs">, pushes: readonly PendingPush[]): void {
  if (pushes.length === 0) deps.jobs.remove(PENDING_KEY);
  else deps.jobs.put(PENDING_KEY, JSON.stringify(pushes));
}

/** True when the push left pending updates; its queue sheet is then kept for the later checks. */
export function keepPending(
  deps: Pick<PushDeps, "jobs" | "clock">,
  job: PushJob,
  entries: readonly QueueEntry[],
): boolean {
  if (indicesIn(entries, "unconfirmed").length === 0) return false;
  const pushes = load(deps).filter((p) => p.id !== job.id);
  pushes.push({
    id: job.id,
    sheetId: job.sheetId,
    queueSheetId: job.queueSheetId,
    groupTypeIndex: job.groupTypeIndex,
    total: job.total,
    finishedAt: deps.clock(),
  });
  store(deps, pushes);
  return true;
}

/** How many updates wait, without asking PostHog (for the sidebar's first look). */
export function pendingSummary(deps: Pick<PushDeps, "jobs" | "workbook" | "clock">): PendingCheck {
  let pending = 0;
  for (const push of load(deps)) {
    const queue = deps.workbook.sheetById(push.queueSheetId);
    if (queue) pending += indicesIn(readQueue(queue, push.total), "unconfirmed").length;
  }
  return summary(deps, pending, 0, 0);
}

function summary(
  deps: Pick<PushDeps, "jobs" | "clock">,
  pending: number,
  sent: number,
  failed: number,
): PendingCheck {
  const oldest = Math.min(...load(deps).map((p) => p.finishedAt));
  return {
    pending,
    sent,
    failed,
    limitMinutes: PENDING_LIMIT_MS / 60_000,
    failsAt:
      pending > 0 && Number.isFinite(oldest)
        ? new Date(oldest + PENDING_LIMIT_MS).toISOString()
        : null,
  };
}

/**
 * Reads back every pending update (one read per push): what PostHog shows now is sent, what it has not shown
 * 30 minutes after the push failed; the rest stays pending. Runs when the sidebar opens, before a preview or a
 * push, and from the sidebar's "Check again".
 */
export function checkPending(deps: Deps): PendingCheck {
  const pushes = load(deps);
  if (pushes.length === 0) return summary(deps, 0, 0, 0);
  const keep: PendingPush[] = [];
  let pending = 0;
  let sent = 0;
  let failed = 0;
  const now = deps.clock();
  for (const push of pushes) {
    const queue = deps.workbook.sheetById(push.queueSheetId);
    const target = deps.workbook.sheetById(push.sheetId);
    if (!queue || !target) {
      // The sheet or its queue was deleted: nothing is left to show the results in.
      if (queue) deps.workbook.remove(queue);
      continue;
    }
    const entries = readQueue(queue, push.total);
    const waiting = indicesIn(entries, "unconfirmed");
    const keys = waiting.map((i) => (entries[i] as QueueEntry).item.key);
    const current = readGroups(deps.client, push.groupTypeIndex, keys, deps.project.canQuery);
    const expired = now - push.finishedAt >= PENDING_LIMIT_MS;
    const settled: QueueEntry[] = [];
    for (const i of waiting) {
      const entry = entries[i] as QueueEntry;
      if (landed(entry.item, current.get(entry.item.key) ?? null)) entry.result = SENT;
      else if (expired) entry.result = PENDING_FAILURE;
      else continue;
      settled.push(entry);
    }
    sent += settled.filter((e) => e.result.state === "sent").length;
    const lost = settled.filter((e) => e.result.state !== "sent");
    failed += lost.length;
    saveEntries(queue, entries, waiting);
    if (settled.length > 0) {
      writeStatuses(deps.workbook, target, entries, new Set(settled.map((e) => e.item.key)));
      revertSnapshot(
        deps.workbook,
        target,
        lost.map((e) => e.item),
      );
      settleLog(deps.workbook, push.id, settled);
    }
    const left = waiting.length - settled.length;
    pending += left;
    if (left > 0) keep.push(push);
    else deps.workbook.remove(queue);
  }
  store(deps, keep);
  return summary(deps, pending, sent, failed);
}

// A push as a resumable job: a queue in a hidden sheet, state in document properties, chunks bounded by a time budget.
// Over 300 lines because the queue's states (pending, in flight, unknown, sent) change only here, in one place.
// Each item's result is saved as soon as it is known; an item cut off mid-request is re-read before it is sent again.
import type { PostHogClient } from "../../api";
import { isPostHogError, type PostHogError } from "../../api/posthog-error";
import type { Clock } from "../../api/transport";
import type { KeyValueStore } from "../../platform/ports";
import { UserFacingError } from "../../shared/failures";
import type { PushProgress } from "../../shared/push-rpc";
import { freeSheetName, type Workbook } from "../../sheets/workbook";
import type { DocumentProject } from "../connect/settings";
import { undoItems } from "../undo/undo";
import type { PushItem } from "./diff";
import { confirmFast, sendFast } from "./fast";
import { finishPush } from "./finish";
import { checkPending, hasPending, keepPending } from "./pending";
import { fingerprint, forgetPreview, loadPreview, sheetDiff, showValue } from "./preview";
import {
  isFinal,
  PENDING,
  type QueueEntry,
  readQueue,
  saveEntries,
  UNCONFIRMED,
  UNKNOWN,
  writeQueue,
} from "./queue";
import { readGroups } from "./read";
import { sameValue } from "./values";

const JOB_KEY = "posthog.pushJob";
/** Items sent side by side per batch; each batch's results are saved before the next goes. */
const BATCH = 40;

export interface PushDeps {
  workbook: Workbook;
  /** Document properties: the job's state and the preview. */
  jobs: KeyValueStore;
  /** Reads (with the client's retries). */
  client: PostHogClient;
  /** Writes: the same key with no automatic retries, so no write is ever sent twice unseen. */
  writer: PostHogClient;
  project: DocumentProject;
  clock: Clock;
  sleep: (ms: number) => void;
  newId: () => string;
  budgetMs: number;
  /** Who pushes, for the log ("you" when the add-on cannot know without another scope). */
  who: string;
}

export interface PushJob {
  id: string;
  sheetId: number;
  queueSheetId: number;
  origin: "sheet" | "undo";
  mode: "rest" | "fast";
  overwrite: boolean;
  total: number;
  groupTypeIndex: number;
  phase: "check" | "send" | "confirm";
  /** Queue indices of the batch on the wire: if the execution dies, their outcome is unknown. */
  inflight: number[] | null;
  confirmRounds: number;
  startedAt: string;
}

export function loadPush(jobs: KeyValueStore): PushJob | null {
  const text = jobs.get(JOB_KEY);
  return text ? (JSON.parse(text) as PushJob) : null;
}

const save = (deps: PushDeps, job: PushJob) => deps.jobs.put(JOB_KEY, JSON.stringify(job));

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
  const { meta, diff } = sheetDiff(deps.workbook, sheet, {
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
    items.map((item) => ({ item, result: PENDING, posthog: "" })),
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
  save(deps, job);
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
    deps.jobs.remove(JOB_KEY);
    throw new UserFacingError(
      "push_lost",
      "The sheet of this push was deleted; what was sent is in PostHog.",
    );
  }
  const entries = readQueue(queueSheet, job.total);
  const deadline = deps.clock() + deps.budgetMs;
  if (job.inflight) {
    // The last execution died with these on the wire: re-read before sending any again.
    for (const i of job.inflight)
      if ((entries[i] as QueueEntry).result === PENDING)
        (entries[i] as QueueEntry).result = UNKNOWN;
    saveEntries(queueSheet, entries, job.inflight);
    job.inflight = null;
    save(deps, job);
  }
  if (job.phase === "check") {
    checkConflicts(deps, job, entries);
    writeQueue(queueSheet, entries);
    job.phase = "send";
    save(deps, job);
  }
  const ctx: SendContext = {
    deps,
    job,
    entries,
    save: (indices) => saveEntries(queueSheet, entries, indices),
  };
  if (job.phase === "send") {
    const finished = job.mode === "fast" ? sendFast(ctx, deadline) : sendRest(ctx, deadline);
    if (!finished) return progress(job, target.name(), entries, "running");
    job.phase =
      job.mode === "fast" && entries.some((e) => e.result === UNCONFIRMED) ? "confirm" : job.phase;
    save(deps, job);
  }
  if (job.phase === "confirm" && !confirmFast(ctx, deadline)) {
    return progress(job, target.name(), entries, "running");
  }
  finishPush(deps, job, target, entries);
  // Pending updates keep their queue (hidden) for the later checks; otherwise it goes.
  if (!keepPending(deps, job, entries)) deps.workbook.remove(queueSheet);
  deps.jobs.remove(JOB_KEY);
  return progress(job, target.name(), entries, "done");
}

export interface SendContext {
  deps: PushDeps;
  job: PushJob;
  entries: QueueEntry[];
  save(indices: readonly number[]): void;
  /** The longest wait PostHog or the pacer asked for in the last batch (ms). */
  waitMs?: number;
}

/** Conflicts: PostHog changed the property since the pull, to something else than the new value. */
function checkConflicts(deps: PushDeps, job: PushJob, entries: QueueEntry[]): void {
  const keys = entries.filter((e) => e.result === PENDING).map((e) => e.item.key);
  const current = readGroups(deps.client, job.groupTypeIndex, keys, deps.project.canQuery);
  for (const entry of entries) {
    if (entry.result !== PENDING) continue;
    const { item } = entry;
    const props = current.get(item.key) ?? null;
    if (item.kind === "create") {
      if (props) {
        entry.result = "conflict";
        entry.posthog = "a group with this key already exists";
      }
      continue;
    }
    if (!props) {
      entry.result = "failed: the group is no longer in PostHog";
      continue;
    }
    const now = props[item.property];
    if (sameValue(now, item.kind === "remove" ? undefined : item.value)) entry.result = "sent";
    else if (!sameValue(now, item.old) && !job.overwrite) {
      entry.result = "conflict";
      entry.posthog = showValue(now);
    }
  }
}

/** Sends REST writes batch by batch; false when the time ran out or PostHog asked to wait. */
function sendRest(ctx: SendContext, deadline: number): boolean {
  const { deps, entries } = ctx;
  while (deps.clock() < deadline) {
    verifyUnknown(ctx);
    const batch = entries.flatMap((e, i) => (e.result === PENDING ? [i] : [])).slice(0, BATCH);
    if (batch.length === 0) return !entries.some((e) => e.result === UNKNOWN);
    const stop = sendBatch(ctx, batch);
    if (stop) throw stop;
    if (batch.every((i) => entries[i]?.result === PENDING) && !waitForPace(ctx, deadline))
      return false;
  }
  return false;
}

/**
 * Nothing moved: PostHog (or the pacer, at the hourly limit) asks for a longer wait than one call may sleep.
 * The chunk spends its own time waiting rather than handing back at once, so a sidebar polling `continuePush`
 * does not run execution after execution that send nothing. False when the chunk's time is up.
 */
export function waitForPace(ctx: SendContext, deadline: number): boolean {
  const left = deadline - ctx.deps.clock();
  if (left <= 0) return false;
  const wait = Math.min(Math.max(ctx.waitMs ?? 0, 1000), left);
  ctx.waitMs = 0;
  ctx.deps.sleep(wait);
  return wait < left;
}

/** Sends one batch (sets side by side, removals and creates one by one) and saves every result. */
export function sendBatch(ctx: SendContext, batch: readonly number[]): PostHogError | null {
  const { deps, job, entries } = ctx;
  job.inflight = [...batch];
  deps.jobs.put(JOB_KEY, JSON.stringify(job));
  const ref = (item: PushItem) => ({ groupTypeIndex: job.groupTypeIndex, groupKey: item.key });
  const sets = batch.filter((i) => entries[i]?.item.kind === "set");
  let stop: PostHogError | null = null;
  const outcomes = deps.writer.groups.updateProperties(
    sets.map((i) => {
      const item = (entries[i] as QueueEntry).item;
      return { ...ref(item), key: item.property, value: item.value };
    }),
    { concurrency: 8 },
  );
  sets.forEach((i, n) => {
    const outcome = outcomes[n];
    const entry = entries[i] as QueueEntry;
    if (outcome?.ok) entry.result = "sent";
    else if (outcome) stop = record(ctx, entry, outcome.error) ?? stop;
  });
  for (const i of batch) {
    const entry = entries[i] as QueueEntry;
    if (entry.item.kind === "set" || stop) continue;
    try {
      if (entry.item.kind === "remove")
        deps.writer.groups.deleteProperty({ ...ref(entry.item), key: entry.item.property });
      else
        deps.writer.groups.create({
          ...ref(entry.item),
          properties: entry.item.value as Record<string, unknown>,
        });
      entry.result = "sent";
    } catch (error) {
      if (!isPostHogError(error)) throw error;
      stop = record(ctx, entry, error as PostHogError) ?? stop;
    }
  }
  ctx.save(batch);
  job.inflight = null;
  deps.jobs.put(JOB_KEY, JSON.stringify(job));
  return stop;
}

const STOPPERS = new Set([
  "invalid_key",
  "not_authenticated",
  "missing_scope",
  "no_project_access",
]);
const UNSURE = new Set(["network", "timeout", "server_error", "bad_response"]);

/** Notes a failed write's result; returns the error when the whole push must stop (the key no longer works). */
function record(ctx: SendContext, entry: QueueEntry, error: PostHogError): PostHogError | null {
  if (STOPPERS.has(error.code)) return error;
  // A 429 (or the pacer's refusal) came before PostHog wrote anything: it simply goes again, after the wait.
  if (error.code === "throttled") {
    ctx.waitMs = Math.max(ctx.waitMs ?? 0, (error.waitSeconds ?? 1) * 1000);
    return null;
  }
  if (UNSURE.has(error.code)) entry.result = UNKNOWN;
  else entry.result = `failed: ${error.message}`;
  return null;
}

/** Items whose outcome is unknown: re-read their groups; what landed is sent, the rest goes again. */
export function verifyUnknown(ctx: SendContext): void {
  const { deps, job, entries } = ctx;
  const unknown = entries.flatMap((e, i) => (e.result === UNKNOWN ? [i] : []));
  if (unknown.length === 0) return;
  const current = readGroups(
    deps.client,
    job.groupTypeIndex,
    unknown.map((i) => (entries[i] as QueueEntry).item.key),
    false,
  );
  for (const i of unknown) {
    const entry = entries[i] as QueueEntry;
    entry.result = landed(entry.item, current.get(entry.item.key) ?? null) ? "sent" : PENDING;
  }
  ctx.save(unknown);
}

/** True when PostHog shows the item's write. */
export function landed(item: PushItem, props: Record<string, unknown> | null): boolean {
  if (!props) return false;
  if (item.kind === "create") return true;
  if (item.kind === "remove") return !(item.property in props);
  return sameValue(props[item.property], item.value);
}

function progress(
  job: PushJob,
  sheetName: string,
  entries: readonly QueueEntry[],
  status: "running" | "done",
): PushProgress {
  const count = (test: (r: string) => boolean) => entries.filter((e) => test(e.result)).length;
  return {
    jobId: job.id,
    sheetName,
    status,
    mode: job.mode,
    phase: status === "done" ? "done" : job.phase === "confirm" ? "confirming" : "sending",
    total: job.total,
    done: count(isFinal),
    sent: count((r) => r === "sent"),
    conflicts: count((r) => r === "conflict"),
    failed: count((r) => r.startsWith("failed")),
    pending: status === "done" ? count((r) => r === UNCONFIRMED) : 0,
    startedAt: job.startedAt,
    conflictList: entries
      .filter((e) => e.result === "conflict")
      .slice(0, 200)
      .map((e) => ({
        key: e.item.key,
        property: e.item.property,
        pulled: showValue(e.item.old),
        posthog: e.posthog,
        yours: showValue(e.item.value),
      })),
    failures: entries
      .filter((e) => e.result.startsWith("failed"))
      .slice(0, 200)
      .map((e) => ({
        key: e.item.key,
        property: e.item.property,
        reason: e.result.replace(/^failed: /, ""),
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

// The send primitives both modes share: batches of REST writes, re-reading unknown outcomes, and pacing.
// Each batch marks itself in flight before it goes and saves every result as soon as it is known.
import { isPostHogError, type PostHogError } from "../../api/posthog-error";
import type { PushItem } from "./diff";
import { type PushDeps, type PushJob, savePush } from "./push-job";
import { failed, indicesIn, PENDING, type QueueEntry, SENT, UNKNOWN } from "./queue";
import { readGroups } from "./read";
import { sameValue } from "./values";

/** Items sent side by side per batch; each batch's results are saved before the next goes. */
export const BATCH = 40;

export interface SendContext {
  deps: PushDeps;
  job: PushJob;
  entries: QueueEntry[];
  save(indices: readonly number[]): void;
  /** The longest wait PostHog or the pacer asked for in the last batch (ms). */
  waitMs?: number;
}

/**
 * Sends every pending item by REST, batch by batch, re-reading unknown outcomes first; true once none is left
 * (and none unknown), false when the time ran out or PostHog asked to wait longer than the chunk has. Throws
 * when the key stopped working.
 */
export function sendPending(ctx: SendContext, deadline: number): boolean {
  const { deps, entries } = ctx;
  while (deps.clock() < deadline) {
    verifyUnknown(ctx);
    const batch = indicesIn(entries, "pending").slice(0, BATCH);
    if (batch.length === 0) return indicesIn(entries, "unknown").length === 0;
    const stop = sendBatch(ctx, batch);
    if (stop) throw stop;
    if (batch.every((i) => entries[i]?.result.state === "pending") && !waitForPace(ctx, deadline))
      return false;
  }
  return false;
}

/**
 * Nothing moved: PostHog (or the pacer, at the hourly limit) asks for a longer wait than one call may sleep.
 * The chunk spends its own time waiting rather than handing back at once, so a sidebar polling `continuePush`
 * does not run execution after execution that send nothing. False when the chunk's time is up.
 */
function waitForPace(ctx: SendContext, deadline: number): boolean {
  const left = deadline - ctx.deps.clock();
  if (left <= 0) return false;
  const wait = Math.min(Math.max(ctx.waitMs ?? 0, 1000), left);
  ctx.waitMs = 0;
  ctx.deps.sleep(wait);
  return wait < left;
}

/** Sends one batch (sets side by side, removals and creates one by one) and saves every result. */
function sendBatch(ctx: SendContext, batch: readonly number[]): PostHogError | null {
  const { deps, job, entries } = ctx;
  job.inflight = [...batch];
  savePush(deps.jobs, job);
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
    if (outcome?.ok) entry.result = SENT;
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
      entry.result = SENT;
    } catch (error) {
      if (!isPostHogError(error)) throw error;
      stop = record(ctx, entry, error as PostHogError) ?? stop;
    }
  }
  ctx.save(batch);
  job.inflight = null;
  savePush(deps.jobs, job);
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
  entry.result = UNSURE.has(error.code) ? UNKNOWN : failed(error.message);
  return null;
}

/** Items whose outcome is unknown: re-read their groups; what landed is sent, the rest goes again. */
export function verifyUnknown(ctx: SendContext): void {
  const { deps, job, entries } = ctx;
  const unknown = indicesIn(entries, "unknown");
  if (unknown.length === 0) return;
  const current = readGroups(
    deps.client,
    job.groupTypeIndex,
    unknown.map((i) => (entries[i] as QueueEntry).item.key),
    false,
  );
  for (const i of unknown) {
    const entry = entries[i] as QueueEntry;
    entry.result = landed(entry.item, current.get(entry.item.key) ?? null) ? SENT : PENDING;
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

// Fast mode: sets and creates as $groupidentify events through /batch/ (thousands a request, the project token),
// then a read-back confirming each landed, since PostHog ingests them asynchronously. Removals go by REST.
import { UserFacingError } from "../../shared/failures";
import { savePush } from "./push-job";
import { indicesIn, type QueueEntry, SENT, UNCONFIRMED, UNKNOWN } from "./queue";
import { readGroups } from "./read";
import { landed, type SendContext, sendPending, verifyUnknown } from "./send";

/** Events per capture request (PostHog takes up to 20 MB a request). */
const EVENTS_PER_REQUEST = 2000;
/**
 * Read-back rounds (one a chunk, with a short wait) during the push. PostHog ingests events in seconds to
 * minutes, so an update not shown by then is *pending*, not failed: it is checked again later (pending.ts).
 */
const MAX_CONFIRM_ROUNDS = 5;
const CONFIRM_WAIT_MS = 2000;

/** Captures the pending sets and creates in one go, then sends what is left (removals) like REST mode. */
export function sendFast(ctx: SendContext, deadline: number): boolean {
  verifyUnknown(ctx);
  capture(ctx);
  return sendPending(ctx, deadline);
}

function capture(ctx: SendContext): void {
  const { deps, job, entries } = ctx;
  const captured = indicesIn(entries, "pending").filter(
    (i) => (entries[i] as QueueEntry).item.kind !== "remove",
  );
  if (captured.length === 0) return;
  const token = deps.client.projects.get().api_token;
  if (!token)
    throw new UserFacingError(
      "no_project_token",
      "PostHog did not give the project's API token; push in REST mode.",
    );
  const groupType = deps.client.groupTypes
    .list()
    .find((t) => t.group_type_index === job.groupTypeIndex)?.group_type;
  if (!groupType)
    throw new UserFacingError("no_group_type", "This sheet's group type is no longer in PostHog.");
  const byKey = new Map<string, Record<string, unknown>>();
  for (const i of captured) {
    const { item } = entries[i] as QueueEntry;
    const props = byKey.get(item.key) ?? {};
    if (item.kind === "create") Object.assign(props, item.value as Record<string, unknown>);
    else props[item.property] = item.value;
    byKey.set(item.key, props);
  }
  // Written ahead in the queue (thousands of indices do not fit in a document property): if the execution
  // dies during the capture, these are read back before anything is sent again.
  for (const i of captured) (entries[i] as QueueEntry).result = UNKNOWN;
  ctx.save(captured);
  const result = deps.writer.capture.groupIdentify(
    [...byKey].map(([groupKey, properties]) => ({ groupType, groupKey, properties })),
    { projectToken: token, maxEventsPerRequest: EVENTS_PER_REQUEST },
  );
  const lost = new Set(result.kind === "partial" ? result.remaining.map((g) => g.groupKey) : []);
  for (const i of captured) {
    const entry = entries[i] as QueueEntry;
    // A failed batch may still have been ingested: it is read back before anything is sent again.
    entry.result = lost.has(entry.item.key) ? UNKNOWN : UNCONFIRMED;
  }
  ctx.save(captured);
  if (result.kind === "partial") throw result.error;
}

/** One read-back round (with a bounded wait first); true once nothing waits, or the push's rounds are spent. */
export function confirmFast(ctx: SendContext, deadline: number): boolean {
  const { deps, job, entries } = ctx;
  const waiting = indicesIn(entries, "unconfirmed");
  if (waiting.length === 0) return true;
  if (job.confirmRounds > 0 && deps.clock() + CONFIRM_WAIT_MS < deadline)
    deps.sleep(CONFIRM_WAIT_MS);
  const keys = waiting.map((i) => (entries[i] as QueueEntry).item.key);
  const current = readGroups(deps.client, job.groupTypeIndex, keys, deps.project.canQuery);
  job.confirmRounds++;
  for (const i of waiting) {
    const entry = entries[i] as QueueEntry;
    if (landed(entry.item, current.get(entry.item.key) ?? null)) entry.result = SENT;
  }
  ctx.save(waiting);
  savePush(deps.jobs, job);
  // What is still unconfirmed after the last round stays pending: the push finishes and it is checked later.
  return job.confirmRounds >= MAX_CONFIRM_ROUNDS || indicesIn(entries, "unconfirmed").length === 0;
}

// The client a push writes with: the same key, pacer and cache as every other call, but no automatic retries,
// so a write whose reply was lost is re-read by the push before it is sent again (never sent twice unseen).
import { createPostHogClient } from "../api";
import type { ClientFactory } from "../features/connect/connect";
import { clientOptions } from "./posthog.gas";
import { createUrlFetchTransport } from "./url-fetch-transport.gas";

/**
 * PostHog paces `/query/` apart from the rest, so the pacer counts a push's conflict-check queries on their own
 * budget; but a push promises at most 480 requests of any kind a minute. Its writes leave room for that many
 * queries a minute (the check of 50,000 keys takes 6; a REST push reads nothing else by query).
 */
export const QUERY_ROOM = 10;
const WRITE_LIMITS = {
  rest: { perMinute: 480 - QUERY_ROOM, perHour: 4800 - 10 * QUERY_ROOM },
};

export const makeWriteClient: ClientFactory = (input) =>
  createPostHogClient({
    ...clientOptions(input),
    // After a failed fetchAll every write of the batch has an unknown outcome: the push re-reads those groups
    // before sending any again (the read transport would resend each one at once).
    transport: createUrlFetchTransport({ afterBatchFailure: "unknown" }),
    // One write call sleeps at most a minute for the pacer (at the hourly limit it would wait longer): a chunk
    // that starts a batch just before its budget ends still stops well inside Apps Script's 6 minutes.
    retry: { maxRetries: 0, budgetMs: 60_000 },
    limits: WRITE_LIMITS,
  });

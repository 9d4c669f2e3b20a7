// A PostHog client over the in-memory transport, for unit tests of the use cases: no sleeps, no clock, no retries.
import { createPostHogClient, type PostHogClient } from "../../src/api/client.ts";
import type { HttpResponse, Transport } from "../../src/api/transport.ts";
import type { ClientInput } from "../../src/features/connect/connect.ts";
import { memoryStore } from "./memory-store.ts";

/** A JSON reply as PostHog sends it. */
export const jsonReply = (status: number, body: unknown): HttpResponse => ({
  kind: "response",
  status,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

/** PostHog's 404 envelope. */
export const notFound = (): HttpResponse =>
  jsonReply(404, { type: "invalid_request", code: "not_found", detail: "Not found.", attr: null });

/**
 * A client that answers at once: a failure is thrown, not retried, and the pacer never waits in real time.
 * `time`: a fake clock to share with the code under test (its sleeps advance it).
 */
export function memoryClient(
  transport: Transport,
  connection: ClientInput = { host: "us", apiKey: "phx_testkey1234567890abcdef", projectId: 1 },
  time?: { now: () => number; sleep: (ms: number) => void },
): PostHogClient {
  let now = Date.UTC(2026, 0, 15);
  return createPostHogClient({
    connection,
    transport,
    sleep:
      time?.sleep ??
      ((ms) => {
        now += ms;
      }),
    clock: time?.now ?? (() => now),
    store: memoryStore(),
    retry: { maxRetries: 0 },
  });
}

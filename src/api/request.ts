// The one place that owns the wire: builds, paces, sends, retries, parses and maps errors, one by one or side by side.

import { countOf } from "../shared/wording";
import type { Connection } from "./credentials";
import { PostHogError, type RequestContext } from "./errors";
import { type ApiResponse, buildRequest, type Outcome, type RequestSpec, readResult } from "./http";
import type { PaceKind, Pacer } from "./pacer";
import { planRetry, type RetryPolicy } from "./retry";
import type { Clock, HttpRequest, Sleep, Transport } from "./transport";

export type { ApiResponse, Outcome, RequestSpec } from "./http";

export interface RequesterDeps {
  connection: Connection;
  transport: Transport;
  sleep: Sleep;
  clock: Clock;
  pacer: Pacer;
  retry: RetryPolicy;
  /** Returns [0, 1); gives backoff its jitter. Without it backoff is deterministic. */
  random?: () => number;
}

/** Options for a batch. */
export interface BatchOptions {
  /**
   * Requests sent side by side per `transport.sendAll` call. Clamped to 3 when any request is a query.
   * @default 8
   */
  concurrency?: number;
}

export interface Requester {
  /** Sends one request (with pacing and retries); throws a PostHogError on failure. */
  send<T>(spec: RequestSpec): ApiResponse<T>;
  /** Sends several side by side in paced chunks, retrying only the failed ones; one outcome per spec, in order. */
  sendAll<T>(specs: readonly RequestSpec[], options?: BatchOptions): Array<Outcome<T>>;
}

/** Most queries PostHog runs at once per project (posthog-query-api.md §7). */
export const MAX_QUERY_CONCURRENCY = 3;

export function createRequester(deps: RequesterDeps): Requester {
  const { connection, transport, sleep, clock, pacer, retry, random } = deps;

  function paceRefused(ctx: RequestContext | null, waitMs: number): PostHogError {
    const waitSeconds = Math.ceil(waitMs / 1000);
    return new PostHogError({
      code: "throttled",
      ...ctx,
      waitSeconds,
      message: `Paused to stay under PostHog's rate limit; requests can go again in about ${countOf(waitSeconds, "second")}.`,
    });
  }

  function noteThrottle(kind: PaceKind, error: PostHogError): void {
    if (error.code === "throttled" && error.waitSeconds)
      pacer.block(kind, clock() + error.waitSeconds * 1000);
  }

  function nextDelay(
    spec: RequestSpec,
    error: PostHogError,
    attempt: number,
    waited: number,
  ): number | null {
    if (spec.noRetryStatuses?.includes(error.status)) return null;
    return planRetry(
      error,
      attempt,
      spec.idempotent ?? spec.method !== "POST",
      retry,
      waited,
      random,
    );
  }

  function send<T>(spec: RequestSpec): ApiResponse<T> {
    const { request, ctx } = buildRequest(connection, spec);
    const kind = spec.pace ?? "rest";
    let waited = 0;
    for (let attempt = 0; ; attempt++) {
      const slot = pacer.acquire(kind, 1, retry.budgetMs - waited);
      if (!slot.ok) throw paceRefused(ctx, slot.waitMs);
      waited += slot.sleptMs;
      const outcome = readResult<T>(transport.send(request), ctx, clock(), spec.expect);
      if (outcome.ok) return outcome.value;
      noteThrottle(kind, outcome.error);
      const delay = nextDelay(spec, outcome.error, attempt, waited);
      if (delay === null) throw outcome.error;
      sleep(delay);
      waited += delay;
    }
  }

  function sendAll<T>(
    specs: readonly RequestSpec[],
    options: BatchOptions = {},
  ): Array<Outcome<T>> {
    const outcomes: Array<Outcome<T>> = new Array(specs.length);
    const built: Array<{ request: HttpRequest; ctx: RequestContext } | null> = specs.map(
      (spec, i) => {
        try {
          return buildRequest(connection, spec);
        } catch (error) {
          if (!(error instanceof PostHogError)) throw error;
          outcomes[i] = { ok: false, error };
          return null;
        }
      },
    );
    const anyQuery = specs.some((s) => s.pace === "query");
    const width = Math.max(
      1,
      Math.min(options.concurrency ?? 8, anyQuery ? MAX_QUERY_CONCURRENCY : Infinity),
    );
    const attempts = specs.map(() => 0);
    let pending = built.flatMap((b, i) => (b ? [i] : []));
    let waited = 0;

    while (pending.length > 0) {
      const again: number[] = [];
      let delay = 0;
      for (let start = 0; start < pending.length; start += width) {
        const chunk = pending.slice(start, start + width);
        const refusedMs = acquireChunk(
          chunk.map((i) => specs[i]?.pace ?? "rest"),
          retry.budgetMs - waited,
        );
        if (refusedMs !== null) {
          for (const i of pending.slice(start))
            outcomes[i] = { ok: false, error: paceRefused(built[i]?.ctx ?? null, refusedMs) };
          return outcomes;
        }
        const results = transport.sendAll(
          chunk.map((i) => (built[i] as { request: HttpRequest }).request),
        );
        chunk.forEach((i, n) => {
          const spec = specs[i] as RequestSpec;
          const outcome = readResult<T>(
            results[n],
            (built[i] as { ctx: RequestContext }).ctx,
            clock(),
            spec.expect,
          );
          outcomes[i] = outcome;
          if (outcome.ok) return;
          noteThrottle(spec.pace ?? "rest", outcome.error);
          const wait = nextDelay(spec, outcome.error, attempts[i] ?? 0, waited);
          if (wait === null) return;
          attempts[i] = (attempts[i] ?? 0) + 1;
          again.push(i);
          delay = Math.max(delay, wait);
        });
      }
      if (again.length > 0) {
        // Outcomes of `again` keep their last error if the budget cannot cover the longest wait.
        if (waited + delay > retry.budgetMs) break;
        sleep(delay);
        waited += delay;
      }
      pending = again;
    }
    return outcomes;

    function acquireChunk(kinds: PaceKind[], maxWaitMs: number): number | null {
      let spent = 0;
      for (const kind of ["rest", "query"] as const) {
        const count = kinds.filter((k) => k === kind).length;
        if (count === 0) continue;
        const slot = pacer.acquire(kind, count, maxWaitMs - spent);
        if (!slot.ok) return slot.waitMs;
        spent += slot.sleptMs;
      }
      waited += spent;
      return null;
    }
  }

  return { send, sendAll };
}

// Runs one HogQL query through POST /query/: blocking first, and on a 504 resubmitted async and polled.
import type { ApiContext } from "./context";
import {
  badResponse,
  isPostHogError,
  PostHogError,
  queryStatusError,
  type RequestContext,
} from "./errors";
import type { RequestSpec } from "./http";
import { projectPath } from "./url";

/** A HogQL query with its `{placeholder}` values (strings are escaped by PostHog, never by us). */
export interface HogQLRequest {
  sql: string;
  values?: Record<string, unknown>;
  /**
   * Label in the customer's query log.
   * @default "sheets-addon/groups-read"
   */
  name?: string;
}

/** The part of `HogQLQueryResponse` the add-on reads. */
export interface HogQLResponse {
  results: unknown[][];
  columns?: string[];
  types?: Array<[string, string]>;
  [field: string]: unknown;
}

/** How often an async query is polled (posthog-query-api.md §11: every 1–2 s). */
export const POLL_INTERVAL_MS = 1500;

/** A query answer and the size of the body that carried it. */
export interface MeasuredResponse {
  response: HogQLResponse;
  /** Body length as text; what Apps Script's 50 MB response limit is about. */
  bytes: number;
}

/**
 * Whether the query API is closed to this key, so the caller should read through the REST groups list:
 * the key lacks `query:read`, or the organisation's free monthly query allowance is used up (402).
 */
export function shouldFallBackToRest(error: unknown): boolean {
  if (!isPostHogError(error)) return false;
  return (
    (error.code === "missing_scope" && error.scope === "query:read") ||
    error.code === "quota_exceeded"
  );
}

export function createQueryRunner(ctx: ApiContext) {
  const { connection, requester, sleep } = ctx;
  const queryPath = (...segments: string[]) =>
    projectPath(connection.projectId, "query", ...segments);

  /** The request for a query; `async` only after a 504. Exposed so batches (key lists) can send several. */
  function spec(
    request: HogQLRequest,
    id: string,
    refresh: "force_blocking" | "force_async",
  ): RequestSpec {
    const body = {
      query: { kind: "HogQLQuery", query: request.sql, values: request.values ?? {} },
      refresh,
      name: request.name ?? "sheets-addon/groups-read",
      client_query_id: id,
    };
    // A query only reads, so it may be repeated; a 504 is handled below instead of being retried as is.
    return {
      method: "POST",
      path: queryPath(),
      json: body,
      idempotent: true,
      pace: "query",
      noRetryStatuses: [504],
      expect: "object",
    };
  }

  /** Runs a query and returns its response; a 504 (the 10 s sync limit) switches to async polling. */
  function run(request: HogQLRequest): HogQLResponse {
    return runMeasured(request).response;
  }

  /**
   * Runs a query and measures its answer. Blocking first, unless `async` (a large read: start, then poll, so no
   * single request has to outlast Apps Script's 60 s fetch timeout). A 504 (Cloud's 10 s API ceiling), or a
   * blocking request that outlived the fetch timeout (legacy and self-hosted teams keep 60 s), is resubmitted async.
   */
  function runMeasured(request: HogQLRequest, options: { async?: boolean } = {}): MeasuredResponse {
    if (options.async) return runAsyncMeasured(request);
    try {
      const { status, data, bytes } = requester.send<unknown>(
        spec(request, ctx.newId(), "force_blocking"),
      );
      const response = responseOf(status, data, { method: "POST", path: queryPath() });
      return { response, bytes: bytes ?? 0 };
    } catch (error) {
      if (error instanceof PostHogError && (error.status === 504 || error.code === "timeout"))
        return runAsyncMeasured(request);
      throw error;
    }
  }

  /**
   * Submits with `refresh: "force_async"` and polls `GET query/:id/` (202 running, 200 done) within the wait budget.
   * Forced, like the blocking reads: plain "async" answers from PostHog's query cache for up to 6 hours
   * (docs/posthog-query-api.md §6), so a refresh would read the rows of the previous pull.
   */
  function runAsync(request: HogQLRequest): HogQLResponse {
    return runAsyncMeasured(request).response;
  }

  function runAsyncMeasured(request: HogQLRequest): MeasuredResponse {
    const id = ctx.newId();
    const first = requester.send<unknown>(spec(request, id, "force_async"));
    const done = finished(first.status, first.data);
    if (done) return { response: done, bytes: first.bytes ?? 0 };
    const pollPath = queryPath(id);
    for (let waited = 0; waited + POLL_INTERVAL_MS <= ctx.retry.budgetMs; ) {
      sleep(POLL_INTERVAL_MS);
      waited += POLL_INTERVAL_MS;
      const poll = requester.send<unknown>({
        method: "GET",
        path: pollPath,
        pace: "query",
        expect: "object",
      });
      const result = finished(poll.status, poll.data);
      if (result) return { response: result, bytes: poll.bytes ?? 0 };
    }
    cancel(pollPath);
    throw new PostHogError({
      code: "timeout",
      status: 504,
      method: "GET",
      path: pollPath,
      message:
        "The PostHog query is still running after the wait budget; try again later or read less data at once.",
    });
  }

  /** Frees the project's query slot; a failure here changes nothing for the caller. */
  function cancel(path: string): void {
    try {
      requester.send({ method: "DELETE", path, pace: "query" });
    } catch {
      // Best effort: the query expires on its own.
    }
  }

  function finished(status: number, data: unknown): HogQLResponse | null {
    const ctxPath: RequestContext = { method: "GET", path: queryPath() };
    const record = (data ?? {}) as Record<string, unknown>;
    if (Array.isArray(record.results)) return responseOf(status, data, ctxPath);
    const state = (record.query_status ?? record) as Record<string, unknown>;
    if (status === 202 || state.complete !== true) return null;
    if (state.error) {
      const message = typeof state.error_message === "string" ? state.error_message : null;
      throw queryStatusError(ctxPath, status, message);
    }
    return responseOf(status, state.results, ctxPath);
  }

  return { run, runMeasured, spec, runAsync };
}

/** Checks that a query answer has rows. */
export function responseOf(status: number, data: unknown, ctx: RequestContext): HogQLResponse {
  const results = (data as { results?: unknown } | null)?.results;
  if (!Array.isArray(results) || !results.every(Array.isArray))
    throw badResponse(ctx, status, "query results are not rows");
  return data as HogQLResponse;
}

export type QueryRunner = ReturnType<typeof createQueryRunner>;

// Runs one HogQL query through POST /query/: blocking first, and on a 504 resubmitted async and polled.
import type { ApiContext } from "./context";
import { badResponse, isPostHogError, PostHogError, type RequestContext } from "./errors";
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

/** Whether a failure means the key lacks `query:read`, so the caller should read through the REST groups list. */
export function shouldFallBackToRest(error: unknown): boolean {
  return isPostHogError(error) && error.code === "missing_scope" && error.scope === "query:read";
}

export function createQueryRunner(ctx: ApiContext) {
  const { connection, requester, sleep } = ctx;
  const queryPath = (...segments: string[]) =>
    projectPath(connection.projectId, "query", ...segments);

  /** The request for a query; `async` only after a 504. Exposed so batches (key lists) can send several. */
  function spec(
    request: HogQLRequest,
    id: string,
    refresh: "force_blocking" | "async",
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
    try {
      const { status, data } = requester.send<unknown>(
        spec(request, ctx.newId(), "force_blocking"),
      );
      return responseOf(status, data, { method: "POST", path: queryPath() });
    } catch (error) {
      if (error instanceof PostHogError && error.status === 504) return runAsync(request);
      throw error;
    }
  }

  /** Submits with `refresh: "async"` and polls `GET query/:id/` (202 running, 200 done) within the wait budget. */
  function runAsync(request: HogQLRequest): HogQLResponse {
    const id = ctx.newId();
    const first = requester.send<unknown>(spec(request, id, "async"));
    const done = finished(first.status, first.data);
    if (done) return done;
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
      if (result) return result;
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
      const message =
        typeof state.error_message === "string" ? state.error_message : "The query failed.";
      throw new PostHogError({
        code: "validation",
        status,
        ...ctxPath,
        detail: message,
        message: `PostHog could not run the query: ${message}`,
      });
    }
    return responseOf(status, state.results, ctxPath);
  }

  return { run, spec, runAsync };
}

/** Checks that a query answer has rows. */
export function responseOf(status: number, data: unknown, ctx: RequestContext): HogQLResponse {
  const results = (data as { results?: unknown } | null)?.results;
  if (!Array.isArray(results) || !results.every(Array.isArray))
    throw badResponse(ctx, status, "query results are not rows");
  return data as HogQLResponse;
}

export type QueryRunner = ReturnType<typeof createQueryRunner>;

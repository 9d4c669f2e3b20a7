// The query API's own failures as PostHog answers them: 402 quota, 512 too slow, 513 out of memory.
// Classes and texts: `posthog/exceptions.py`; how ClickHouse errors become them: `posthog/errors.py`
// (wrap_clickhouse_query_error); the envelope is drf-exceptions-hog's ({type, code, detail, attr}).
import { ApiError } from "./errors";

/** APIQueriesQuotaExceeded.default_detail. */
export const QUOTA_DEFAULT_DETAIL =
  "Your organization has read more query data over the API than its free allowance for this month. " +
  "API queries will be available again when the allowance resets. " +
  "Upgrade your plan in Billing settings to restore access sooner, or ask an org admin to do so.";

/** ClickHouseQueryMemoryLimitExceeded.default_detail (a per-query limit). */
export const MEMORY_DETAIL =
  "This query ran out of memory before it could finish, usually because it's scanning too much data. " +
  "Try a shorter date range or narrower filters, or see our docs for more ways to speed it up: " +
  "https://posthog.com/docs/product-analytics/troubleshooting#how-do-i-speed-up-my-insights-and-queries";

/** What wrap_clickhouse_query_error makes of TOO_SLOW: ClickHouse's estimate, then PostHog's advice. */
export function tooSlowDetail(estimatedSeconds = 123.4): string {
  return `Estimated query execution time (${estimatedSeconds} seconds) is too long. Try reducing its scope by changing the time range.`;
}

/** The reset date is the first of next month (UTC); the real text also names the bytes read and the allowance. */
function quotaDetail(nowMs: number): string {
  const now = new Date(nowMs);
  const reset = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  const day = reset.toLocaleDateString("en-US", {
    month: "long",
    day: "numeric",
    year: "numeric",
    timeZone: "UTC",
  });
  return (
    "Your organization has read 62.5 TB of query data over the API this month, more than its free allowance of 50 TB. " +
    `API queries will be available again on ${day} (UTC). ` +
    "Upgrade your plan in Billing settings to restore access sooner, or ask an org admin to do so."
  );
}

export const queryFailures = {
  /** 402: a client error for exceptions_hog, so type invalid_request. */
  quota: (nowMs?: number) =>
    new ApiError(402, {
      type: "invalid_request",
      code: "api_queries_quota_exceeded",
      detail: nowMs === undefined ? QUOTA_DEFAULT_DETAIL : quotaDetail(nowMs),
      attr: null,
    }),
  /** 512: APIException's default code "error"; 5xx, so type server_error. */
  tooSlow: () =>
    new ApiError(512, { type: "server_error", code: "error", detail: tooSlowDetail(), attr: null }),
  /** 513 with its stable machine code. */
  memory: () =>
    new ApiError(513, {
      type: "server_error",
      code: "clickhouse_memory_limit_exceeded",
      detail: MEMORY_DETAIL,
      attr: null,
    }),
};

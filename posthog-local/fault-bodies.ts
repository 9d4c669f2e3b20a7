// Realistic bodies for injected errors: PostHog's JSON where Django answers, `null` where a proxy would (HTML).
import { throttledDetail } from "./errors";
import { queryFailures } from "./query-failures";
import { timeoutDetail } from "./query-jobs";

export function errorBodyJson(
  status: number,
  path: string,
  waitSeconds: number,
): Record<string, unknown> | null {
  const query = /\/query(\/|$)/.test(path);
  if (status === 429)
    return {
      type: "throttled_error",
      code: "throttled",
      detail: throttledDetail(waitSeconds),
      attr: null,
    };
  const own = { 402: queryFailures.quota, 512: queryFailures.tooSlow, 513: queryFailures.memory }[
    status
  ];
  if (query && own) return { ...own().body };
  if (status === 500)
    return { type: "server_error", code: "error", detail: "A server error occurred.", attr: null };
  if (status === 503 && query) {
    return {
      type: "server_error",
      code: "error",
      detail:
        "Queries are a little too busy right now. We're working to free up resources. Please try again later.",
      attr: null,
    };
  }
  if (status === 504 && query)
    return { type: "server_error", code: "error", detail: timeoutDetail(10), attr: null };
  if (status < 500)
    return { type: "invalid_request", code: "error", detail: `HTTP ${status}`, attr: null };
  return null;
}

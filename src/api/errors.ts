// The one place that turns PostHog responses, network failures and bad input into typed errors with stable codes.

import { countOf } from "../shared/wording";
import {
  PostHogError,
  type PostHogErrorCode,
  type PostHogErrorData,
  type RequestContext,
} from "./posthog-error";
import type { HttpResponse, NetworkFailure } from "./transport";

export * from "./posthog-error";

/** A 2xx response whose body could not be used. */
export function badResponse(ctx: RequestContext, status: number, why: string): PostHogError {
  const message = `PostHog sent a response the add-on could not read (${why}).`;
  return new PostHogError({ code: "bad_response", status, ...ctx, message });
}

/**
 * UrlFetchApp's words for a host that could not be resolved or refused the connection (the platform adapter
 * keeps them as the failure's message). "Address unavailable" also covers a connection cut mid-request.
 */
const UNREACHABLE: Array<[RegExp, string]> = [
  [/^DNS error/i, "its name could not be resolved (DNS error)"],
  [/^Address unavailable/i, "it refused the connection or cut it (Address unavailable)"],
];

/** Why the host could not be reached, in words, when the failure says (else null). */
export function unreachableReason(error: { code: string; detail: string | null }): string | null {
  if (error.code !== "network") return null;
  return UNREACHABLE.find(([pattern]) => pattern.test(error.detail ?? ""))?.[1] ?? null;
}

/** A DNS error or a refused connection: the request never reached PostHog's host. */
export const isUnreachable = (error: { code: string; detail: string | null }): boolean =>
  unreachableReason(error) !== null;

/** No response arrived. */
export function errorFromNetwork(ctx: RequestContext, failure: NetworkFailure): PostHogError {
  const detail = safeText(failure.message);
  if (failure.tooLarge) {
    const message =
      "PostHog's answer was larger than Google Apps Script accepts (50 MB). Ask for fewer rows or columns at once.";
    return new PostHogError({ code: "response_too_large", ...ctx, message, detail });
  }
  if (failure.timedOut) {
    const message = "PostHog did not answer in time. Try again, or ask for less data at once.";
    return new PostHogError({ code: "timeout", ...ctx, message, detail });
  }
  const message = `Could not reach PostHog${detail ? ` (${detail})` : ""}. Check the host and your connection.`;
  return new PostHogError({ code: "network", ...ctx, message, detail });
}

interface Envelope {
  code: string | null;
  detail: string | null;
  attr: string | null;
  /** The body is an async query's failed status (a poll's 400 or 500). */
  queryFailed?: boolean;
}

/** Maps a non-2xx response to a typed error. `now` (ms) resolves an HTTP-date `Retry-After`. */
export function errorFromResponse(
  ctx: RequestContext,
  response: HttpResponse,
  now: number,
): PostHogError {
  const { status } = response;
  const env = readEnvelope(response.body);
  const base = { status, ...ctx, detail: env.detail, field: env.attr };
  const make = (code: PostHogErrorCode, message: string, extra: Partial<PostHogErrorData> = {}) =>
    new PostHogError({ ...base, code, message, ...extra });

  if (env.code === "not_authenticated" || (status === 401 && !env.code && !env.detail)) {
    return make(
      "not_authenticated",
      "PostHog did not receive an API key. Add your personal API key in the add-on settings.",
    );
  }
  if (env.code === "authentication_failed" || status === 401) {
    return make(
      "invalid_key",
      "PostHog rejected the personal API key: it is invalid, expired or revoked. Create a new one in PostHog (Settings, Personal API keys).",
    );
  }
  if (status === 403) return forbiddenError(env, make);
  if (env.queryFailed && status < 500) return queryStatusError(ctx, status, env.detail);
  if (status === 404) {
    const what = env.detail && env.detail !== "Not found." ? `: ${env.detail}` : ".";
    return make(
      "not_found",
      `PostHog could not find this${what} It may have been deleted, or the id is wrong.`,
    );
  }
  if (status === 405)
    return make("method_not_allowed", "PostHog does not allow this action here (HTTP 405).");
  if (status === 408)
    return make("timeout", "PostHog gave up waiting for the request (HTTP 408). Try again.");
  if (status === 402) return quotaError(env, make);
  if (status === 512 || status === 513) return queryTooHeavy(status, env.detail, make);
  if (status === 429) {
    const waitSeconds =
      retryAfterSeconds(response.headers["retry-after"], now) ?? waitFromDetail(env.detail);
    const when = waitSeconds === null ? "shortly" : `in about ${countOf(waitSeconds, "second")}`;
    return make(
      "throttled",
      `PostHog's rate limit was reached; it accepts requests again ${when}.`,
      { waitSeconds },
    );
  }
  if (status >= 500) {
    const why = env.detail ? ` (${env.detail})` : "";
    return make(
      "server_error",
      `PostHog had a problem answering (HTTP ${status})${why}. Try again in a few minutes.`,
    );
  }
  if (status >= 400) {
    const text = env.detail ?? `HTTP ${status}`;
    return make(
      "validation",
      env.attr
        ? `PostHog rejected "${env.attr}": ${text}`
        : `PostHog rejected the request: ${text}`,
    );
  }
  return make("bad_response", `PostHog sent an unexpected answer (HTTP ${status}).`);
}

type Make = (
  code: PostHogErrorCode,
  message: string,
  extra?: Partial<PostHogErrorData>,
) => PostHogError;

function forbiddenError(env: Envelope, make: Make): PostHogError {
  const detail = env.detail ?? "";
  const scope = /missing required scope '([^']+)'/.exec(detail)?.[1];
  if (scope) {
    return make(
      "missing_scope",
      `The personal API key lacks the "${scope}" scope. Edit the key in PostHog and add it.`,
      { scope },
    );
  }
  if (/access to the (requested )?project/i.test(detail)) {
    return make(
      "no_project_access",
      "This personal API key cannot use this project. Check the project id and the key's project access in PostHog.",
    );
  }
  return make(
    "forbidden",
    `PostHog refused this action for this key${detail ? `: ${detail}` : "."}`,
  );
}

/**
 * 402: the organisation's free monthly API-query allowance is used up (`api_queries_quota_exceeded`,
 * `posthog/exceptions.py`), or another billing limit. Reads through the groups list still work.
 */
function quotaError(env: Envelope, make: Make): PostHogError {
  const what =
    env.code === "api_queries_quota_exceeded"
      ? "Your PostHog organisation has used up its free query allowance for this month"
      : "PostHog refused this request because of a billing limit";
  return make("quota_exceeded", `${what}. An admin can raise it in PostHog's Billing settings.`);
}

/**
 * 512 (ClickHouse estimated the query too slow) and 513 (it ran out of memory), `posthog/errors.py`:
 * the same query will fail again, so they are never retried as they are; asking for less may pass.
 */
function queryTooHeavy(status: number, detail: string | null, make: Make): PostHogError {
  const why =
    status === 513
      ? "ran out of memory in PostHog"
      : "would take PostHog too long, by its own estimate";
  return make(
    "query_too_heavy",
    `This read ${why}${detail ? ` (${detail})` : ""}. Ask for fewer columns or a narrower search.`,
  );
}

/** An async query's failure text (the poll answers 400 with no status of its own): the same 512/513 by their words. */
export function queryStatusError(
  ctx: RequestContext,
  status: number,
  text: string | null,
): PostHogError {
  const detail = text ? safeText(text) : null;
  const make = (code: PostHogErrorCode, message: string) =>
    new PostHogError({ code, status, ...ctx, detail, message });
  if (detail && /ran out of memory|memory limit/i.test(detail))
    return queryTooHeavy(513, detail, make);
  if (detail && /estimated query execution time/i.test(detail))
    return queryTooHeavy(512, detail, make);
  return make("validation", `PostHog could not run the query: ${detail ?? "the query failed."}`);
}

function readEnvelope(body: string): Envelope {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    // Capture and proxies answer in plain text (posthog-api.md §10); keep it only if it reads as a sentence.
    const text = /^\s*</.test(body) ? null : safeText(body);
    return { code: null, detail: text || null, attr: null };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return { code: null, detail: null, attr: null };
  }
  const record = parsed as Record<string, unknown>;
  const status = record.query_status as Record<string, unknown> | undefined;
  let code = text(record.code);
  let detail = text(record.detail) ?? text(status?.error_message) ?? text(record.message);
  // Older update_property swapped them: {"code": "This field is required.", "detail": "required"} (posthog-api.md §5.4).
  if (code && detail && /\s/.test(code) && /^[a-z_]+$/.test(detail))
    [code, detail] = [detail, code];
  const queryFailed = status?.error === true;
  return {
    code,
    detail: detail ? safeText(detail) : null,
    attr: text(record.attr),
    ...(queryFailed ? { queryFailed } : {}),
  };
}

function text(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

/** Shortens, collapses and redacts text before it can reach a person. */
export function safeText(raw: string, max = 300): string {
  const clean = raw
    .replace(/ph[xs]_[A-Za-z0-9_-]+/g, "ph*_…")
    .replace(/\s+/g, " ")
    .trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

function retryAfterSeconds(header: string | undefined, now: number): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed));
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

function waitFromDetail(detail: string | null): number | null {
  const match = detail ? /Expected available in (\d+(?:\.\d+)?) seconds?/i.exec(detail) : null;
  return match?.[1] ? Math.ceil(Number(match[1])) : null;
}

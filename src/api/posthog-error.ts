// The error type every API failure becomes: a stable code, status, method and path, and a message safe to show.
import type { HttpMethod } from "./transport";

/** Stable error codes; callers branch on these, never on message text. */
export type PostHogErrorCode =
  | "not_authenticated"
  | "invalid_key"
  | "missing_scope"
  | "no_project_access"
  | "forbidden"
  | "not_found"
  | "validation"
  | "throttled"
  | "method_not_allowed"
  | "server_error"
  | "network"
  | "timeout"
  | "quota_exceeded"
  | "query_too_heavy"
  | "response_too_large"
  | "invalid_input"
  | "bad_response";

/** Where a failed request went: method and path only (never the query string, headers or key). */
export interface RequestContext {
  method: HttpMethod;
  path: string;
}

/** Everything an error carries, as plain JSON (what crosses `google.script.run`). */
export interface PostHogErrorData {
  name: "PostHogError";
  code: PostHogErrorCode;
  /** HTTP status; 0 when no response arrived or the error was raised before sending. */
  status: number;
  method: HttpMethod | null;
  path: string | null;
  /** Safe to show a person: no key, no headers, no query string. */
  message: string;
  /** The offending field (`attr`) of a validation error. */
  field: string | null;
  /** The missing scope of a `missing_scope` error, e.g. `group:read`. */
  scope: string | null;
  /** Seconds PostHog asked us to wait (429), when it said. */
  waitSeconds: number | null;
  /** PostHog's own `detail` text (redacted, shortened), when there was one. */
  detail: string | null;
}

/** An API-layer failure. Check `code` (or {@link isPostHogError}), not `instanceof`. */
export class PostHogError extends Error {
  override readonly name = "PostHogError";
  readonly code: PostHogErrorCode;
  readonly status: number;
  readonly method: HttpMethod | null;
  readonly path: string | null;
  readonly field: string | null;
  readonly scope: string | null;
  readonly waitSeconds: number | null;
  readonly detail: string | null;

  constructor(fields: Partial<PostHogErrorData> & { code: PostHogErrorCode; message: string }) {
    super(fields.message);
    this.code = fields.code;
    this.status = fields.status ?? 0;
    this.method = fields.method ?? null;
    this.path = fields.path ?? null;
    this.field = fields.field ?? null;
    this.scope = fields.scope ?? null;
    this.waitSeconds = fields.waitSeconds ?? null;
    this.detail = fields.detail ?? null;
  }

  /** Plain data for JSON transport. */
  toJSON(): PostHogErrorData {
    const { name, code, status, method, path, message, field, scope, waitSeconds, detail } = this;
    return { name, code, status, method, path, message, field, scope, waitSeconds, detail };
  }
}

/** True for a PostHogError or its JSON form (prototypes are lost across `google.script.run`). */
export function isPostHogError(value: unknown): value is PostHogErrorData {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { name?: unknown }).name === "PostHogError" &&
    typeof (value as { code?: unknown }).code === "string"
  );
}

/** A client-side validation failure (nothing was sent). */
export function invalidInput(message: string, field?: string): PostHogError {
  return new PostHogError({ code: "invalid_input", message, field: field ?? null });
}

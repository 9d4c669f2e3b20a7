// PostHog's error envelope ({type, code, detail, attr}, from drf-exceptions-hog) and the errors the handlers throw.

export type ErrorType =
  | "validation_error"
  | "authentication_error"
  | "invalid_request"
  | "throttled_error"
  | "server_error";

export interface ErrorBody {
  type: ErrorType;
  code: string;
  detail: string;
  attr: string | null;
}

/** An error that becomes an HTTP response. `body: null` means an empty body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody | null,
    readonly headers: Record<string, string> = {},
  ) {
    super(body?.detail ?? `HTTP ${status}`);
  }
}

function make(
  status: number,
  type: ErrorType,
  code: string,
  detail: string,
  attr: string | null = null,
) {
  return new ApiError(status, { type, code, detail, attr });
}

export const errors = {
  notAuthenticated: () =>
    make(
      401,
      "authentication_error",
      "not_authenticated",
      "Authentication credentials were not provided.",
    ),
  authenticationFailed: (detail: string) =>
    make(401, "authentication_error", "authentication_failed", detail),
  permissionDenied: (detail: string) =>
    make(403, "authentication_error", "permission_denied", detail),
  notFound: (detail = "Not found.") => make(404, "invalid_request", "not_found", detail),
  methodNotAllowed: (method: string) =>
    make(405, "invalid_request", "method_not_allowed", `Method "${method}" not allowed.`),
  /** A DRF ValidationError; `code` "invalid" is rewritten to "invalid_input" by exceptions_hog. */
  validation: (detail: string, attr: string | null = null, code = "invalid_input") =>
    make(400, "validation_error", code === "invalid" ? "invalid_input" : code, detail, attr),
  parseError: (detail: string) => make(400, "invalid_request", "parse_error", detail),
  throttled: (detail: string, retryAfter?: number) =>
    new ApiError(
      429,
      { type: "throttled_error", code: "throttled", detail, attr: null },
      retryAfter === undefined ? {} : { "Retry-After": String(retryAfter) },
    ),
  server: (detail = "A server error occurred.", status = 500) =>
    make(status, "server_error", "error", detail),
  /** A DRF ValidationError for a required field (serializer field level). */
  required: (attr: string) =>
    make(400, "validation_error", "required", "This field is required.", attr),
  nullField: (attr: string) =>
    make(400, "validation_error", "null", "This field may not be null.", attr),
};

/** DRF's Throttled text, singular/plural included. */
export function throttledDetail(waitSeconds: number): string {
  const wait = Math.max(0, Math.ceil(waitSeconds));
  return `Request was throttled. Expected available in ${wait} second${wait === 1 ? "" : "s"}.`;
}

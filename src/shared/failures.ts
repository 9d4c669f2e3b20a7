// Failures people see: every error becomes a stable code and a message that says what happened and what to do.
import { isPostHogError } from "../api/posthog-error";
import type { RpcFailure } from "./rpc";

/** A failure with a message written for people; thrown by use cases, turned into an RpcFailure at the edge. */
export class UserFacingError extends Error {
  override readonly name = "UserFacingError";
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

const SCOPE_HELP =
  "Add it to the key in PostHog (Settings → Personal API keys), then connect again.";

/** The one place any failure becomes what the sidebar, a menu alert or a cell shows. */
export function toFailure(error: unknown): RpcFailure {
  if (error instanceof UserFacingError) {
    return {
      ok: false,
      code: error.code,
      message: error.message,
      ...(error.field ? { field: error.field } : {}),
    };
  }
  if (isPostHogError(error)) {
    // A client-side check may name several fields ("host,apiKey"): point at the first.
    const field =
      error.code === "invalid_input" || error.code === "validation"
        ? error.field?.split(",")[0]
        : null;
    return { ok: false, code: error.code, message: messageFor(error), ...(field ? { field } : {}) };
  }
  return {
    ok: false,
    code: "internal",
    message:
      "Something went wrong in the add-on. Try again; if it keeps happening, reload the spreadsheet.",
  };
}

function messageFor(error: {
  code: string;
  message: string;
  scope: string | null;
  waitSeconds: number | null;
}): string {
  switch (error.code) {
    case "missing_scope":
      return `Your PostHog key lacks the ${error.scope ?? "needed"} scope. ${SCOPE_HELP}`;
    case "invalid_key":
    case "not_authenticated":
      return "PostHog no longer accepts this key (revoked or mistyped). Connect again with a valid personal API key.";
    case "no_project_access":
      return "This key has no access to the chosen PostHog project. Pick another project or use another key.";
    case "throttled":
      return `PostHog asked us to slow down${error.waitSeconds ? ` for ${error.waitSeconds} s` : ""}. Try again in a moment.`;
    case "network":
    case "timeout":
      return "PostHog could not be reached. Check the host, then try again.";
    case "server_error":
      return "PostHog had a problem answering. Try again in a minute.";
    default:
      return error.message;
  }
}

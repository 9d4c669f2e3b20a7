// Every failure of a custom function becomes one short cell text starting "PostHog:"; never a URL, a key or raw service text.
import { isPostHogError } from "../../api/posthog-error";

/** A failure the custom functions raise themselves; its message is already the cell's text. */
export class FormulaError extends Error {
  override readonly name = "FormulaError";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Longest piece of a person's input repeated in a message. */
const QUOTE_CHARS = 40;

/** A person's input, quoted and cut short, with line breaks and other control characters made visible as spaces. */
export function quote(value: unknown): string {
  const text = [...String(value)]
    .map((ch) => (ch.charCodeAt(0) < 0x20 || ch === "\u007f" ? " " : ch))
    .join("");
  return `"${text.length > QUOTE_CHARS ? `${text.slice(0, QUOTE_CHARS - 1)}…` : text}"`;
}

/** Throws a FormulaError "PostHog: <text>". */
export function fail(code: string, text: string): never {
  throw new FormulaError(code, `PostHog: ${text}`);
}

/** The cell text for any failure. Only our own wording reaches the cell: PostHog's texts may quote URLs or input. */
export function cellMessage(error: unknown): string {
  if (error instanceof FormulaError) return error.message;
  if (!isPostHogError(error)) return "PostHog: something went wrong; try again later";
  switch (error.code) {
    case "missing_scope": {
      const scope = error.scope && /^[a-z_]+:[a-z]+$/.test(error.scope) ? error.scope : null;
      return scope ? `PostHog: key lacks ${scope}` : "PostHog: key lacks a needed scope";
    }
    case "invalid_key":
    case "not_authenticated":
      return "PostHog: key rejected (connect again in the sidebar)";
    case "no_project_access":
      return "PostHog: key has no access to this project";
    case "forbidden":
      return "PostHog: not allowed for this key";
    case "throttled":
      return error.waitSeconds
        ? `PostHog: rate limited, try again in ${Math.ceil(error.waitSeconds)} s`
        : "PostHog: rate limited, try again in a minute";
    case "network":
      return "PostHog: not reachable, try again later";
    case "timeout":
      return "PostHog: no answer in time, try again later";
    case "server_error":
    case "bad_response":
      return "PostHog: server error, try again later";
    case "not_found":
      return "PostHog: not found";
    case "invalid_input":
    case "validation":
      return "PostHog: PostHog refused these arguments";
    default:
      return "PostHog: request failed, try again later";
  }
}

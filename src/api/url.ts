// Builds paths and query strings by hand (Apps Script has no URL or URLSearchParams) and reads URLs PostHog sends back.
import { invalidInput } from "./errors";

/** A query-string value; `null` and `undefined` are left out. */
export type QueryValue = string | number | boolean | null | undefined;
export type QueryParams = Readonly<Record<string, QueryValue>>;

/** Names PostHog treats as a project token that overrides the project in the path (posthog-api.md §1). */
const FORBIDDEN_PARAMS = new Set(["token", "api_key", "$token", "personal_api_key"]);

function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    throw invalidInput(
      "The text contains a broken character (an unpaired surrogate) and cannot be sent.",
    );
  }
}

/**
 * Percent-encodes one path segment; `.` and `..` are encoded too so they cannot walk the path.
 * `@` stays literal (it is legal in a path), so `users/@me` and `projects/@current` read as PostHog writes them.
 */
export function encodeSegment(segment: string | number): string {
  const value = String(segment);
  if (value === "") throw invalidInput("An id in the request path is empty.");
  if (/^\.+$/.test(value)) return value.replace(/\./g, "%2E");
  return encode(value).replace(/%40/g, "@");
}

/** `/api/projects/{id}/a/b/`: every segment encoded, with PostHog's trailing slash. */
export function projectPath(
  projectId: number,
  ...segments: ReadonlyArray<string | number>
): string {
  return apiPath("projects", projectId, ...segments);
}

/** `/api/a/b/` with every segment encoded. */
export function apiPath(...segments: ReadonlyArray<string | number>): string {
  return `/api/${segments.map(encodeSegment).join("/")}/`;
}

/** `?a=1&b=x%20y`, or "" when nothing is set. Refuses the token-like names PostHog misreads. */
export function queryString(params: QueryParams | undefined): string {
  if (!params) return "";
  const parts: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (FORBIDDEN_PARAMS.has(name))
      throw invalidInput(`The query parameter "${name}" must never be sent.`);
    if (value === null || value === undefined) continue;
    parts.push(`${encode(name)}=${encode(String(value))}`);
  }
  return parts.length ? `?${parts.join("&")}` : "";
}

/** The parts of an absolute http(s) URL, or null when it is not one. */
export interface UrlParts {
  /** `scheme://host[:port]`, lower-cased, default port removed. */
  origin: string;
  /** The path, still encoded, at least "/". */
  path: string;
  /** The query string without "?", still encoded ("" when absent). */
  query: string;
}

/** Splits an absolute URL without the URL class. */
export function splitUrl(url: string): UrlParts | null {
  const match = /^(https?):\/\/([^/?#@\s]+)([^?#\s]*)(\?[^#\s]*)?(#\S*)?$/i.exec(url.trim());
  if (!match?.[1] || !match[2]) return null;
  const scheme = match[1].toLowerCase();
  let authority = match[2].toLowerCase();
  if (
    (scheme === "https" && authority.endsWith(":443")) ||
    (scheme === "http" && authority.endsWith(":80"))
  ) {
    authority = authority.slice(0, authority.lastIndexOf(":"));
  }
  return {
    origin: `${scheme}://${authority}`,
    path: match[3] || "/",
    query: (match[4] ?? "").slice(1),
  };
}

/** True when both absolute URLs have the same scheme, host and port. */
export function sameOrigin(a: string, b: string): boolean {
  const left = splitUrl(a);
  const right = splitUrl(b);
  return left !== null && right !== null && left.origin === right.origin;
}

/** Decodes a query string into its first value per name. */
export function parseQuery(query: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of query.replace(/^\?/, "").split("&")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    const name = decode(eq < 0 ? part : part.slice(0, eq));
    if (!(name in out)) out[name] = decode(eq < 0 ? "" : part.slice(eq + 1));
  }
  return out;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}

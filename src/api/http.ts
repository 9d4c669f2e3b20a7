// Turns a request description into an HttpRequest and a transport result into parsed data or a typed error.
import type { Connection } from "./credentials";
import {
  badResponse,
  errorFromNetwork,
  errorFromResponse,
  invalidInput,
  type PostHogError,
  type RequestContext,
} from "./errors";
import type { PaceKind } from "./pacer";
import type { HttpMethod, HttpRequest, TransportResult } from "./transport";
import { type QueryParams, queryString, sameOrigin, splitUrl } from "./url";

/** One API call, described before it is sent. */
export interface RequestSpec {
  method: HttpMethod;
  /** Encoded path such as `/api/projects/1/groups/` (see `projectPath`). Ignored when `url` is set. */
  path?: string;
  /** Query parameters, encoded here. */
  query?: QueryParams;
  /** An absolute URL PostHog gave us (a `next` link); refused unless it is on the connection's origin. */
  url?: string;
  /** A JSON body. */
  json?: unknown;
  /** A body that is not JSON (the CSV upload's multipart form). */
  raw?: { contentType: string; body: string };
  /**
   * Safe to repeat after a 5xx or a network failure. Creates must say false.
   * @default method !== "POST"
   */
  idempotent?: boolean;
  /**
   * Which rate-limit budget the request spends.
   * @default "rest"
   */
  pace?: PaceKind;
  /**
   * `capture` sends to the ingestion host without the personal key (the project token is in the body).
   * @default "api"
   */
  target?: "api" | "capture";
  /** Statuses the caller handles itself instead of retrying (the query API's 504). */
  noRetryStatuses?: readonly number[];
  /** The body's expected shape on success; anything else is a `bad_response`. */
  expect?: "object" | "array" | "results";
}

/** A successful answer: status and parsed JSON body (null when the body is empty). */
export interface ApiResponse<T = unknown> {
  status: number;
  data: T;
  /** Length of the body as text (what the size limits are measured against). */
  bytes?: number;
}

export type Outcome<T = unknown> =
  | { ok: true; value: ApiResponse<T> }
  | { ok: false; error: PostHogError };

/** Builds the wire request. The key goes only into the `authorization` header, and only to the connection's origin. */
export function buildRequest(
  connection: Connection,
  spec: RequestSpec,
): { request: HttpRequest; ctx: RequestContext } {
  const target = spec.target ?? "api";
  const origin = target === "capture" ? connection.captureOrigin : connection.origin;
  let url: string;
  if (spec.url !== undefined) {
    if (!sameOrigin(spec.url, origin)) {
      throw invalidInput(
        "PostHog sent a link to another host; the add-on will not send your key there.",
        "url",
      );
    }
    url = spec.url;
  } else {
    if (!spec.path?.startsWith("/"))
      throw invalidInput("A request path must start with /.", "path");
    url = `${origin}${spec.path}${queryString(spec.query)}`;
  }
  const headers: Record<string, string> = { accept: "application/json" };
  if (target === "api") headers.authorization = `Bearer ${connection.apiKey}`;
  const request: HttpRequest = { method: spec.method, url, headers };
  if (spec.raw) {
    headers["content-type"] = spec.raw.contentType;
    request.body = spec.raw.body;
  } else if (spec.json !== undefined) {
    headers["content-type"] = "application/json";
    request.body = JSON.stringify(spec.json);
  }
  return { request, ctx: { method: spec.method, path: splitUrl(url)?.path ?? "/" } };
}

/** Reads what the transport returned: 2xx → parsed JSON; anything else → a typed error. */
export function readResult<T>(
  result: TransportResult | undefined,
  ctx: RequestContext,
  now: number,
  expect?: RequestSpec["expect"],
): Outcome<T> {
  if (!result)
    return {
      ok: false,
      error: errorFromNetwork(ctx, {
        kind: "network-error",
        message: "no result",
        timedOut: false,
      }),
    };
  if (result.kind === "network-error") return { ok: false, error: errorFromNetwork(ctx, result) };
  if (result.status < 200 || result.status > 299)
    return { ok: false, error: errorFromResponse(ctx, result, now) };
  let data: unknown = null;
  if (result.body.trim() !== "") {
    try {
      data = JSON.parse(result.body);
    } catch {
      return { ok: false, error: badResponse(ctx, result.status, "not JSON") };
    }
  }
  if (expect && !hasShape(data, expect))
    return { ok: false, error: badResponse(ctx, result.status, `expected ${expect}`) };
  return { ok: true, value: { status: result.status, data: data as T, bytes: result.body.length } };
}

function hasShape(data: unknown, expect: NonNullable<RequestSpec["expect"]>): boolean {
  if (expect === "array") return Array.isArray(data);
  const isObject = typeof data === "object" && data !== null && !Array.isArray(data);
  return (
    isObject && (expect === "object" || Array.isArray((data as { results?: unknown }).results))
  );
}

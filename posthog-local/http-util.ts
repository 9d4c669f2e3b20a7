// Request bodies in (JSON, form, multipart), replies out, and URL helpers that match Django's output.
import type { IncomingMessage } from "node:http";
import { gunzipSync } from "node:zlib";
import { ApiError, errors } from "./errors";
import { parseMultipart, type UploadedFile } from "./multipart";

export type Reply =
  | { status: number; json: unknown; headers?: Record<string, string> }
  | { status: number; text: string; contentType: string; headers?: Record<string, string> }
  | { status: number; empty: true; headers?: Record<string, string> };

export type Body =
  | { kind: "none" }
  | { kind: "json"; value: unknown }
  | { kind: "form"; fields: Record<string, string> }
  | { kind: "multipart"; fields: Record<string, string>; files: Record<string, UploadedFile> }
  | { kind: "invalid"; error: string };

export interface Incoming {
  method: string;
  url: URL;
  /** `http://host[:port]` as the client addressed us (Django's build_absolute_uri). */
  origin: string;
  headers: IncomingMessage["headers"];
  raw: Buffer;
  body: Body;
}

export const MAX_BODY_BYTES = 20 * 1024 * 1024;

export function json(status: number, value: unknown, headers?: Record<string, string>): Reply {
  return headers ? { status, json: value, headers } : { status, json: value };
}

export async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES + 1024 * 1024) throw new ApiError(413, null);
    chunks.push(buf);
  }
  const raw = Buffer.concat(chunks);
  if (String(req.headers["content-encoding"] ?? "").toLowerCase() === "gzip")
    return gunzipSync(raw);
  return raw;
}

export function parseBody(raw: Buffer, contentType: string | undefined): Body {
  if (raw.length === 0) return { kind: "none" };
  const type = (contentType ?? "").toLowerCase();
  if (type.startsWith("multipart/form-data")) {
    const boundary = /boundary="?([^";]+)"?/i.exec(contentType ?? "")?.[1];
    if (!boundary)
      return {
        kind: "invalid",
        error: "Multipart form parse error - Invalid boundary in multipart: None",
      };
    return { kind: "multipart", ...parseMultipart(raw, boundary) };
  }
  if (type.startsWith("application/x-www-form-urlencoded")) {
    return { kind: "form", fields: Object.fromEntries(new URLSearchParams(raw.toString("utf8"))) };
  }
  try {
    return { kind: "json", value: JSON.parse(raw.toString("utf8")) };
  } catch (error) {
    return { kind: "invalid", error: `JSON parse error - ${(error as Error).message}` };
  }
}

/** `request.data` as DRF sees it: throws DRF's ParseError for a malformed body. */
export function dataOf(req: Incoming): unknown {
  switch (req.body.kind) {
    case "none":
      return {};
    case "json":
      return req.body.value;
    case "form":
    case "multipart":
      return req.body.fields;
    case "invalid":
      throw errors.parseError(req.body.error);
  }
}

/** The body as a plain object (DRF `request.data.get(...)`), or `{}` when it is something else. */
export function objectOf(req: Incoming): Record<string, unknown> {
  const data = dataOf(req);
  return data && typeof data === "object" && !Array.isArray(data)
    ? (data as Record<string, unknown>)
    : {};
}

/** Python's `urllib.parse.urlencode` (quote_plus): what Django puts in the `next` links. */
export function pyUrlencode(params: [string, string | number][]): string {
  return params.map(([k, v]) => `${quotePlus(k)}=${quotePlus(String(v))}`).join("&");
}

function quotePlus(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");
}

/** The current URL with some query parameters replaced (PostHog's format_query_params_absolute_url). */
export function withParams(req: Incoming, changes: Record<string, string | number>): string {
  const entries: [string, string | number][] = [];
  const seen = new Set<string>();
  for (const [k, v] of req.url.searchParams) {
    if (k in changes) {
      if (!seen.has(k)) entries.push([k, changes[k] as string | number]);
      seen.add(k);
    } else entries.push([k, v]);
  }
  for (const [k, v] of Object.entries(changes)) if (!seen.has(k)) entries.push([k, v]);
  return `${req.origin}${req.url.pathname}?${pyUrlencode(entries)}`;
}

/** DRF LimitOffsetPagination's envelope over an already-filtered list. */
export function limitOffsetPage<T>(
  req: Incoming,
  items: T[],
  defaultLimit = 100,
): {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
} {
  const limit = positiveInt(req.url.searchParams.get("limit"), defaultLimit);
  const offset = positiveInt(req.url.searchParams.get("offset"), 0, true);
  const count = items.length;
  const next = offset + limit < count ? withParams(req, { limit, offset: offset + limit }) : null;
  let previous: string | null = null;
  if (offset > 0) {
    const prev = Math.max(0, offset - limit);
    previous =
      prev === 0
        ? withoutParam(withParams(req, { limit }), "offset")
        : withParams(req, { limit, offset: prev });
  }
  return { count, next, previous, results: items.slice(offset, offset + limit) };
}

function withoutParam(url: string, name: string): string {
  const u = new URL(url);
  u.searchParams.delete(name);
  return `${u.origin}${u.pathname}?${pyUrlencode([...u.searchParams])}`;
}

/** DRF's `_positive_int`: junk falls back to the default. */
export function positiveInt(raw: string | null, fallback: number, allowZero = false): number {
  if (raw === null || !/^\s*\d+\s*$/.test(raw)) return fallback;
  const n = Number.parseInt(raw, 10);
  if (n < 0 || (n === 0 && !allowZero)) return fallback;
  return n;
}

export function isTrue(raw: string | null | undefined): boolean {
  return (
    raw !== null &&
    raw !== undefined &&
    ["true", "1", "yes", "on", "t", "y"].includes(raw.toLowerCase())
  );
}

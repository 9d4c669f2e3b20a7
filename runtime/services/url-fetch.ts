// UrlFetchApp: real, synchronous HTTP(S) through the worker bridge, with Apps Script's options, limits and errors.
// Over 300 lines: every UrlFetchApp option, limit and error text lives here, next to the rule it follows.

import { randomBytes } from "node:crypto";
import { decodeBytes, encodeString, isByteArray, toSigned } from "../bytes.ts";
import { gasError, messages } from "../errors.ts";
import type { WireRequest, WireResult } from "../http-bridge.ts";
import { type HttpRecord, SCOPES } from "../kernel-impl.ts";
import { dataBytes, GasBlob } from "./blob.ts";
import type { ServiceEnv } from "./env.ts";

/** UrlFetchApp reference: "URLs … up to 2,082 characters". */
export const URL_MAX_CHARS = 2082;
/** Quotas page: 100 headers per call, 50 MB POST body, 50 MB response. */
export const MAX_HEADERS = 100;
export const MAX_PAYLOAD_BYTES = 50 * 1024 * 1024;
export const MAX_RESPONSE_BYTES = 50 * 1024 * 1024;
/** How much of an error body the exception quotes (inferred from public error texts). */
const SNIPPET_CHARS = 100;
const METHODS = new Set(["GET", "DELETE", "PATCH", "POST", "PUT"]);
const FORM = "application/x-www-form-urlencoded";

interface Prepared {
  wire: WireRequest;
  /** The URL as the script gave it (after escaping), for error texts. */
  url: string;
  mute: boolean;
  /** The request object UrlFetchApp.getRequest returns. */
  described: Record<string, unknown>;
}

/** True when the URL starts with the prefix; a leading "*." in the prefix's host matches any subdomain. */
export function matchesPrefix(url: string, prefix: string): boolean {
  if (url.startsWith(prefix)) return true;
  const m = /^(https?:\/\/)\*\.(.*)$/.exec(prefix);
  if (!m) return false;
  const [, scheme, rest] = m as unknown as [string, string, string];
  if (!url.startsWith(scheme)) return false;
  const afterScheme = url.slice(scheme.length);
  const dot = afterScheme.indexOf(".");
  if (dot <= 0) return false;
  const label = afterScheme.slice(0, dot);
  if (/[/?#@:]/.test(label)) return false;
  // "*.example.com" matches "a.example.com" and "a.b.example.com", not "example.com" (allowlist-url guide).
  const tail = afterScheme.slice(dot + 1);
  return tail.startsWith(rest) || matchesPrefix(`${scheme}${tail}`, prefix);
}

/** Percent-encodes what is not allowed in a URL, leaving existing %XX escapes alone ("escaping" option). */
function escapeUrl(url: string): string {
  return url.replace(/[^A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]/g, (c) => encodeURIComponent(c));
}

/** Java URLEncoder style form encoding ("+" for spaces), as Apps Script's Java stack does (inferred). */
function formEncode(values: Record<string, unknown>): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, "+");
  return Object.entries(values)
    .map(([k, v]) => `${enc(k)}=${enc(String(v))}`)
    .join("&");
}

function multipart(values: Record<string, unknown>): { body: Uint8Array; contentType: string } {
  const boundary = `----RuntimeFormBoundary${randomBytes(12).toString("hex")}`;
  const parts: Uint8Array[] = [];
  for (const [name, value] of Object.entries(values)) {
    if (value instanceof GasBlob) {
      const file = value.getName() ?? name;
      const type = value.getContentType() ?? "application/octet-stream";
      parts.push(
        encodeString(
          `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${file}"\r\nContent-Type: ${type}\r\n\r\n`,
        ),
        value.raw(),
        encodeString("\r\n"),
      );
    } else {
      parts.push(
        encodeString(
          `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${String(value)}\r\n`,
        ),
      );
    }
  }
  parts.push(encodeString(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

function charsetOf(contentType: string | undefined): string | undefined {
  const m = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? "");
  return m?.[1];
}

export class HttpResponse {
  constructor(
    private readonly env: ServiceEnv,
    private readonly status: number,
    private readonly headerPairs: [string, string][],
    private readonly body: Uint8Array,
  ) {}
  private use(method: string): void {
    this.env.kernel.call("HTTPResponse", method);
  }
  private header(name: string): string | undefined {
    const lower = name.toLowerCase();
    for (let i = this.headerPairs.length - 1; i >= 0; i--) {
      const pair = this.headerPairs[i] as [string, string];
      if (pair[0].toLowerCase() === lower) return pair[1];
    }
    return undefined;
  }
  getResponseCode(): number {
    this.use("getResponseCode");
    return this.status;
  }
  getContentText(charset?: unknown): string {
    this.use("getContentText");
    const declared = charset ?? charsetOf(this.header("content-type"));
    try {
      return decodeBytes(this.body, declared ?? "UTF-8");
    } catch {
      return decodeBytes(this.body, "UTF-8");
    }
  }
  getContent(): number[] {
    this.use("getContent");
    return toSigned(this.body);
  }
  /** One value per header, names as the server sent them (the last value when repeated, inferred). */
  getHeaders(): Record<string, string> {
    this.use("getHeaders");
    const out: Record<string, string> = {};
    for (const [name, value] of this.headerPairs) out[name] = value;
    return out;
  }
  /** "headers that have multiple values returned as arrays" (HTTPResponse reference). */
  getAllHeaders(): Record<string, string | string[]> {
    this.use("getAllHeaders");
    const out: Record<string, string | string[]> = {};
    for (const [name, value] of this.headerPairs) {
      const existing = out[name];
      if (existing === undefined) out[name] = value;
      else out[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
    }
    return out;
  }
  getBlob(): GasBlob {
    this.use("getBlob");
    const type = this.header("content-type")?.split(";")[0]?.trim() ?? null;
    return new GasBlob(this.env.kernel, this.body.slice(), type || null, null);
  }
  getAs(contentType: unknown): GasBlob {
    this.use("getAs");
    return this.getBlob().getAs(contentType);
  }
  toString(): string {
    return "HTTPResponse";
  }
}

export function createUrlFetchApp(env: ServiceEnv) {
  const { state, kernel, execution } = env;
  const needs = { network: true, scope: SCOPES.externalRequest };

  function prepare(urlArg: unknown, paramsArg: unknown): Prepared {
    const params = (paramsArg ?? {}) as Record<string, unknown>;
    if (typeof params !== "object") throw gasError(messages.invalidArgument("params"));
    const raw = String(urlArg);
    const url = params.escaping === false ? raw : escapeUrl(raw);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw gasError(messages.invalidArgument(raw));
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
      throw gasError(messages.invalidArgument(raw));
    }
    if (url.length > URL_MAX_CHARS) throw gasError(messages.urlLength());
    const allow = state.urlAllowlist;
    if (allow !== null && !allow.some((prefix) => matchesPrefix(url, prefix))) {
      throw gasError(messages.notAllowlisted(url));
    }
    const method = String(params.method ?? "get").toUpperCase();
    if (!METHODS.has(method)) throw gasError(messages.invalidArgument("method"));
    const headers: Record<string, string> = {};
    const given = (params.headers ?? {}) as Record<string, unknown>;
    for (const [name, value] of Object.entries(given)) headers[name] = String(value);
    if (Object.keys(headers).length > MAX_HEADERS) throw gasError(messages.headerCount());
    let body: Uint8Array | null = null;
    let contentType = params.contentType === undefined ? undefined : String(params.contentType);
    const payload = params.payload;
    if (payload !== undefined && payload !== null) {
      if (payload instanceof GasBlob) {
        body = payload.raw();
        contentType ??= payload.getContentType() ?? undefined;
      } else if (typeof payload === "string" || isByteArray(payload)) {
        body = dataBytes(payload);
      } else if (typeof payload === "object") {
        const values = payload as Record<string, unknown>;
        if (Object.values(values).some((v) => v instanceof GasBlob)) {
          const form = multipart(values);
          body = form.body;
          contentType = form.contentType;
        } else {
          body = encodeString(formEncode(values));
        }
      } else {
        body = encodeString(String(payload));
      }
      if (body.byteLength > MAX_PAYLOAD_BYTES) throw gasError(messages.postSize());
      const headerType = Object.keys(headers).find((k) => k.toLowerCase() === "content-type");
      if (contentType !== undefined || headerType === undefined) {
        if (headerType !== undefined) delete headers[headerType];
        headers["Content-Type"] = contentType ?? FORM;
      }
    }
    if (!Object.keys(headers).some((k) => k.toLowerCase() === "user-agent")) {
      headers["User-Agent"] =
        `Mozilla/5.0 (compatible; Google-Apps-Script; beanserver; +https://script.google.com; id: ${state.scriptId})`;
    }
    const followRedirects = params.followRedirects !== false;
    const validateHttpsCertificates = params.validateHttpsCertificates !== false;
    const mute = params.muteHttpExceptions === true;
    return {
      url,
      mute,
      wire: {
        url,
        method,
        headers,
        body,
        followRedirects,
        validateHttpsCertificates,
        timeoutMs: state.fetchTimeoutMs,
        maxResponseBytes: MAX_RESPONSE_BYTES,
      },
      described: {
        url,
        method: method.toLowerCase(),
        headers: Object.fromEntries(
          Object.entries(headers).filter(([k]) => k !== "User-Agent" && k !== "Content-Type"),
        ),
        contentType: headers["Content-Type"] ?? contentType ?? null,
        payload: body === null ? "" : decodeBytes(body),
        followRedirects,
        validateHttpsCertificates,
        muteHttpExceptions: mute,
        useIntranet: false,
      },
    };
  }

  /** Sends the batch and records it; the wait is bounded by the fetch timeout (plus margin). */
  function transmit(batch: Prepared[]): WireResult[] {
    // Each request counts toward the user's daily UrlFetch quota (a fetchAll request counts as one each, inferred).
    state.quotas.spendUrlFetch(execution.user, batch.length);
    kernel.count("UrlFetchApp.requests", batch.length);
    const results = state.http().send(
      batch.map((p) => p.wire),
      state.fetchTimeoutMs + 10_000,
    );
    results.forEach((result, i) => {
      const p = batch[i] as Prepared;
      const record: HttpRecord = {
        method: p.wire.method,
        url: p.url,
        status: result.ok ? result.status : null,
        ms: result.ms,
      };
      if (batch.length > 1) record.batch = batch.length;
      if (!result.ok) record.error = result.kind;
      execution.http.push(record);
    });
    if (state.virtualFetchMs > 0) {
      state.clock.advance(state.virtualFetchMs);
      execution.virtualMs += state.virtualFetchMs;
    }
    kernel.checkTime(execution);
    return results;
  }

  /** The HTTPResponse, or the exception UrlFetchApp throws for this result. */
  function settle(p: Prepared, result: WireResult): HttpResponse | Error {
    if (!result.ok) {
      if (result.kind === "timeout") return gasError(messages.timeout(p.url));
      if (result.kind === "dns") return gasError(messages.dnsError(p.url));
      if (result.kind === "too-large") return gasError(messages.responseSize());
      return gasError(messages.addressUnavailable(p.url));
    }
    const response = new HttpResponse(env, result.status, result.headers, result.body);
    if (result.status >= 400 && !p.mute) {
      const text = decodeBytes(result.body, "UTF-8");
      const snippet = text.length > SNIPPET_CHARS ? `${text.slice(0, SNIPPET_CHARS)}...` : text;
      const origin = new URL(p.url).origin;
      return gasError(messages.requestFailed(origin, result.status, snippet));
    }
    return response;
  }

  return {
    fetch(url: unknown, params?: unknown): HttpResponse {
      kernel.call("UrlFetchApp", "fetch", needs);
      const prepared = prepare(url, params);
      const [result] = transmit([prepared]);
      const outcome = settle(prepared, result as WireResult);
      if (outcome instanceof Error) throw outcome;
      return outcome;
    },
    /** Requests run concurrently; responses come back in request order; the first failure throws. */
    fetchAll(requests: unknown): HttpResponse[] {
      kernel.call("UrlFetchApp", "fetchAll", needs);
      if (!Array.isArray(requests)) throw gasError(messages.invalidArgument("requests"));
      const prepared = requests.map((r) => {
        if (typeof r === "string") return prepare(r, {});
        if (r === null || typeof r !== "object")
          throw gasError(messages.invalidArgument("requests"));
        const { url, ...params } = r as Record<string, unknown>;
        return prepare(url, params);
      });
      if (prepared.length === 0) return [];
      const results = transmit(prepared);
      return prepared.map((p, i) => {
        const outcome = settle(p, results[i] as WireResult);
        if (outcome instanceof Error) throw outcome;
        return outcome;
      });
    },
    /** The request UrlFetchApp would send, without sending it. */
    getRequest(url: unknown, params?: unknown): Record<string, unknown> {
      kernel.call("UrlFetchApp", "getRequest", { scope: SCOPES.externalRequest });
      return prepare(url, params).described;
    },
  };
}

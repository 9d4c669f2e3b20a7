// Test helpers: a tiny fetch wrapper for the local PostHog that returns status, headers and parsed JSON.
import type { LocalPostHog } from "../../posthog-local/index";

export interface Res {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test responses are inspected loosely
  json: any;
}

export interface CallOptions {
  /** Personal API key for the Bearer header; `null` sends none. @default ph.personalApiKey */
  key?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
  rawBody?: string | FormData;
}

export function client(ph: Pick<LocalPostHog, "url" | "personalApiKey">) {
  async function call(method: string, path: string, options: CallOptions = {}): Promise<Res> {
    const key = options.key === undefined ? ph.personalApiKey : options.key;
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (key) headers.Authorization = `Bearer ${key}`;
    let body: string | FormData | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers["Content-Type"] = "application/json";
    }
    const init: RequestInit = { method, headers };
    if (body !== undefined) init.body = body;
    const res = await fetch(path.startsWith("http") ? path : `${ph.url}${path}`, init);
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { status: res.status, headers: res.headers, text, json };
  }
  return {
    call,
    get: (path: string, options?: CallOptions) => call("GET", path, options),
    post: (path: string, body?: unknown, options?: CallOptions) =>
      call("POST", path, { ...options, body }),
    patch: (path: string, body?: unknown, options?: CallOptions) =>
      call("PATCH", path, { ...options, body }),
    put: (path: string, body?: unknown, options?: CallOptions) =>
      call("PUT", path, { ...options, body }),
    del: (path: string, options?: CallOptions) => call("DELETE", path, options),
    query: (
      sql: string,
      values: Record<string, unknown> = {},
      extra: Record<string, unknown> = {},
      options?: CallOptions,
    ) =>
      call("POST", "/api/projects/1/query/", {
        ...options,
        body: { query: { kind: "HogQLQuery", query: sql, values }, ...extra },
      }),
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Decodes a groups cursor the way a client would inspect it. */
export function decodeCursor(next: string): { c: number; k: string } {
  const cursor = new URL(next).searchParams.get("cursor") ?? "";
  return JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
}

/** A GET through node:http, which (unlike fetch) lets a test set the Host header. */
export async function getWithHost(
  url: string,
  host: string,
  key: string,
): Promise<Pick<Res, "status" | "json">> {
  const { request } = await import("node:http");
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { Host: host, Authorization: `Bearer ${key}` } }, (res) => {
      let text = "";
      res.on("data", (c: Buffer) => {
        text += c.toString();
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** Sends one `$groupidentify` for a company through `/batch/` with the project token (ingested after the lag). */
export function groupIdentify(
  ph: Pick<LocalPostHog, "url" | "personalApiKey" | "projectToken">,
  key: string,
  set: Record<string, unknown>,
): Promise<Res> {
  return client(ph).call("POST", "/batch/", {
    key: null,
    body: {
      api_key: ph.projectToken,
      batch: [
        {
          event: "$groupidentify",
          distinct_id: "t",
          properties: { $group_type: "company", $group_key: key, $group_set: set },
        },
      ],
    },
  });
}

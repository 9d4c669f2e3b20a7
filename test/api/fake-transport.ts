// Test kit for src/api: a scripted, recording transport, a fake clock whose sleep advances it, and an in-memory store.
import { createPostHogClient, type PostHogClientOptions } from "../../src/api/client";
import type { HttpMethod, HttpRequest, Transport, TransportResult } from "../../src/api/transport";
import { fakeClock } from "../fakes/fake-clock.ts";
import { memoryStore } from "../fakes/memory-store.ts";

/** A scripted answer: a response (an object body is JSON-encoded) or a failure with no response. */
export type FakeReply =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | { network: true; timedOut?: boolean; tooLarge?: boolean; message?: string };

type Handler = FakeReply | ((request: HttpRequest) => FakeReply);

interface Route {
  method: HttpMethod;
  path: string | RegExp;
  replies: Handler[];
}

/** Path of a URL without origin or query. */
export function pathOf(url: string): string {
  return url.replace(/^https?:\/\/[^/]+/, "").replace(/[?#].*$/, "");
}

/** Decoded query parameters of a URL. */
export function queryOf(url: string): Record<string, string> {
  const query = url.includes("?") ? url.slice(url.indexOf("?") + 1) : "";
  return Object.fromEntries(
    query
      .split("&")
      .filter(Boolean)
      .map((part) => part.split("=").map((x) => decodeURIComponent(x)) as [string, string]),
  );
}

/**
 * Records every request (`requests`, `last`) and answers from routes matched by method and path.
 * A route's replies are used in order; the last one repeats. Unscripted requests throw.
 */
export class FakeTransport implements Transport {
  readonly requests: HttpRequest[] = [];
  /** Sizes of each sendAll call. */
  readonly batches: number[] = [];
  private readonly routes: Route[] = [];
  /** Called before each request is answered (e.g. to advance a clock). */
  onRequest: ((request: HttpRequest) => void) | null = null;

  /** Scripts replies for a method and path (exact string, or a RegExp on the path). */
  on(method: HttpMethod, path: string | RegExp, ...replies: Handler[]): this {
    this.routes.unshift({ method, path, replies });
    return this;
  }

  get last(): HttpRequest {
    const request = this.requests[this.requests.length - 1];
    if (!request) throw new Error("no request was sent");
    return request;
  }

  /** Requests to a path (any method when not given). */
  to(path: string, method?: HttpMethod): HttpRequest[] {
    return this.requests.filter((r) => pathOf(r.url) === path && (!method || r.method === method));
  }

  send(request: HttpRequest): TransportResult {
    this.requests.push(request);
    this.onRequest?.(request);
    const path = pathOf(request.url);
    const route = this.routes.find(
      (r) =>
        r.method === request.method &&
        (typeof r.path === "string" ? r.path === path : r.path.test(path)),
    );
    if (!route) throw new Error(`unscripted request: ${request.method} ${request.url}`);
    const handler = route.replies.length > 1 ? route.replies.shift() : route.replies[0];
    if (!handler) throw new Error(`no reply for ${request.method} ${path}`);
    const reply = typeof handler === "function" ? handler(request) : handler;
    if ("network" in reply) {
      return {
        kind: "network-error",
        message: reply.message ?? "Connection reset",
        timedOut: reply.timedOut ?? false,
        ...(reply.tooLarge ? { tooLarge: true } : {}),
      };
    }
    const body =
      reply.body === undefined
        ? ""
        : typeof reply.body === "string"
          ? reply.body
          : JSON.stringify(reply.body);
    return { kind: "response", status: reply.status, headers: reply.headers ?? {}, body };
  }

  sendAll(requests: readonly HttpRequest[]): TransportResult[] {
    this.batches.push(requests.length);
    return requests.map((request) => this.send(request));
  }
}

export const KEY = "phx_testkey1234567890abcdef";
export const ORIGIN = "https://us.posthog.com";
export const PROJECT = 4242;
export const P = `/api/projects/${PROJECT}`;

/** A client over fakes; returns the fakes too. */
export function testClient(overrides: Partial<PostHogClientOptions> = {}) {
  const transport =
    overrides.transport instanceof FakeTransport ? overrides.transport : new FakeTransport();
  const time = fakeClock();
  const store = (overrides.store as ReturnType<typeof memoryStore> | undefined) ?? memoryStore();
  let ids = 0;
  const client = createPostHogClient({
    connection: { host: "us", apiKey: KEY, projectId: PROJECT },
    transport,
    sleep: time.sleep,
    clock: time.now,
    store,
    newId: () => `qid-${++ids}`,
    ...overrides,
  });
  return { client, transport, time, store };
}

/** PostHog's error envelope. */
export function envelope(type: string, code: string, detail: string, attr: string | null = null) {
  return { type, code, detail, attr };
}

/** A group as PostHog returns it. */
export function group(key: string, index = 0, properties: Record<string, unknown> = { name: key }) {
  return {
    group_type_index: index,
    group_key: key,
    group_properties: properties,
    created_at: "2026-01-01T00:00:00Z",
  };
}

// The HTTP server: control API, fault injection, capture, and the /api/ pipeline (auth, permissions, throttles, handler).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { authenticate, authorize } from "./auth";
import { handleControl } from "./control";
import { ApiError, errors } from "./errors";
import { faultReply, malform } from "./faults";
import { type Incoming, parseBody, type Reply, readRaw } from "./http-util";
import type { LogEntry } from "./request-log";
import type { Ctx, Route } from "./router";
import { CAPTURE_PATHS, handleCapture } from "./routes/capture";
import type { Runtime } from "./runtime";
import type { LatencySettings } from "./settings";
import type { ThrottleSpec } from "./throttle";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createPostHogServer(rt: Runtime): Server {
  const server = createServer((req, res) => {
    handle(rt, req, res).catch((error: unknown) => {
      process.stderr.write(`posthog-local: ${(error as Error).stack ?? String(error)}\n`);
      if (!res.headersSent) send(res, errorReply(error), false);
    });
  });
  // Keep idle connections longer than clients do (undici: 4 s), so a client never reuses a socket the server
  // is closing at that very moment ("other side closed" on a POST, which fetch cannot retry).
  server.keepAliveTimeout = 65_000;
  return server;
}

async function handle(rt: Runtime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = (req.method ?? "GET").toUpperCase();
  const host = req.headers.host ?? `127.0.0.1:${(req.socket.localPort ?? 0).toString()}`;
  const url = new URL(req.url ?? "/", `http://${host}`);
  let raw: Buffer;
  try {
    raw = await readRaw(req);
  } catch (error) {
    return send(
      res,
      error instanceof ApiError
        ? errorReply(error)
        : { status: 400, text: "Bad request body", contentType: "text/plain" },
      false,
    );
  }
  const incoming: Incoming = {
    method,
    url,
    origin: `http://${host}`,
    headers: req.headers,
    raw,
    body: parseBody(raw, req.headers["content-type"]),
  };
  if (url.pathname.startsWith("/_control/"))
    return send(res, await handleControl(rt, incoming, req.socket.remoteAddress ?? ""), false);
  rt.world.tick();
  const entry = rt.log.start(method, url, incoming.body, rt.world.now());
  const started = performance.now();
  const fault = rt.faults.take(method, url.pathname);
  if (fault) entry.fault = `${fault.id}:${fault.kind}`;
  const finish = (reply: Reply | null) => {
    entry.status = reply?.status ?? null;
    entry.durationMs = Math.round((performance.now() - started) * 10) / 10;
  };
  if (fault && fault.when !== "after") {
    if (fault.kind === "delay") await sleep(fault.delayMs ?? 1000);
    if (fault.kind === "destroy") {
      finish(null);
      req.socket.destroy();
      return;
    }
    if (fault.kind === "status" || fault.kind === "throttle") {
      const reply = faultReply(fault, url.pathname);
      finish(reply);
      return deliver(rt, res, reply, false, entry);
    }
  }
  let reply: Reply;
  try {
    reply = await dispatch(rt, incoming, entry);
  } catch (error) {
    reply = errorReply(error);
  }
  if (fault && fault.when === "after") {
    if (fault.kind === "delay") await sleep(fault.delayMs ?? 1000);
    if (fault.kind === "destroy") {
      finish(null);
      req.socket.destroy();
      return;
    }
  }
  finish(reply);
  await deliver(rt, res, reply, fault?.kind === "malformed", entry);
}

async function dispatch(rt: Runtime, req: Incoming, entry: LogEntry): Promise<Reply> {
  const { world } = rt;
  const path = req.url.pathname;
  if (CAPTURE_PATHS.some((p) => path === p || path === `${p}/`)) return handleCapture(world, req);
  if (!path.startsWith("/api/"))
    return {
      status: 404,
      text: "<h1>Not Found</h1><p>The requested resource was not found on this server.</p>",
      contentType: "text/html",
    };
  const match = rt.router.match(path);
  if (!match) throw errors.notFound("Endpoint not found.");
  const { route, params } = match;
  const auth = authenticate(world, req, route.authFailureStatus);
  entry.keyId = auth.key.id;
  const q = req.url.searchParams;
  const token = req.method === "GET" ? (q.get("token") ?? q.get("api_key")) : null;
  const { project, action } = authorize(world, auth, route, req.method, params, token);
  if (route.throttle !== "none" && world.settings.throttle.enabled) {
    rt.throttles.check(
      auth.key.id,
      throttleSpecs(rt, route, req),
      world.now(),
      world.settings.throttle.retryAfter,
    );
  }
  const spec = route.methods[req.method === "HEAD" ? "GET" : req.method];
  if (req.method === "OPTIONS")
    return {
      status: 200,
      json: {
        name: route.pattern,
        renders: ["application/json"],
        parses: ["application/json", "multipart/form-data"],
      },
      headers: { Allow: allow(route) },
    };
  if (!spec) {
    const error = errors.methodNotAllowed(req.method);
    throw new ApiError(405, error.body, { Allow: allow(route) });
  }
  const ctx: Ctx = {
    world,
    req,
    params,
    key: auth.key,
    user: auth.user,
    project,
    action: action ?? spec.action,
    services: { query: rt.query },
  };
  return await spec.handler(ctx);
}

function allow(route: Route): string {
  const methods = Object.keys(route.methods);
  if (methods.includes("GET")) methods.push("HEAD");
  return [...methods, "OPTIONS"].join(", ");
}

/** get_throttles: the default pair, or the query endpoint's own (new limits, or the legacy HogQL / ClickHouse ones). */
function throttleSpecs(rt: Runtime, route: Route, req: Incoming): ThrottleSpec[] {
  const t = rt.world.settings.throttle;
  if (route.throttle === "default")
    return [
      { scope: "burst", rate: t.burst },
      { scope: "sustained", rate: t.sustained },
    ];
  if (t.queryMode === "new")
    return [
      { scope: "api_queries_burst", rate: t.queryBurst },
      { scope: "api_queries_sustained", rate: t.querySustained },
    ];
  const body =
    req.body.kind === "json" ? (req.body.value as { query?: { kind?: unknown } } | null) : null;
  if (req.method === "POST" && body?.query?.kind === "HogQLQuery")
    return [{ scope: "query", rate: t.legacyHogQL }];
  return [
    { scope: "clickhouse_burst", rate: t.clickhouseBurst },
    { scope: "clickhouse_sustained", rate: t.clickhouseSustained },
  ];
}

function errorReply(error: unknown): Reply {
  if (error instanceof ApiError) {
    const headers = { ...error.headers };
    if (error.status === 401) headers["WWW-Authenticate"] = 'Bearer realm="api"';
    return error.body === null
      ? { status: error.status, empty: true, headers }
      : { status: error.status, json: error.body, headers };
  }
  process.stderr.write(`posthog-local: ${(error as Error)?.stack ?? String(error)}\n`);
  return { status: 500, json: errors.server().body };
}

/**
 * Sends an API answer after the time PostHog Cloud would take to deliver it (settings.latency: a fixed
 * round trip plus the body's transfer time), and logs its size.
 */
async function deliver(
  rt: Runtime,
  res: ServerResponse,
  reply: Reply,
  malformed: boolean,
  entry: LogEntry,
): Promise<void> {
  const { headers, buf } = encode(reply, malformed);
  entry.responseBytes = buf.length;
  const delay = deliveryDelayMs(rt.world.settings.latency, buf.length);
  if (delay > 0) await sleep(delay);
  res.writeHead(reply.status, headers);
  res.end(buf);
}

/** How long an answer of `bytes` takes to arrive: the round trip plus the transfer at the stated bandwidth. */
export function deliveryDelayMs(latency: LatencySettings, bytes: number): number {
  const transferMs = latency.bytesPerSecond ? (bytes / latency.bytesPerSecond) * 1000 : 0;
  return Math.round(latency.baseMs + transferMs);
}

function send(res: ServerResponse, reply: Reply, malformed: boolean): void {
  const { headers, buf } = encode(reply, malformed);
  res.writeHead(reply.status, headers);
  res.end(buf);
}

function encode(
  reply: Reply,
  malformed: boolean,
): { headers: Record<string, string>; buf: Buffer } {
  const headers: Record<string, string> = { ...(reply.headers ?? {}) };
  let body = "";
  if ("json" in reply) {
    body = JSON.stringify(reply.json);
    headers["Content-Type"] = "application/json";
  } else if ("text" in reply) {
    body = reply.text;
    headers["Content-Type"] = reply.contentType;
  }
  if (malformed) body = malform(body);
  const buf = Buffer.from(body, "utf8");
  headers["Content-Length"] = String(buf.length);
  return { headers, buf };
}

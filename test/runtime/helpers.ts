// Test helpers for the Apps Script runtime: temp dist folders, runtimes over inline files, a loopback HTTP fixture.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { afterAll, afterEach, beforeAll } from "vitest";
import {
  type AppsScriptRuntime,
  createAppsScriptRuntime,
  type RuntimeOptions,
} from "../../runtime/index.ts";

const cleanups: (() => void | Promise<void>)[] = [];

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

/** Writes files (name → content, "appsscript.json" included if given as an object) to a temp dist folder. */
export function writeDist(files: Record<string, string>, manifest?: object): string {
  const dir = mkdtempSync(path.join(tmpdir(), "gas-dist-"));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  if (manifest) writeFileSync(path.join(dir, "appsscript.json"), JSON.stringify(manifest, null, 2));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A runtime over inline files (closed after the test). A document "doc-1" owned by owner@example.com exists. */
export function makeRuntime(
  files: Record<string, string>,
  options: Omit<RuntimeOptions, "files"> & { documents?: boolean } = {},
): AppsScriptRuntime {
  const { documents = true, ...rest } = options;
  const runtime = createAppsScriptRuntime({
    ...rest,
    files: Object.entries(files).map(([name, source]) => ({ name, source })),
  });
  if (documents) runtime.addDocument({ id: "doc-1", name: "Doc", owner: "owner@example.com" });
  cleanups.push(() => runtime.close());
  return runtime;
}

/** A manifest with explicit scopes (all the add-on's) and the given allowlist. */
export function manifestWith(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    timeZone: "Europe/Paris",
    runtimeVersion: "V8",
    oauthScopes: [
      "https://www.googleapis.com/auth/spreadsheets.currentonly",
      "https://www.googleapis.com/auth/script.external_request",
      "https://www.googleapis.com/auth/script.container.ui",
      "https://www.googleapis.com/auth/script.scriptapp",
      "https://www.googleapis.com/auth/userinfo.email",
    ],
    ...overrides,
  };
}

/**
 * The loopback HTTP fixture runs in its own worker thread: the runtime blocks this thread in Atomics.wait while a
 * request is in flight, so a server on this thread could never answer.
 */
const SERVER_SOURCE = `
const http = require("node:http");
const zlib = require("node:zlib");
const { parentPort } = require("node:worker_threads");
const seen = [];
let inFlight = 0;
let maxInFlight = 0;
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks);
    const url = new URL(req.url, "http://x");
    seen.push({ method: req.method, path: url.pathname, at: Date.now() });
    const q = (k) => url.searchParams.get(k);
    const route = url.pathname;
    if (route === "/echo") {
      res.setHeader("Content-Type", "application/json");
      res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.rawHeaders, body: body.toString("utf8"), bodyHex: body.toString("hex") }));
    } else if (route.startsWith("/status/")) {
      res.statusCode = Number(route.slice(8));
      res.setHeader("Content-Type", "application/json");
      res.end(q("body") ?? JSON.stringify({ type: "validation_error", code: "invalid_input", detail: "x".repeat(Number(q("pad") ?? 0)) }));
    } else if (route === "/emoji") {
      res.setHeader("Content-Type", "text/plain; charset=utf-8");
      res.end("Grüße 👋 — 日本語");
    } else if (route === "/headers") {
      res.setHeader("X-Custom-Thing", "one");
      res.setHeader("Set-Cookie", ["a=1", "b=2"]);
      res.setHeader("Content-Type", "text/plain");
      res.end("ok");
    } else if (route === "/slow") {
      // Counts the slow requests open at once, so a test can tell concurrent from one-by-one without a stopwatch.
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      setTimeout(() => { inFlight--; res.end("slow " + q("id")); }, Number(q("ms") ?? 100));
    } else if (route === "/bytes") {
      // ?n= bytes of "x", for the 50 MB response limit
      res.setHeader("Content-Type", "text/plain");
      res.end(Buffer.alloc(Number(q("n") ?? 0), "x"));
    } else if (route === "/hang") {
      // never answers
    } else if (route === "/cut") {
      req.socket.destroy();
    } else if (route === "/redirect") {
      res.statusCode = 302;
      res.setHeader("Location", "/echo?redirected=1");
      res.end();
    } else if (route === "/gzip") {
      res.setHeader("Content-Encoding", "gzip");
      res.setHeader("Content-Type", "text/plain");
      res.end(zlib.gzipSync("zipped text"));
    } else if (route === "/concurrency") {
      res.end(String(maxInFlight));
      maxInFlight = 0;
    } else if (route === "/seen") {
      res.setHeader("Content-Type", "application/json");
      res.end(JSON.stringify(seen));
    } else {
      res.statusCode = 404;
      res.end("not found: " + route);
    }
  });
});
server.listen(0, "127.0.0.1", () => parentPort.postMessage(server.address().port));
parentPort.on("message", (m) => { if (m === "close") { server.closeAllConnections(); server.close(() => process.exit(0)); } });
`;

export interface FixtureServer {
  /** "http://127.0.0.1:<port>" */
  origin: string;
  close(): Promise<void>;
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const worker = new Worker(SERVER_SOURCE, { eval: true });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
  const server: FixtureServer = {
    origin: `http://127.0.0.1:${port}`,
    close: async () => {
      worker.postMessage("close");
      await Promise.race([
        new Promise((resolve) => worker.once("exit", resolve)),
        new Promise((resolve) => setTimeout(resolve, 2000)),
      ]);
      await worker.terminate();
    },
  };
  return server;
}

/** A fixture server started once for the file's tests and closed after them; call the result to reach it. */
export function useFixtureServer(): () => FixtureServer {
  let server: FixtureServer | undefined;
  beforeAll(async () => {
    server = await startFixtureServer();
  });
  afterAll(async () => {
    await server?.close();
  });
  return () => {
    if (!server) throw new Error("The fixture server starts in beforeAll.");
    return server;
  };
}

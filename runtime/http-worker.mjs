// Worker thread behind UrlFetchApp: makes the HTTP(S) requests of one batch concurrently and wakes the waiting thread.
// Plain ESM JavaScript so it loads without a TypeScript loader. Protocol: see http-bridge.ts.

import http from "node:http";
import https from "node:https";
import { performance } from "node:perf_hooks";
import { parentPort, workerData } from "node:worker_threads";
import zlib from "node:zlib";

const { flag, port } = workerData;
const agents = {
  http: new http.Agent({ keepAlive: true }),
  https: new https.Agent({ keepAlive: true }),
  httpsUnchecked: new https.Agent({ keepAlive: true, rejectUnauthorized: false }),
};
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 10;
const IDEMPOTENT = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);
const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "EAI_FAIL"]);

function pairs(raw) {
  const out = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i], raw[i + 1]]);
  return out;
}

function failure(error) {
  const code = error && typeof error === "object" ? error.code : undefined;
  return {
    ok: false,
    kind: DNS_CODES.has(code) ? "dns" : "unavailable",
    detail: `${code ?? ""} ${error instanceof Error ? error.message : String(error)}`.trim(),
  };
}

function decoder(res) {
  const encoding = String(res.headers["content-encoding"] ?? "").toLowerCase();
  if (encoding === "gzip" || encoding === "x-gzip") return res.pipe(zlib.createGunzip());
  if (encoding === "deflate") return res.pipe(zlib.createInflate());
  if (encoding === "br") return res.pipe(zlib.createBrotliDecompress());
  return res;
}

/** One request (following redirects when asked) under one overall timeout. */
function send(request) {
  const started = performance.now();
  return new Promise((resolve) => {
    let done = false;
    let retried = false;
    let current;
    const finish = (result) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (!result.ok && current) current.destroy();
      resolve({ ...result, ms: performance.now() - started });
    };
    const timer = setTimeout(
      () => finish({ ok: false, kind: "timeout", detail: "timeout" }),
      request.timeoutMs,
    );
    const go = (url, method, body, headers, redirectsLeft) => {
      let target;
      try {
        target = new URL(url);
      } catch (error) {
        finish(failure(error));
        return;
      }
      const secure = target.protocol === "https:";
      const agent = secure
        ? request.validateHttpsCertificates
          ? agents.https
          : agents.httpsUnchecked
        : agents.http;
      const req = (secure ? https : http).request(target, { method, headers, agent }, (res) => {
        const status = res.statusCode ?? 0;
        const location = res.headers.location;
        if (request.followRedirects && REDIRECTS.has(status) && location && redirectsLeft > 0) {
          res.resume();
          const toGet = status === 303 || ((status === 301 || status === 302) && method === "POST");
          const nextHeaders = toGet
            ? Object.fromEntries(
                Object.entries(headers).filter(([k]) => !/^content-(type|length)$/i.test(k)),
              )
            : headers;
          go(
            new URL(location, target).toString(),
            toGet ? "GET" : method,
            toGet ? null : body,
            nextHeaders,
            redirectsLeft - 1,
          );
          return;
        }
        const chunks = [];
        let size = 0;
        let ended = false;
        const stream = decoder(res);
        stream.on("data", (chunk) => {
          size += chunk.length;
          if (size > request.maxResponseBytes) {
            finish({
              ok: false,
              kind: "too-large",
              detail: `more than ${request.maxResponseBytes} bytes`,
            });
            return;
          }
          chunks.push(chunk);
        });
        stream.on("end", () => {
          ended = true;
          const body = new Uint8Array(size);
          let offset = 0;
          for (const c of chunks) {
            body.set(c, offset);
            offset += c.length;
          }
          finish({ ok: true, status, headers: pairs(res.rawHeaders), body, url });
        });
        stream.on("error", (error) => finish(failure(error)));
        res.on("close", () => {
          if (!ended && !res.complete)
            finish(failure(Object.assign(new Error("connection cut"), { code: "ECONNRESET" })));
        });
      });
      current = req;
      req.on("error", (error) => {
        // A kept-alive socket the server closed meanwhile: retry once on a fresh connection, as browsers do,
        // but only for idempotent methods: a POST may have been applied before the socket dropped.
        if (
          req.reusedSocket &&
          IDEMPOTENT.has(method.toUpperCase()) &&
          !retried &&
          (error.code === "ECONNRESET" || error.code === "EPIPE")
        ) {
          retried = true;
          go(url, method, body, headers, redirectsLeft);
          return;
        }
        finish(failure(error));
      });
      req.end(body ? Buffer.from(body.buffer, body.byteOffset, body.byteLength) : undefined);
    };
    go(request.url, request.method, request.body, request.headers, MAX_REDIRECTS);
  });
}

parentPort.on("message", async ({ id, batch }) => {
  const results = await Promise.all(batch.map(send));
  const transfer = results.filter((r) => r.ok).map((r) => r.body.buffer);
  port.postMessage({ id, results }, transfer);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});

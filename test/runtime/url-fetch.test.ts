// UrlFetchApp over the synchronous HTTP bridge, against a loopback server running in its own thread.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureServer, makeRuntime, manifestWith, startFixtureServer } from "./helpers.ts";

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await server.close();
});

const FILES = {
  "a.js": `function call(code) { return eval(code); }
function get(url, params) {
  var r = UrlFetchApp.fetch(url, params || {});
  return { code: r.getResponseCode(), text: r.getContentText(), headers: r.getHeaders(), all: r.getAllHeaders(), bytes: r.getContent().length };
}`,
};

const runtime = (options: Parameters<typeof makeRuntime>[1] = {}) =>
  makeRuntime(FILES, {
    manifest: manifestWith({ urlFetchWhitelist: [`${server.origin}/`] }),
    ...options,
  });

describe("UrlFetchApp.fetch", () => {
  it("returns status, UTF-8 text (emoji included), content bytes and headers as sent by the server", () => {
    const rt = runtime();
    const r = rt.run("get", [`${server.origin}/emoji`]) as Record<string, unknown>;
    expect(r.code).toBe(200);
    expect(r.text).toBe("Grüße 👋 — 日本語");
    expect(r.bytes).toBe(Buffer.byteLength("Grüße 👋 — 日本語"));
    const h = rt.run("get", [`${server.origin}/headers`]) as {
      headers: Record<string, string>;
      all: Record<string, unknown>;
    };
    expect(h.headers["X-Custom-Thing"]).toBe("one");
    expect(h.all["Set-Cookie"]).toEqual(["a=1", "b=2"]);
    expect(h.headers["Content-Type"]).toBe("text/plain");
  });

  it("sends method, payload, content type and headers as given", () => {
    const rt = runtime();
    const post = JSON.parse(
      String(
        rt.run("call", [
          `UrlFetchApp.fetch("${server.origin}/echo?q=1", { method: "post", contentType: "application/json",
             headers: { Authorization: "Bearer phx_secret", "X-Trace": 7 }, payload: JSON.stringify({ name: "Åcme 🚀" }) }).getContentText()`,
        ]),
      ),
    );
    expect(post.method).toBe("POST");
    expect(post.url).toBe("/echo?q=1");
    expect(post.body).toBe('{"name":"Åcme 🚀"}');
    const headers = Object.fromEntries(
      (post.headers as string[]).flatMap((v, i, a) => (i % 2 === 0 ? [[v, a[i + 1]]] : [])),
    );
    expect(headers).toMatchObject({
      Authorization: "Bearer phx_secret",
      "X-Trace": "7",
      "Content-Type": "application/json",
    });
    expect(headers["User-Agent"]).toContain("Google-Apps-Script");
    const form = JSON.parse(
      String(
        rt.run("call", [
          `UrlFetchApp.fetch("${server.origin}/echo", { method: "PATCH", payload: { a: "x y", b: "é&" } }).getContentText()`,
        ]),
      ),
    );
    expect(form.method).toBe("PATCH");
    expect(form.body).toBe("a=x+y&b=%C3%A9%26");
    expect(form.headers).toContain("application/x-www-form-urlencoded");
    const bytes = JSON.parse(
      String(
        rt.run("call", [
          `UrlFetchApp.fetch("${server.origin}/echo", { method: "put", payload: Utilities.newBlob([0, -1, 127], "application/octet-stream") }).getContentText()`,
        ]),
      ),
    );
    expect(bytes.bodyHex).toBe("00ff7f");
    expect(bytes.headers).toContain("application/octet-stream");
  });

  it("throws Apps Script's text for a status ≥ 400, or returns it with muteHttpExceptions", () => {
    const rt = runtime();
    const url = `${server.origin}/status/400?pad=200`;
    expect(() => rt.run("get", [url])).toThrow(
      new RegExp(
        `^Request failed for ${server.origin.replace(/\./g, "\\.")} returned code 400\\. Truncated server response: \\{"type":"validation_error","code":"invalid_input","detail":"x{40}\\.\\.\\. \\(use muteHttpExceptions option to examine full response\\)$`,
      ),
    );
    const muted = rt.run("get", [url, { muteHttpExceptions: true }]) as {
      code: number;
      text: string;
    };
    expect(muted.code).toBe(400);
    expect(JSON.parse(muted.text).detail).toHaveLength(200);
    expect(() => rt.run("get", [`${server.origin}/status/503?body=down`])).toThrow(
      `Request failed for ${server.origin} returned code 503. Truncated server response: down (use muteHttpExceptions option to examine full response)`,
    );
    expect(
      (rt.run("get", [`${server.origin}/status/302?body=moved`]) as { code: number }).code,
    ).toBe(302);
  });

  it("follows redirects unless told not to, and un-gzips bodies", () => {
    const rt = runtime();
    expect(
      JSON.parse((rt.run("get", [`${server.origin}/redirect`]) as { text: string }).text).url,
    ).toBe("/echo?redirected=1");
    expect(
      (rt.run("get", [`${server.origin}/redirect`, { followRedirects: false }]) as { code: number })
        .code,
    ).toBe(302);
    expect((rt.run("get", [`${server.origin}/gzip`]) as { text: string }).text).toBe("zipped text");
  });

  it("times out after fetchTimeoutMs with 'Timeout: <url>'", () => {
    const rt = runtime({ fetchTimeoutMs: 300 });
    const t0 = Date.now();
    expect(() => rt.run("get", [`${server.origin}/hang`])).toThrow(
      `Timeout: ${server.origin}/hang`,
    );
    // /hang never answers: that the call returns at all is the timeout; it waited the timeout, for real.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    expect(rt.http).toMatchObject([{ method: "GET", status: null, error: "timeout" }]);
  });

  it("refuses a response over 50 MB with Apps Script's 'Limit exceeded: URL Fetch response size.'", () => {
    // https://developers.google.com/apps-script/guides/services/quotas: URL Fetch response size 50 MB / call.
    const rt = runtime();
    const limit = 50 * 1024 * 1024;
    expect((rt.run("get", [`${server.origin}/bytes?n=1000`]) as { bytes: number }).bytes).toBe(
      1000,
    );
    expect(() => rt.run("get", [`${server.origin}/bytes?n=${limit + 1}`])).toThrow(
      "Limit exceeded: URL Fetch response size.",
    );
  });

  it("reports a cut connection and a refused one as 'Address unavailable: <url>'", () => {
    const rt = runtime({ extraUrlAllowlist: ["http://127.0.0.1:1/"] });
    expect(() => rt.run("get", [`${server.origin}/cut`])).toThrow(
      `Address unavailable: ${server.origin}/cut`,
    );
    expect(() => rt.run("get", ["http://127.0.0.1:1/x"])).toThrow(
      "Address unavailable: http://127.0.0.1:1/x",
    );
  });

  it("refuses URLs outside the allowlist before sending", () => {
    const rt = runtime();
    expect(() => rt.run("get", ["https://evil.example.com/steal"])).toThrow(
      "Request to https://evil.example.com/steal failed because the URL has not been whitelisted in the script manifest.",
    );
    const wildcard = makeRuntime(FILES, {
      manifest: manifestWith({ urlFetchWhitelist: ["https://*.posthog.com/api/"] }),
    });
    const refused = (url: string) => {
      try {
        wildcard.run("call", [
          `UrlFetchApp.getRequest(${JSON.stringify(url)}); UrlFetchApp.fetch(${JSON.stringify(url)})`,
        ]);
        return false;
      } catch (e) {
        return /whitelisted/.test((e as Error).message);
      }
    };
    expect(refused("https://posthog.com/api/x")).toBe(true);
    expect(refused("https://us.posthog.com/other")).toBe(true);
    expect(refused("https://evil.com/.posthog.com/api/")).toBe(true);
    expect(refused("https://us.posthog.com/api/projects/")).toBe(false);
    expect(wildcard.http.filter((h) => h.url.startsWith("https://evil")).length).toBe(0);
  });

  it("limits URLs to 2,082 characters", () => {
    const rt = runtime();
    const base = `${server.origin}/echo?q=`;
    expect((rt.run("get", [base + "a".repeat(2082 - base.length)]) as { code: number }).code).toBe(
      200,
    );
    expect(() => rt.run("get", [base + "a".repeat(2083 - base.length)])).toThrow(
      "Limit Exceeded: URLFetch URL Length.",
    );
    expect(() =>
      rt.run("call", [
        `UrlFetchApp.fetch("${server.origin}/echo", { headers: ${JSON.stringify(Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`h${i}`, "v"])))} })`,
      ]),
    ).toThrow("Limit Exceeded: URLFetch header count.");
  });

  it("describes a request without sending it", () => {
    const rt = runtime();
    expect(
      rt.run("call", [
        `UrlFetchApp.getRequest("${server.origin}/echo", { method: "post", payload: "x=1", headers: { A: "b" } })`,
      ]),
    ).toMatchObject({
      url: `${server.origin}/echo`,
      method: "post",
      payload: "x=1",
      contentType: "application/x-www-form-urlencoded",
      headers: { A: "b" },
      muteHttpExceptions: false,
    });
    expect(rt.http).toEqual([]);
  });
});

describe("UrlFetchApp.fetchAll", () => {
  it("runs requests concurrently and returns them in order", () => {
    const rt = runtime();
    const slow = (id: number, ms: number) => `{ url: "${server.origin}/slow?id=${id}&ms=${ms}" }`;
    rt.run("get", [`${server.origin}/concurrency`]);
    const texts = rt.run("call", [
      `UrlFetchApp.fetchAll([${slow(1, 600)}, ${slow(2, 50)}, ${slow(3, 600)}, ${slow(4, 600)}, "${server.origin}/slow?id=5&ms=10"])
         .map(function (r) { return r.getContentText(); })`,
    ]);
    expect(texts).toEqual(["slow 1", "slow 2", "slow 3", "slow 4", "slow 5"]);
    const batch = [...rt.http];
    // The server saw the three 600 ms requests open at once (one by one, it would see one at a time).
    const open = Number((rt.run("get", [`${server.origin}/concurrency`]) as { text: string }).text);
    expect(open).toBeGreaterThanOrEqual(3);
    expect(batch).toHaveLength(5);
    expect(batch.every((h) => h.batch === 5 && h.status === 200)).toBe(true);
  });

  it("throws on the first failure like fetch, unless muted", () => {
    const rt = runtime();
    expect(() =>
      rt.run("call", [
        `UrlFetchApp.fetchAll(["${server.origin}/echo", "${server.origin}/status/404?body=nope", "${server.origin}/status/500?body=boom"])`,
      ]),
    ).toThrow(
      `Request failed for ${server.origin} returned code 404. Truncated server response: nope`,
    );
    expect(
      rt.run("call", [
        `UrlFetchApp.fetchAll([{ url: "${server.origin}/status/404?body=nope", muteHttpExceptions: true }, "${server.origin}/echo"])
           .map(function (r) { return r.getResponseCode(); })`,
      ]),
    ).toEqual([404, 200]);
    expect(() =>
      rt.run("call", [
        `UrlFetchApp.fetchAll(["${server.origin}/echo", "https://elsewhere.example.com/"])`,
      ]),
    ).toThrow("not been whitelisted");
  });
});

describe("counting and the record of requests", () => {
  it("counts fetch and fetchAll calls and every request", () => {
    const rt = runtime();
    rt.run("call", [
      `UrlFetchApp.fetch("${server.origin}/echo").getResponseCode();
       UrlFetchApp.fetchAll(["${server.origin}/echo", "${server.origin}/echo", "${server.origin}/echo"]);`,
    ]);
    expect(rt.counts()).toMatchObject({
      "UrlFetchApp.fetch": 1,
      "UrlFetchApp.fetchAll": 1,
      "UrlFetchApp.requests": 4,
      "HTTPResponse.getResponseCode": 1,
    });
    expect(rt.http.map((h) => [h.method, h.url, h.status])).toEqual([
      ["GET", `${server.origin}/echo`, 200],
      ["GET", `${server.origin}/echo`, 200],
      ["GET", `${server.origin}/echo`, 200],
      ["GET", `${server.origin}/echo`, 200],
    ]);
    rt.run("call", ["1"]);
    expect(rt.http).toEqual([]);
  });
});

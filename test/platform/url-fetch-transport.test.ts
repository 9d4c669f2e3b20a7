// The UrlFetchApp transport adapter, over the runtime's emulated UrlFetchApp, and the in-memory fake: one contract.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createAppsScriptRuntime } from "../../runtime/index.ts";
import { createUrlFetchTransport } from "../../src/platform/url-fetch-transport.gas.ts";
import { memoryTransport } from "../fakes/memory-transport.ts";
import { type FixtureServer, startFixtureServer } from "../runtime/helpers.ts";
import { describeTransportContract } from "./transport-contract.ts";

let server: FixtureServer;
let runtime: ReturnType<typeof createAppsScriptRuntime>;

beforeAll(async () => {
  server = await startFixtureServer();
  runtime = createAppsScriptRuntime({ distDir: "dist", extraUrlAllowlist: [`${server.origin}/`] });
});
afterAll(async () => {
  runtime.close();
  await server.close();
});

describeTransportContract("UrlFetchApp adapter", () => {
  vi.stubGlobal("UrlFetchApp", runtime.services().UrlFetchApp);
  return { transport: createUrlFetchTransport(), origin: server.origin };
});

describeTransportContract("in-memory fake", () => ({
  origin: "http://fake.test",
  transport: memoryTransport((request) => {
    const path = request.url.replace("http://fake.test", "");
    if (path === "/cut") return "cut";
    const status = /^\/status\/(\d+)/.exec(path)?.[1];
    if (status) return { kind: "response", status: Number(status), headers: {}, body: "{}" };
    const body = JSON.stringify({ method: request.method, url: path, body: request.body ?? "" });
    return { kind: "response", status: 200, headers: { "Content-Type": "application/json" }, body };
  }),
}));

describe("the write transport (afterBatchFailure: unknown)", () => {
  it("answers every request of a failed batch as unknown instead of sending them again", () => {
    vi.stubGlobal("UrlFetchApp", runtime.services().UrlFetchApp);
    const transport = createUrlFetchTransport({ afterBatchFailure: "unknown" });
    runtime.resetCounts();
    const results = transport.sendAll([
      { method: "POST", url: `${server.origin}/echo?n=1`, headers: {}, body: "{}" },
      { method: "POST", url: `${server.origin}/cut`, headers: {}, body: "{}" },
    ]);
    expect(results.map((r) => r.kind)).toEqual(["network-error", "network-error"]);
    expect(runtime.counts()["UrlFetchApp.fetch"] ?? 0).toBe(0);
    expect(runtime.counts()["UrlFetchApp.fetchAll"]).toBe(1);
  });
});

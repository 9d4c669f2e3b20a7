// The requester on its own: POST defaults, query concurrency, origin checks, empty bodies, short batches.
import { describe, expect, it } from "vitest";
import { createConnection } from "../../src/api/credentials";
import { createPacer } from "../../src/api/pacer";
import { createRequester } from "../../src/api/request";
import { resolveRetry } from "../../src/api/retry";
import { fakeClock } from "../fakes/fake-clock.ts";
import { memoryStore } from "../fakes/memory-store.ts";
import { FakeTransport, KEY } from "./fake-transport";

function setup() {
  const transport = new FakeTransport();
  const time = fakeClock();
  const connection = createConnection({ host: "us", apiKey: KEY, projectId: 1 });
  const pacer = createPacer({
    store: memoryStore(),
    clock: time.now,
    sleep: time.sleep,
    bucket: "b",
  });
  const requester = createRequester({
    connection,
    transport,
    sleep: time.sleep,
    clock: time.now,
    pacer,
    retry: resolveRetry(),
  });
  return { transport, time, requester };
}

describe("requester", () => {
  it("treats a POST as a create unless told otherwise: no retry after a 5xx", () => {
    const { transport, requester } = setup();
    transport.on("POST", "/api/x/", { status: 503, body: "" });
    expect(() => requester.send({ method: "POST", path: "/api/x/", json: {} })).toThrow(
      expect.objectContaining({ code: "server_error" }),
    );
    expect(transport.requests).toHaveLength(1);
    expect(() =>
      requester.send({ method: "POST", path: "/api/x/", json: {}, idempotent: true }),
    ).toThrow();
    expect(transport.requests).toHaveLength(6);
  });

  it("never sends more than 3 query requests side by side", () => {
    const { transport, requester } = setup();
    transport.on("POST", "/api/q/", { status: 200, body: { results: [] } });
    const specs = Array.from({ length: 7 }, () => ({
      method: "POST" as const,
      path: "/api/q/",
      json: {},
      pace: "query" as const,
    }));
    const outcomes = requester.sendAll(specs, { concurrency: 10 });
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(transport.batches).toEqual([3, 3, 1]);
  });

  it("refuses to send the key to an absolute URL on another origin", () => {
    const { transport, requester } = setup();
    expect(() => requester.send({ method: "GET", url: "https://evil.example.com/api/x/" })).toThrow(
      expect.objectContaining({ code: "invalid_input" }),
    );
    expect(transport.requests).toHaveLength(0);
  });

  it("returns null data for an empty 204 and the status with the data", () => {
    const { transport, requester } = setup();
    transport.on("DELETE", "/api/x/", { status: 204 });
    expect(requester.send({ method: "DELETE", path: "/api/x/" })).toEqual({
      status: 204,
      data: null,
      bytes: 0,
    });
  });

  it("treats a missing result from sendAll as a network failure", () => {
    const { transport, requester, time } = setup();
    transport.sendAll = () => [];
    const [outcome] = requester.sendAll([{ method: "GET", path: "/api/x/" }]);
    expect(outcome?.ok === false && outcome.error.code).toBe("network");
    expect(time.sleeps).toEqual([1000, 2000, 4000, 8000]);
  });
});

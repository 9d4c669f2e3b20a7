// The pacer: per-minute and per-hour limits, persistence across clients, 429 blocks, store hygiene.
import { describe, expect, it } from "vitest";
import { createPacer, DEFAULT_LIMITS } from "../../src/api/pacer";
import { fakeClock } from "../fakes/fake-clock.ts";
import { memoryStore } from "../fakes/memory-store.ts";
import { envelope, KEY, P, testClient } from "./fake-transport";

function pacer(store = memoryStore(), time = fakeClock()) {
  return {
    pacer: createPacer({ store, clock: time.now, sleep: time.sleep, bucket: "user-1" }),
    store,
    time,
  };
}

describe("pacer", () => {
  it("defaults to PostHog's limits", () => {
    expect(DEFAULT_LIMITS).toEqual({
      rest: { perMinute: 480, perHour: 4800 },
      query: { perMinute: 240, perHour: 2400 },
    });
  });

  it("lets 480 requests through in a minute and makes the 481st wait for the window", () => {
    const { pacer: p, time } = pacer();
    for (let i = 0; i < 480; i++)
      expect(p.acquire("rest", 1, 120_000)).toEqual({ ok: true, sleptMs: 0 });
    const wait = p.delayFor("rest");
    expect(wait).toBeGreaterThanOrEqual(60_000);
    expect(wait).toBeLessThanOrEqual(61_000);
    expect(p.acquire("rest", 1, 120_000)).toEqual({ ok: true, sleptMs: wait });
    expect(time.sleeps).toEqual([wait]);
  });

  it("refuses instead of sleeping past the caller's budget", () => {
    const { pacer: p, time } = pacer();
    p.record("rest", 480);
    const refused = p.acquire("rest", 1, 10_000);
    expect(refused.ok).toBe(false);
    expect(time.slept).toBe(0);
  });

  it("keeps query requests under 240 a minute, apart from REST", () => {
    const { pacer: p } = pacer();
    p.record("query", 240);
    expect(p.delayFor("query")).toBeGreaterThan(59_000);
    expect(p.delayFor("rest")).toBe(0);
  });

  it("keeps the hourly cap: 4,800 requests spread over the hour, then a wait until the oldest leave", () => {
    const { pacer: p, time, store } = pacer();
    for (let i = 0; i < 4800; i++) {
      const got = p.acquire("rest", 1, 3_600_000);
      expect(got.ok).toBe(true);
      time.advance(500); // 2 a second: under the minute limit, so only the hour limit binds
    }
    const wait = p.delayFor("rest");
    expect(wait).toBeGreaterThan(20 * 60_000);
    expect(wait).toBeLessThanOrEqual(3_600_000);
    // The log stays small enough for a 9 KB property value.
    for (const value of store.data.values()) expect(value.length).toBeLessThan(4000);
  });

  it("holds across clients built over the same store", () => {
    const store = memoryStore();
    const first = testClient({ store, bucket: "acct-7" });
    first.transport.on("GET", `${P}/groups_types/`, { status: 200, body: [] });
    for (let i = 0; i < 480; i++) first.client.groupTypes.list();
    expect(first.time.slept).toBe(0);

    const second = testClient({
      store,
      bucket: "acct-7",
      clock: first.time.now,
      sleep: first.time.sleep,
    });
    second.transport.on("GET", `${P}/groups_types/`, { status: 200, body: [] });
    expect(second.client.pacer.delayFor("rest")).toBeGreaterThan(59_000);
    second.client.groupTypes.list();
    expect(first.time.slept).toBeGreaterThan(59_000);
  });

  it("a 429's wait blocks later requests, even from another execution", () => {
    const store = memoryStore();
    const { client, transport, time } = testClient({ store, bucket: "b" });
    transport.on(
      "GET",
      `${P}/groups_types/`,
      {
        status: 429,
        body: envelope(
          "throttled_error",
          "throttled",
          "Request was throttled. Expected available in 20 seconds.",
        ),
      },
      { status: 200, body: [] },
    );
    client.groupTypes.list();
    expect(time.sleeps).toEqual([20_000]);
    time.advance(-20_000); // as seen from another execution right after the 429
    const other = createPacer({ store, clock: time.now, sleep: time.sleep, bucket: "b" });
    expect(other.delayFor("rest")).toBe(20_000);
  });

  it("never names its store entry after the key, and refuses a key as bucket", () => {
    const { store, client, transport } = testClient();
    transport.on("GET", "/api/users/@me/", { status: 200, body: { uuid: "u", email: "e" } });
    client.projects.me();
    expect([...store.data.keys()]).toEqual(["posthog-pacer:p4242@us.posthog.com:rest"]);
    expect([...store.data.keys(), ...store.data.values()].join()).not.toContain(KEY);
    expect(() => createPacer({ store, clock: Date.now, sleep: () => {}, bucket: KEY })).toThrow(
      expect.objectContaining({ code: "invalid_input" }),
    );
  });

  it("shrugs off a damaged store entry", () => {
    const store = memoryStore();
    store.put("posthog-pacer:user-1:rest", "{oops");
    const { pacer: p } = pacer(store);
    expect(p.delayFor("rest")).toBe(0);
  });
});

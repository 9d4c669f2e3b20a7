// Fault injection and the control API: 429 bursts, 5xx, delays, cut sockets, bad JSON, revocation, logs, reset.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type LocalPostHog, startLocalPostHog } from "../../posthog-local/index";
import { client } from "./helpers";

let ph: LocalPostHog;
let api: ReturnType<typeof client>;
const TYPES = "/api/projects/1/groups_types/";

beforeAll(async () => {
  ph = await startLocalPostHog({ groups: 30 });
  api = client(ph);
});
afterAll(() => ph.close());
beforeEach(() => ph.control.reset());

describe("faults", () => {
  it("sends a burst of 429s with or without Retry-After, then recovers", async () => {
    await ph.control.addFault({ path: "groups_types", kind: "throttle", count: 2, retryAfter: 7 });
    const first = await api.get(TYPES);
    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after")).toBe("7");
    expect(first.json.detail).toBe("Request was throttled. Expected available in 7 seconds.");
    expect((await api.get(TYPES)).status).toBe(429);
    expect((await api.get(TYPES)).status).toBe(200);
    await ph.control.addFault({ path: "groups_types", kind: "throttle", waitSeconds: 1 });
    const bare = await api.get(TYPES);
    expect(bare.headers.get("retry-after")).toBeNull();
    expect(bare.json.detail).toBe("Request was throttled. Expected available in 1 second.");
  });

  it("answers 500 with PostHog's body and 502/503/504 with a proxy's HTML", async () => {
    await ph.control.addFault({ path: "groups_types", kind: "status", status: 500 });
    const five = await api.get(TYPES);
    expect(five.json).toEqual({
      type: "server_error",
      code: "error",
      detail: "A server error occurred.",
      attr: null,
    });
    for (const status of [502, 503, 504]) {
      await ph.control.addFault({ path: "groups_types", kind: "status", status });
      const res = await api.get(TYPES);
      expect(res.status).toBe(status);
      expect(res.headers.get("content-type")).toBe("text/html");
    }
  });

  it("matches by method, skips the first N matches and honours counts", async () => {
    await ph.control.addFault({
      path: "/groups/?$",
      method: "POST",
      kind: "status",
      status: 503,
      skip: 1,
      count: 1,
    });
    expect((await api.get("/api/projects/1/groups/?group_type_index=0")).status).toBe(200);
    const body = { group_type_index: 0, group_key: "f-1" };
    expect((await api.post("/api/projects/1/groups/", body)).status).toBe(201);
    expect((await api.post("/api/projects/1/groups/", { ...body, group_key: "f-2" })).status).toBe(
      503,
    );
    expect((await api.post("/api/projects/1/groups/", { ...body, group_key: "f-3" })).status).toBe(
      201,
    );
  });

  it("delays responses", async () => {
    await ph.control.addFault({ path: "groups_types", kind: "delay", delayMs: 250 });
    const started = Date.now();
    expect((await api.get(TYPES)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it("cuts the connection before the handler (nothing written) or after it (written, reply lost)", async () => {
    await ph.control.addFault({ path: "/groups/?$", method: "POST", kind: "destroy" });
    await expect(
      api.post("/api/projects/1/groups/", { group_type_index: 0, group_key: "cut-before" }),
    ).rejects.toThrow();
    expect((await ph.control.group("cut-before")).postgres).toBeNull();
    await ph.control.addFault({
      path: "/groups/?$",
      method: "POST",
      kind: "destroy",
      when: "after",
    });
    await expect(
      api.post("/api/projects/1/groups/", { group_type_index: 0, group_key: "cut-after" }),
    ).rejects.toThrow();
    expect((await ph.control.group("cut-after")).postgres?.group_key).toBe("cut-after");
  });

  it("truncates the JSON body while keeping the status", async () => {
    await ph.control.addFault({ path: "groups_types", kind: "malformed" });
    const res = await api.get(TYPES);
    expect(res.status).toBe(200);
    expect(() => JSON.parse(res.text)).toThrow();
  });
});

describe("control API", () => {
  it("revokes a key after N more requests", async () => {
    const key = await ph.control.createKey({ scopes: ["group:read"] });
    await ph.control.revokeKey(key.id, 2);
    expect((await api.get(TYPES, { key: key.key })).status).toBe(200);
    expect((await api.get(TYPES, { key: key.key })).status).toBe(200);
    const res = await api.get("/api/projects/1/groups/?group_type_index=0", { key: key.key });
    expect(res.status).toBe(401);
  });

  it("logs requests with the key id, never the key, and keeps write bodies", async () => {
    await api.get(`${TYPES}?personal_api_key=${ph.personalApiKey}`, { key: null });
    await api.post(
      "/api/projects/1/groups/",
      { group_type_index: 0, group_key: "logged", personal_api_key: ph.personalApiKey },
      { key: null },
    );
    const log = await ph.control.requests();
    const serialized = JSON.stringify(log);
    expect(serialized).not.toContain(ph.personalApiKey);
    const write = log.find((e) => e.method === "POST");
    expect(write).toMatchObject({ path: "/api/projects/1/groups/", status: 201, keyId: "key_1" });
    expect(write?.body).toMatchObject({ group_key: "logged", personal_api_key: "phx_[redacted]" });
    const read = log.find((e) => e.method === "GET");
    expect(read?.body).toBeUndefined();
    expect(read?.query).toEqual({ personal_api_key: "phx_[redacted]" });
  });

  it("reads a group from both sides and flushes pending writes", async () => {
    await ph.control.setLag(60_000);
    await api.post("/api/projects/1/groups/", { group_type_index: 0, group_key: "both-sides" });
    const before = await ph.control.group("both-sides");
    expect(before.postgres?.group_key).toBe("both-sides");
    expect(before.clickhouse).toBeNull();
    expect(before.pendingWrites).toBe(1);
    await ph.control.flush();
    expect((await ph.control.group("both-sides")).clickhouse?.group_key).toBe("both-sides");
  });

  it("advances the clock, which also releases lagging writes", async () => {
    await ph.control.setLag(5_000);
    await api.post("/api/projects/1/groups/", { group_type_index: 0, group_key: "clocked" });
    expect((await ph.control.group("clocked")).clickhouse).toBeNull();
    await ph.control.advanceClock(5_001);
    expect((await ph.control.group("clocked")).clickhouse).not.toBeNull();
  });

  it("reseeds on reset, with a new size", async () => {
    await api.post("/api/projects/1/groups/", {
      group_type_index: 0,
      group_key: "gone-after-reset",
    });
    const info = await ph.control.reset({ groups: 10 });
    expect(info.groups).toMatchObject({ 0: 10 });
    expect((await ph.control.group("gone-after-reset")).postgres).toBeNull();
    expect(info.personalApiKey).toBe(ph.personalApiKey);
  });

  it("refuses unknown control routes", async () => {
    const res = await fetch(`${ph.url}/_control/nope`);
    expect(res.status).toBe(404);
  });
});

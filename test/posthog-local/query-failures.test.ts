// The query API's failures as PostHog answers them today: 402 quota, 512 too slow, 513 out of memory,
// the 60 s legacy sync budget, and the latency setting that delays every answer.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type LocalPostHog, startLocalPostHog } from "../../posthog-local/index";
import { Runtime } from "../../posthog-local/runtime";
import { deliveryDelayMs } from "../../posthog-local/server";
import { defaultSettings } from "../../posthog-local/settings";
import { client, sleep } from "./helpers";

let ph: LocalPostHog;
let api: ReturnType<typeof client>;
const FB = { refresh: "force_blocking" };
const PAGE = "SELECT key, properties FROM groups WHERE index = 0 ORDER BY key ASC LIMIT 200";

beforeAll(async () => {
  ph = await startLocalPostHog({ groups: 400, lagMs: 0 });
  api = client(ph);
});
afterEach(async () => {
  await ph.control.clearFaults();
  await ph.control.settings({
    query: { quotaExceeded: false, memoryLimitBytes: null },
    latency: { baseMs: 0, bytesPerSecond: null },
  });
});
afterAll(() => ph.close());

/** Asks for PAGE, expecting a refusal with this status and envelope. */
async function refusedPage(status: number, type: string, code: string) {
  const res = await api.query(PAGE, {}, FB);
  expect(res.status).toBe(status);
  expect(res.json).toMatchObject({ type, code, attr: null });
  return res;
}

describe("402 api_queries_quota_exceeded", () => {
  it("refuses every computed query, blocking or async, with PostHog's body", async () => {
    const cached = await api.query("SELECT count() FROM groups WHERE index = 0");
    await ph.control.settings({ query: { quotaExceeded: true } });
    const res = await refusedPage(402, "invalid_request", "api_queries_quota_exceeded");
    expect(res.json.detail).toContain("free allowance");
    expect(res.json.detail).toContain("Billing settings");
    const async = await api.query(PAGE, {}, { refresh: "force_async", client_query_id: "q402" });
    expect(async.status).toBe(402);
    // A cached answer costs nothing, so it still arrives.
    const again = await api.query("SELECT count() FROM groups WHERE index = 0");
    expect(again.status).toBe(200);
    expect(again.json.results).toEqual(cached.json.results);
    // The REST groups list is not a query: it keeps working.
    expect((await api.get("/api/projects/1/groups/?group_type_index=0")).status).toBe(200);
  });

  it("can be injected as a fault with the same body", async () => {
    await ph.control.addFault({ path: "/query/?$", kind: "status", status: 402 });
    const res = await api.query(PAGE, {}, FB);
    expect(res.status).toBe(402);
    expect(res.json.code).toBe("api_queries_quota_exceeded");
  });
});

describe("513 memory limit and 512 estimated time", () => {
  it("fails a query whose result passes the memory limit with 513, and passes a smaller page", async () => {
    const full = await api.query(PAGE, {}, FB);
    const bytes = Buffer.byteLength(JSON.stringify(full.json.results));
    await ph.control.settings({ query: { memoryLimitBytes: Math.floor(bytes * 0.75) } });
    const res = await refusedPage(513, "server_error", "clickhouse_memory_limit_exceeded");
    expect(res.json.detail).toContain("ran out of memory");
    const half = await api.query(PAGE.replace("LIMIT 200", "LIMIT 100"), {}, FB);
    expect(half.status).toBe(200);
    expect(half.json.results).toHaveLength(100);
  });

  it("reports an async query's memory failure at the poll: 400 with the text, no status code", async () => {
    const full = await api.query(PAGE, {}, FB);
    const bytes = Buffer.byteLength(JSON.stringify(full.json.results));
    await ph.control.settings({ query: { memoryLimitBytes: Math.floor(bytes / 2) } });
    await api.query(PAGE, {}, { refresh: "force_async", client_query_id: "mem-1" });
    await sleep(150);
    const poll = await api.get("/api/projects/1/query/mem-1/");
    expect(poll.status).toBe(400);
    expect(poll.json.query_status).toMatchObject({ complete: true, error: true });
    expect(poll.json.query_status.error_message).toContain("ran out of memory");
  });

  it("injects 512 and 513 as faults with PostHog's bodies", async () => {
    await ph.control.addFault({ path: "/query/?$", kind: "status", status: 512 });
    const slow = await api.query(PAGE, {}, FB);
    expect(slow.status).toBe(512);
    expect(slow.json).toMatchObject({ type: "server_error", code: "error" });
    expect(slow.json.detail).toMatch(
      /^Estimated query execution time \(.* seconds\) is too long\./,
    );
    await ph.control.addFault({ path: "/query/?$", kind: "status", status: 513 });
    const memory = await api.query(PAGE, {}, FB);
    expect(memory.status).toBe(513);
    expect(memory.json.code).toBe("clickhouse_memory_limit_exceeded");
  });
});

describe("sync budget", () => {
  it("defaults to the legacy and self-hosted 60 s budget; the 10 s API ceiling is a setting", () => {
    expect(defaultSettings().query.syncTimeLimitMs).toBe(60_000);
  });

  it("answers a legacy timeout with ClickHouseQueryTimeOut's text, a 10 s one with the API ceiling's", () => {
    const rt = new Runtime({ groups: 1 });
    expect(rt.query.timeoutError().status).toBe(504);
    expect(rt.query.timeoutError().body?.detail).toMatch(/^Query has hit the max execution time/);
    rt.world.settings.query.syncTimeLimitMs = 10_000;
    expect(rt.query.timeoutError().body?.detail).toContain("10-second time limit");
  });
});

describe("latency", () => {
  it("is off by default, and is the base time plus the body's transfer time when set", () => {
    expect(deliveryDelayMs(defaultSettings().latency, 1_000_000)).toBe(0);
    expect(deliveryDelayMs({ baseMs: 150, bytesPerSecond: 1_000_000 }, 2_000_000)).toBe(2150);
    expect(deliveryDelayMs({ baseMs: 150, bytesPerSecond: null }, 2_000_000)).toBe(150);
  });

  it("logs each answer's size", async () => {
    await ph.control.settings({ latency: { baseMs: 20, bytesPerSecond: 10_000_000 } });
    const res = await api.query(PAGE, {}, FB);
    const entries = await ph.control.requests({ since: 0, path: "/api/projects/1/query/" });
    expect(res.status).toBe(200);
    expect(entries.at(-1)?.responseBytes).toBe(Buffer.byteLength(res.text));
  });
});

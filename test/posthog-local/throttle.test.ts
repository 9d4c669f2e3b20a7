// Throttling: 480/min and 4,800/h per key, the 429 body, Retry-After switch, the query endpoint's own limits.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type LocalPostHog, startLocalPostHog } from "../../posthog-local/index";
import { client } from "./helpers";

let ph: LocalPostHog;
let api: ReturnType<typeof client>;
const TYPES = "/api/projects/1/groups_types/";

beforeAll(async () => {
  ph = await startLocalPostHog({ groups: 20 });
  api = client(ph);
});
afterAll(() => ph.close());
beforeEach(() => ph.control.reset({ groups: 20 }));

async function burst(n: number, key: string, path = TYPES): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i += 16) {
    const batch = Array.from({ length: Math.min(16, n - i) }, () =>
      api.get(path, { key }).then((r) => r.status),
    );
    statuses.push(...(await Promise.all(batch)));
  }
  return statuses;
}

describe("default throttles", () => {
  it("allows 480 requests a minute per key, then answers 429 with DRF's text and no Retry-After", async () => {
    const settings = await ph.control.settings();
    expect(settings.throttle.burst).toEqual({ limit: 480, windowMs: 60_000 });
    expect(settings.throttle.sustained).toEqual({ limit: 4800, windowMs: 3_600_000 });
    const statuses = await burst(480, ph.personalApiKey);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const res = await api.get(TYPES);
    expect(res.status).toBe(429);
    expect(res.json).toMatchObject({ type: "throttled_error", code: "throttled", attr: null });
    expect(res.json.detail).toMatch(
      /^Request was throttled\. Expected available in \d+ seconds?\.$/,
    );
    expect(res.headers.get("retry-after")).toBeNull();
    const other = await api.get(TYPES, { key: ph.readOnlyKey });
    expect(other.status).toBe(200); // buckets are per key
  });

  it("does not throttle GET users/@me", async () => {
    await ph.control.setThrottle({ burst: { limit: 1, windowMs: 60_000 } });
    const statuses = await burst(5, ph.personalApiKey, "/api/users/@me/");
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
  });
});

describe("configured throttles", () => {
  it("slides the window: the oldest request expiring frees a slot", async () => {
    await ph.control.setThrottle({ burst: { limit: 3, windowMs: 60_000 } });
    expect(await burst(3, ph.personalApiKey)).toEqual([200, 200, 200]);
    const limited = await api.get(TYPES);
    expect(limited.json.detail).toMatch(/Expected available in (59|60) seconds\./);
    await ph.control.advanceClock(61_000);
    expect((await api.get(TYPES)).status).toBe(200);
  });

  it("sends Retry-After when switched on", async () => {
    await ph.control.setThrottle({ burst: { limit: 1, windowMs: 10_000 }, retryAfter: true });
    await api.get(TYPES);
    const res = await api.get(TYPES);
    expect(res.status).toBe(429);
    const wait = Number(res.headers.get("retry-after"));
    expect(wait).toBeGreaterThanOrEqual(9);
    expect(res.json.detail).toBe(
      `Request was throttled. Expected available in ${wait} second${wait === 1 ? "" : "s"}.`,
    );
  });

  it("applies the hourly limit too, with the longer wait", async () => {
    await ph.control.setThrottle({ sustained: { limit: 2, windowMs: 3_600_000 } });
    await burst(2, ph.personalApiKey);
    const res = await api.get(TYPES);
    expect(res.status).toBe(429);
    expect(Number(/in (\d+) seconds/.exec(res.json.detail)?.[1])).toBeGreaterThan(3500);
  });

  it("counts only authenticated personal-key requests (401s do not use the budget)", async () => {
    await ph.control.setThrottle({ burst: { limit: 2, windowMs: 60_000 } });
    await burst(5, "phx_invalid");
    expect(await burst(2, ph.personalApiKey)).toEqual([200, 200]);
  });
});

describe("query throttles", () => {
  const sql = "SELECT count() AS n FROM groups WHERE index = 0";
  const run = () => api.query(sql, {}, { refresh: "force_blocking" });

  it("uses its own buckets (240/min, 2,400/h by default)", async () => {
    const settings = await ph.control.settings();
    expect(settings.throttle.queryBurst).toEqual({ limit: 240, windowMs: 60_000 });
    expect(settings.throttle.querySustained).toEqual({ limit: 2400, windowMs: 3_600_000 });
    await ph.control.setThrottle({
      burst: { limit: 1, windowMs: 60_000 },
      queryBurst: { limit: 2, windowMs: 60_000 },
    });
    await api.get(TYPES);
    expect((await api.get(TYPES)).status).toBe(429);
    expect((await run()).status).toBe(200);
    expect((await run()).status).toBe(200);
    expect((await run()).status).toBe(429);
  });

  it("applies the legacy 120/hour HogQL limit to grandfathered projects", async () => {
    await ph.control.setThrottle({
      queryMode: "legacy",
      legacyHogQL: { limit: 1, windowMs: 3_600_000 },
    });
    expect((await run()).status).toBe(200);
    const res = await run();
    expect(res.status).toBe(429);
    expect((await ph.control.settings()).throttle.legacyHogQL.limit).toBe(1);
  });

  it("runs at most 3 queries at once per project; the rest wait, then get 429", async () => {
    await ph.control.settings({
      query: { executionMs: 300 },
      throttle: { queryConcurrencyWaitMs: 100 },
    });
    const results = await Promise.all(Array.from({ length: 5 }, () => run()));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const refused = results.find((r) => r.status === 429);
    expect(refused?.json.detail).toMatch(
      /^Exceeded maximum concurrency limit: 3 for key: api:query:per-team:1 and task: /,
    );
    expect(refused?.headers.get("retry-after")).toBeNull();
  });
});

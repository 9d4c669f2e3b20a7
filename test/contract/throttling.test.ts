// Contract: 429s (injected and from the server's real per-key limits) and the client's pacer, on the virtual clock.
import { afterEach, describe, expect, it } from "vitest";
import type { GroupRef } from "../../src/api/groups.ts";
import { failure, itKeepsTheRequestLogClean, useContract } from "./kit.ts";

const kit = useContract({ groups: 150 });
const company: GroupRef = { groupTypeIndex: 0, groupKey: "acme-00012" };
const MINUTE = 60_000;

afterEach(async () => {
  await kit.control.clearFaults();
  await kit.control.setThrottle({
    retryAfter: false,
    burst: { limit: 480, windowMs: MINUTE },
    queryBurst: { limit: 240, windowMs: MINUTE },
  });
});

/** Company refs that exist (companies 1..n). */
async function companies(n: number): Promise<GroupRef[]> {
  const keys = kit
    .client()
    .groups.list({ groupTypeIndex: 0 })
    .results.map((g) => g.group_key)
    .slice(0, n);
  expect(keys).toHaveLength(n);
  await kit.mark();
  return keys.map((groupKey) => ({ groupTypeIndex: 0, groupKey }));
}

describe("injected 429s", () => {
  it("waits what Retry-After says, then succeeds", async () => {
    await kit.control.addFault({ path: "/groups/find/", kind: "throttle", retryAfter: 7 });
    expect(kit.client().groups.find(company).group_key).toBe(company.groupKey);
    expect(kit.slept).toEqual([7000]);
    expect((await kit.requests()).map((e) => e.status)).toEqual([429, 200]);
  });

  it("without Retry-After, waits what the detail's 'Expected available in N seconds' says", async () => {
    await kit.control.addFault({
      path: "/groups/find/",
      kind: "throttle",
      waitSeconds: 3,
      count: 2,
    });
    expect(kit.client().groups.find(company).group_key).toBe(company.groupKey);
    expect(kit.slept).toEqual([3000, 3000]);
    expect((await kit.requests()).map((e) => e.status)).toEqual([429, 429, 200]);
  });

  it("a burst longer than the retry budget surfaces `throttled` with the wait PostHog asked for", async () => {
    await kit.control.addFault({
      path: "/groups/find/",
      kind: "throttle",
      retryAfter: 30,
      count: null,
    });
    const error = failure(() => kit.client().groups.find(company));
    expect(error).toMatchObject({ code: "throttled", status: 429, waitSeconds: 30 });
    // 4 retries of 30 s use the whole 120 s budget.
    expect(kit.slept).toEqual([30_000, 30_000, 30_000, 30_000]);
    expect(await kit.requests()).toHaveLength(5);
    await kit.control.clearFaults();

    kit.slept.length = 0;
    await kit.control.addFault({ path: "/groups/find/", kind: "throttle", waitSeconds: 90 });
    const client = kit.client();
    const long = failure(() => client.groups.find(company));
    expect(long).toMatchObject({ code: "throttled", waitSeconds: 90 });
    expect(kit.slept).toEqual([]);
    // The same client then holds its next request until PostHog said it would take them again.
    expect(client.pacer.delayFor("rest")).toBeGreaterThan(85_000);
    expect(client.groups.find(company).group_key).toBe(company.groupKey);
    expect(kit.slept).toHaveLength(1);
    expect(kit.slept[0]).toBeGreaterThan(85_000);
    expect(kit.slept[0]).toBeLessThanOrEqual(90_000);
    expect((await kit.requests()).map((e) => e.status)).toEqual([
      429, 429, 429, 429, 429, 429, 200,
    ]);
  });
});

describe("the server's real per-key limits", () => {
  it("the pacer told PostHog's limit (here 20/min) stays under it: no 429 ever, only waits", async () => {
    await kit.control.setThrottle({ burst: { limit: 20, windowMs: MINUTE } });
    const refs = await companies(50);
    const key = await kit.newKey();
    const client = kit.client({
      apiKey: key.key,
      limits: { rest: { perMinute: 20, perHour: 4800 } },
    });
    for (const ref of refs.slice(0, 30))
      expect(client.groups.find(ref).group_key).toBe(ref.groupKey);
    const batch = client.groups.findMany(refs.slice(30));
    expect(batch.every((o) => o.ok)).toBe(true);

    const log = await kit.requests();
    expect(log).toHaveLength(50);
    expect(log.every((e) => e.status === 200)).toBe(true);
    // Two waits of about a minute: 20 + 20 + 10 requests. The pacer counts per second too, so a wait of under a
    // second may come on top when a window's edge falls between two requests.
    expect(kit.slept.filter((ms) => ms >= 30_000)).toHaveLength(2);
    expect(kit.slept.filter((ms) => ms > 1_000 && ms < 30_000)).toHaveLength(0);
    expect(kit.sleptMs).toBeGreaterThanOrEqual(2 * MINUTE);
    expect(kit.sleptMs).toBeLessThan(2 * MINUTE + 10_000);
  });

  it("with the default pacer (480/min) and a server at 20/min, the 429s are waited out and every call succeeds", async () => {
    await kit.control.setThrottle({ burst: { limit: 20, windowMs: MINUTE } });
    const refs = await companies(45);
    const key = await kit.newKey();
    const client = kit.client({ apiKey: key.key });
    for (const ref of refs) expect(client.groups.find(ref).group_key).toBe(ref.groupKey);

    const log = await kit.requests();
    const throttled = log.filter((e) => e.status === 429);
    expect(throttled).toHaveLength(2);
    expect(log).toHaveLength(45 + 2);
    expect(log.filter((e) => e.status === 200)).toHaveLength(45);
    // Each wait is the "Expected available in N seconds" of its 429 (about a minute here).
    expect(kit.slept).toHaveLength(2);
    for (const ms of kit.slept) expect(ms).toBeGreaterThan(55_000);
    for (const ms of kit.slept) expect(ms).toBeLessThanOrEqual(MINUTE);
  });

  it("honours the Retry-After header when the server sends it", async () => {
    await kit.control.setThrottle({ burst: { limit: 10, windowMs: MINUTE }, retryAfter: true });
    const refs = await companies(15);
    const client = kit.client({ apiKey: (await kit.newKey()).key });
    for (const ref of refs) client.groups.find(ref);
    const log = await kit.requests();
    expect(log.map((e) => e.status).filter((s) => s === 429)).toHaveLength(1);
    expect(kit.slept).toHaveLength(1);
    expect(kit.slept[0]).toBeGreaterThan(55_000);
  });

  it("paces the query API by its own budget (here 5/min), apart from REST", async () => {
    await kit.control.setThrottle({ queryBurst: { limit: 5, windowMs: MINUTE } });
    const client = kit.client({
      apiKey: (await kit.newKey()).key,
      limits: { query: { perMinute: 5, perHour: 2400 }, rest: { perMinute: 20, perHour: 4800 } },
    });
    for (let i = 0; i < 11; i++) expect(client.query.countGroups({ groupTypeIndex: 0 })).toBe(150);
    for (let i = 0; i < 10; i++) client.groups.find(company);
    const log = await kit.requests();
    expect(log).toHaveLength(21);
    expect(log.every((e) => e.status === 200)).toBe(true);
    // 5 + 5 + 1 queries: two waits; the 10 REST calls then go at once.
    expect(kit.slept.filter((ms) => ms > 0)).toHaveLength(2);
  });
});

itKeepsTheRequestLogClean(kit);

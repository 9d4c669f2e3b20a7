// Seed data: deterministic and awkward on purpose, and fast: 50,000 groups seed and page quickly.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalPostHog, startLocalPostHog } from "../../posthog-local/index";
import { client } from "./helpers";

describe("seed content", () => {
  let ph: LocalPostHog;
  let api: ReturnType<typeof client>;
  beforeAll(async () => {
    ph = await startLocalPostHog({ groups: 1000 });
    api = client(ph);
  });
  afterAll(() => ph.close());

  async function allProps(): Promise<unknown[]> {
    const res = await api.query(
      "SELECT properties FROM groups WHERE index = 0 LIMIT 1000",
      {},
      { refresh: "force_blocking" },
    );
    return res.json.results.flatMap((r: string[]) => Object.values(JSON.parse(r[0] as string)));
  }

  it("holds the awkward values a sheet must keep as text", async () => {
    const values = await allProps();
    const strings = values.filter((v): v is string => typeof v === "string");
    for (const prefix of ["=", "+", "-", "@"])
      expect(
        strings.some((s) => s.startsWith(prefix)),
        prefix,
      ).toBe(true);
    expect(strings.some((s) => /^00\d+$/.test(s))).toBe(true);
    expect(strings).toContain("");
    expect(strings.some((s) => s.length > 500)).toBe(true);
    expect(strings.some((s) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(s))).toBe(true);
    expect(strings.some((s) => /\p{Extended_Pictographic}/u.test(s))).toBe(true);
    expect(strings.some((s) => /[éüøñ]/.test(s))).toBe(true);
    expect(strings.some((s) => /^\d{4}-\d\d-\d\d/.test(s))).toBe(true);
    expect(values.some((v) => typeof v === "number" && !Number.isInteger(v))).toBe(true);
    expect(values.some((v) => typeof v === "boolean")).toBe(true);
    expect(values.some((v) => v === null)).toBe(true);
    expect(values.some((v) => Array.isArray(v))).toBe(true);
    expect(values.some((v) => v !== null && typeof v === "object" && !Array.isArray(v))).toBe(true);
  });

  it("has three group types in project 1 and a small project 2", async () => {
    const counts = await Promise.all(
      [0, 1, 2].map((i) =>
        api.query(
          "SELECT count() FROM groups WHERE index = {i}",
          { i },
          { refresh: "force_blocking" },
        ),
      ),
    );
    expect(counts.map((r) => r.json.results[0][0])).toEqual([1000, 300, 200]);
    expect((await api.get("/api/projects/2/groups_types/")).json).toHaveLength(2);
    expect((await api.get("/api/projects/2/groups/?group_type_index=0")).json.results).toHaveLength(
      25,
    );
  });

  it("has persons in static and dynamic cohorts, and metrics", async () => {
    const cohorts = (await api.get("/api/projects/1/cohorts/")).json.results;
    expect(
      cohorts.some((c: { is_static: boolean; count: number }) => c.is_static && c.count > 0),
    ).toBe(true);
    expect(
      cohorts.some((c: { is_static: boolean; count: number }) => !c.is_static && c.count > 0),
    ).toBe(true);
    expect((await api.get("/api/projects/1/groups_types/0/metrics/")).json.count).toBe(4);
  });

  it("is deterministic for a seed and changes with it", async () => {
    const other = await startLocalPostHog({ groups: 1000 });
    const third = await startLocalPostHog({ groups: 1000, seed: 7 });
    const first = (p: LocalPostHog) =>
      client(p)
        .get("/api/projects/1/groups/?group_type_index=0")
        .then((r) => r.json.results);
    expect(await first(other)).toEqual(await first(ph));
    expect(other.personalApiKey).toBe(ph.personalApiKey);
    expect(await first(third)).not.toEqual(await first(ph));
    await Promise.all([other.close(), third.close()]);
  });
});

describe("50,000 groups", () => {
  let ph: LocalPostHog;
  let api: ReturnType<typeof client>;
  let startMs = 0;
  beforeAll(async () => {
    const started = performance.now();
    ph = await startLocalPostHog({ groups: 50_000 });
    startMs = performance.now() - started;
    api = client(ph);
  });
  afterAll(() => ph.close());

  it("seeds in well under 5 seconds", () => {
    console.info(`seed+start of 50,000 groups: ${startMs.toFixed(0)} ms`);
    expect(startMs).toBeLessThan(5000);
  });

  it("pages the list quickly, deep pages included", async () => {
    let url: string | null = "/api/projects/1/groups/?group_type_index=0";
    const times: number[] = [];
    for (let i = 0; i < 30 && url; i++) {
      const t = performance.now();
      const res = await api.get(url);
      times.push(performance.now() - t);
      url = res.json.next;
    }
    const avg = times.slice(1).reduce((a, b) => a + b, 0) / (times.length - 1);
    console.info(`list page: ${avg.toFixed(1)} ms on average`);
    expect(avg).toBeLessThan(100);
  });

  it("answers a 50,000-row query in reasonable time", async () => {
    const t = performance.now();
    const res = await api.query(
      "SELECT key, created_at, properties FROM groups WHERE index = 0 AND key > {after} ORDER BY key ASC LIMIT 50000",
      { after: "" },
      { refresh: "force_blocking" },
    );
    const ms = performance.now() - t;
    console.info(
      `50,000-row query (key, created_at, properties): ${ms.toFixed(0)} ms, ${(res.text.length / 1e6).toFixed(1)} MB`,
    );
    expect(res.json.results).toHaveLength(50_000);
    expect(ms).toBeLessThan(5000);
  });
});

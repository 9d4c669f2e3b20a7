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
    expect((await api.get("/api/projects/1/groups_types/0/metrics/")).json.count).toBe(5); // one on stripe_charges
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
  beforeAll(async () => {
    ph = await startLocalPostHog({ groups: 50_000 });
    api = client(ph);
  });
  afterAll(() => ph.close());

  // How fast it seeds and answers is a figure for `npm run bench`, not a test: tests assert behaviour.
  it("pages the list 30 pages deep without repeating a group", async () => {
    let url: string | null = "/api/projects/1/groups/?group_type_index=0";
    const keys: string[] = [];
    for (let i = 0; i < 30 && url; i++) {
      const res = await api.get(url);
      keys.push(...res.json.results.map((g: { group_key: string }) => g.group_key));
      url = res.json.next;
    }
    expect(url).not.toBeNull();
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("answers a 50,000-row query with every group", async () => {
    const res = await api.query(
      "SELECT key, created_at, properties FROM groups WHERE index = 0 AND key > {after} ORDER BY key ASC LIMIT 50000",
      { after: "" },
      { refresh: "force_blocking" },
    );
    expect(res.json.results).toHaveLength(50_000);
    const keys = res.json.results.map((r: unknown[]) => String(r[0]));
    expect(new Set(keys).size).toBe(50_000);
    expect([...keys].sort()).toEqual(keys);
  });
});

// How =POSTHOG_GROUP reads values, counted: one listing query shared by every cell through the document cache, one
// key query for a range, the REST list without query:read, and reads by key for what an incomplete listing lacks.
import { describe, expect, it } from "vitest";
import {
  FETCHED_AT,
  REST_LISTING_PAGES,
  readGroupValues,
} from "../../../src/features/formulas/group-reads.ts";
import { formulaWorld } from "../../fakes/formula-env.ts";
import { COMPANY, companies } from "../../fakes/pull-deps.ts";

const REF = { index: COMPANY.group_type_index, text: COMPANY.group_type };

const plain = (values: ReturnType<typeof readGroupValues>) =>
  Object.fromEntries([...values.groups].map(([k, g]) => [k, g ? g.properties : null]));

describe("readGroupValues with query:read", () => {
  it("a cell reads its property's listing once; later cells read it from the cache, sending nothing", () => {
    const world = formulaWorld(companies(50));
    const first = readGroupValues(world.cell(), REF, ["c0003"], ["name"], true);
    expect(plain(first)).toEqual({ c0003: { name: "Company 3" } });
    expect(world.fake.count("POST query")).toBe(1);
    expect(world.lock.acquired).toBe(2); // the group types, then the listing
    const sent = world.fake.requests.length;
    const cacheReadsBefore = world.cache.reads();
    const bytesBefore = world.cache.bytesRead;
    for (const key of ["c0001", "c0049", "nope"]) {
      const values = readGroupValues(world.cell(), REF, [key], ["name"], true);
      expect(values.groups.get(key)?.properties.name ?? null).toBe(
        key === "nope" ? null : `Company ${Number(key.slice(1))}`,
      );
    }
    expect(world.fake.requests.length).toBe(sent);
    // No client is even made when the cache answers; a warm cell reads the listing's index and one shard.
    expect(world.clients).toBe(1);
    expect(world.cache.reads() - cacheReadsBefore).toBe(3 * 2);
    const perCell = (world.cache.bytesRead - bytesBefore) / 3;
    expect(perCell).toBeGreaterThan(50 * 10);
    expect(perCell).toBeLessThan(3_000);
  });

  it("a range of keys is one query for exactly those keys, when no listing is cached", () => {
    const world = formulaWorld(companies(50));
    const values = readGroupValues(world.cell(), REF, ["c0002", "c0007", "zzz"], ["plan"], false);
    expect(plain(values)).toEqual({ c0002: { plan: "free" }, c0007: { plan: "pro" }, zzz: null });
    expect(world.fake.count("POST query")).toBe(1);
    const body = JSON.parse(world.fake.requests.find((r) => r.method === "POST")?.body ?? "{}");
    expect(body.query.values.keys).toEqual(["c0002", "c0007", "zzz"]);
    // The same range again: from the cache.
    readGroupValues(world.cell(), REF, ["zzz", "c0007", "c0002"], ["plan"], false);
    expect(world.fake.count("POST query")).toBe(1);
  });

  it("a property no group has is reported unknown; $fetched_at gives the fetch time", () => {
    const world = formulaWorld(companies(5));
    const values = readGroupValues(
      world.cell(),
      REF,
      ["c0001"],
      ["name", "colour", FETCHED_AT],
      true,
    );
    expect([...values.unknown]).toEqual(["colour"]);
    expect(values.groups.get("c0001")?.at).toBe(world.time.now());
  });

  it("a key longer than PostHog accepts is simply not found, without a request", () => {
    const world = formulaWorld(companies(5));
    const long = "k".repeat(401);
    const values = readGroupValues(world.cell(), REF, [long], ["name"], false);
    expect(values.groups.get(long)).toBeNull();
    // Only the group types (to name the type); nothing about the key.
    expect(world.fake.requests.map((r) => r.url)).toEqual([
      "https://us.posthog.com/api/projects/4242/groups_types/",
    ]);
  });
});

describe("readGroupValues without query:read", () => {
  it("reads the REST list (every property) once for all cells", () => {
    const world = formulaWorld(companies(150), { canQuery: false });
    const values = readGroupValues(world.cell(), REF, ["c0120"], ["name", "plan"], true);
    expect(plain(values)).toEqual({ c0120: { name: "Company 120", plan: "free" } });
    readGroupValues(world.cell(), REF, ["c0003"], ["plan"], true);
    expect(world.fake.count("GET groups")).toBe(2);
    expect(world.fake.count("POST query")).toBe(0);
  });

  it("falls back to REST when the project thought it could query but the key lacks query:read", () => {
    const fake = companies(10);
    fake.query = false;
    const world = formulaWorld(fake);
    const ctx = world.cell();
    const values = readGroupValues(ctx, REF, ["c0004"], ["name"], true);
    // The REST listing carries every property; the function picks the asked ones (group-functions.ts).
    expect(plain(values)).toEqual({ c0004: { name: "Company 4", plan: "free" } });
    expect(ctx.canQuery).toBe(false);
    expect(fake.count("POST query")).toBe(1);
    expect(fake.count("GET groups")).toBe(1);
  });

  it("keys missing from an incomplete listing are read one by one with find", () => {
    const total = REST_LISTING_PAGES * 100 + 50;
    const world = formulaWorld(companies(total), { canQuery: false });
    const last = `c${String(total - 1).padStart(4, "0")}`;
    const values = readGroupValues(world.cell(), REF, [last, "c0000", "absent"], ["name"], false);
    expect(plain(values)).toEqual({
      [last]: { name: `Company ${total - 1}` }, // by key: only the asked ones
      c0000: { name: "Company 0", plan: "free" }, // from the listing: every property
      absent: null,
    });
    expect(world.fake.count("GET groups")).toBe(REST_LISTING_PAGES);
    expect(world.fake.count("GET groups/find")).toBe(2);
  });
});

describe("the listing's cache at any scale", () => {
  it("a warm cell reads two entries and under 32 KB, for 20,000 groups as for 50", () => {
    for (const size of [50, 20_000]) {
      const world = formulaWorld(companies(size));
      readGroupValues(world.cell(), REF, ["c0000"], ["name"], true);
      const keys = ["c0001", `c${String(size - 1).padStart(4, "0")}`, "c0017", "missing"];
      for (const key of keys) {
        const entries = world.cache.entriesRead;
        const bytes = world.cache.bytesRead;
        const values = readGroupValues(world.cell(), REF, [key], ["name"], true);
        expect(values.groups.get(key) === null).toBe(key === "missing");
        expect(world.cache.entriesRead - entries).toBe(2);
        expect(world.cache.bytesRead - bytes).toBeLessThan(32 * 1024);
      }
      expect(world.fake.count("POST query")).toBe(1);
      expect(world.clients).toBe(1);
    }
  });

  it("a shard evicted from the cache costs a read by key, not a wrong answer", () => {
    const world = formulaWorld(companies(20_000));
    readGroupValues(world.cell(), REF, ["c0000"], ["name"], true);
    for (const [key, value] of world.cache.data)
      if (value.includes('"c0005"')) world.cache.data.delete(key);
    const values = readGroupValues(world.cell(), REF, ["c0005"], ["name"], true);
    expect(values.groups.get("c0005")?.properties).toEqual({ name: "Company 5" });
    expect(world.fake.count("POST query")).toBe(2); // the listing, then the one key
  });
});

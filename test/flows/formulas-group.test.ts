// =POSTHOG_GROUP through the real bundle in custom-function mode: typed values, ranges, names, unknowns, and its cost.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { companyKey } from "../../posthog-local/seed/group-props.ts";
import { type FormulaWorld, OWNER, startFormulaWorld } from "./formulas-kit.ts";

let w: FormulaWorld;
beforeAll(async () => {
  w = await startFormulaWorld({ groups: 300 });
  w.connect();
  w.enable();
});
afterAll(() => w.close());

async function propsOf(key: string, type = 0): Promise<Record<string, unknown>> {
  const snapshot = await w.posthog.control.group(key, type);
  if (!snapshot.clickhouse) throw new Error(`no group ${key}`);
  return snapshot.clickhouse.group_properties;
}

/** Opens a new document with formulas on and the project chosen: an empty cache. */
function freshDocument(id: string): void {
  w.openDocument(id);
  w.ok("selectProject", { projectId: w.posthog.projectId });
  w.enable();
}

const group = (...args: unknown[]) => w.cell("POSTHOG_GROUP", args);

describe("=POSTHOG_GROUP values", () => {
  it("returns one value with its type: numbers, booleans, text, dates, objects as JSON", async () => {
    const p = await propsOf("acme-00012");
    expect(group("company", "acme-00012", "name")).toBe(p.name);
    expect(group("company", "acme-00012", "employees")).toBe(p.employees);
    expect(typeof group("company", "acme-00012", "employees")).toBe("number");
    expect(group("company", "acme-00012", "is_paying")).toBe(p.is_paying);
    expect(group("company", "acme-00012", "signup_date")).toBe(p.signup_date);
    expect(group("company", "acme-00012", "address")).toBe(JSON.stringify(p.address));
    const seen = group("company", "acme-00012", "last_seen_at");
    expect(seen).toBeInstanceOf(Date);
    expect((seen as Date).getTime()).toBe(Date.parse(String(p.last_seen_at)));
  });

  it("takes the group type by name, plural, index or index as text", async () => {
    const { name } = await propsOf("proj 000005", 1);
    for (const type of ["project", "Projects", 1, "1"])
      expect(group(type, "proj 000005", "name"), String(type)).toBe(name);
  });

  it("returns strings that look like formulas as the same text, never as formulas", async () => {
    let trap: { key: string; note: string } | undefined;
    for (let i = 5; i <= 300 && !trap; i += 23) {
      const note = (await propsOf(companyKey(i))).note;
      if (typeof note === "string" && /^[=+\-@]/.test(note)) trap = { key: companyKey(i), note };
    }
    if (!trap) throw new Error("the seed has no formula-like note");
    expect(group("company", trap.key, "note")).toBe(trap.note);
  });

  it("shows an empty cell for a property a group does not have", async () => {
    const withoutNote = companyKey(1);
    expect((await propsOf(withoutNote)).note).toBeUndefined();
    expect(group("company", withoutNote, "note")).toBe("");
  });
});

describe("=POSTHOG_GROUP ranges", () => {
  const [a, b, c] = [companyKey(12), companyKey(24), companyKey(36)];

  it("gives a column of values for a column of keys, blank for blank cells", async () => {
    const out = group("company", [[a], [""], [b]], "name");
    expect(out).toEqual([[(await propsOf(a)).name], [""], [(await propsOf(b)).name]]);
  });

  it("gives a row per key and a column per property for a column of keys and a row of names", async () => {
    const out = group("company", [[a], [b], [c]], [["name", "plan", "employees"]]);
    const expected = [];
    for (const key of [a, b, c]) {
      const p = await propsOf(key);
      expected.push([p.name, p.plan, p.employees]);
    }
    expect(out).toEqual(expected);
  });

  it("turns around for a row of keys and a column of names", async () => {
    const out = group("company", [[a, b]], [["name"], ["plan"]]);
    const [pa, pb] = [await propsOf(a), await propsOf(b)];
    expect(out).toEqual([
      [pa.name, pb.name],
      [pa.plan, pb.plan],
    ]);
  });

  it("keeps the shape of a row of keys with one property", async () => {
    expect(group("company", [[a, b]], "plan")).toEqual([
      [(await propsOf(a)).plan, (await propsOf(b)).plan],
    ]);
  });

  it("refuses a grid of keys with several properties, in words", () => {
    const out = group(
      "company",
      [
        [a, b],
        [c, a],
      ],
      [["name", "plan"]],
    );
    expect(out).toMatch(/^PostHog: with several properties, group_key must be one column/);
  });

  it("adds the time each value was fetched as $fetched_at", () => {
    const before = w.runtime.now();
    const out = group("company", [[a]], [["name", "$fetched_at"]]) as unknown[][];
    expect(out[0]?.[1]).toBeInstanceOf(Date);
    expect((out[0]?.[1] as Date).getTime()).toBeLessThanOrEqual(before + 1000);
  });
});

describe("=POSTHOG_GROUP unknowns", () => {
  it("names an unknown group type", () => {
    expect(group("compnay", "acme-00012", "name")).toBe('PostHog: unknown group type "compnay"');
    expect(group(7, "acme-00012", "name")).toBe('PostHog: unknown group type "7"');
  });

  it("names an unknown key, in a single cell and in its row of a range", () => {
    expect(group("company", "no-such-co", "name")).toBe('PostHog: unknown company "no-such-co"');
    const out = group(
      "company",
      [["acme-00012"], ["no-such-co"]],
      [["name", "plan"]],
    ) as unknown[][];
    expect(out[1]).toEqual([
      'PostHog: unknown company "no-such-co"',
      'PostHog: unknown company "no-such-co"',
    ]);
    expect(out[0]?.[0]).not.toMatch(/^PostHog:/);
  });

  it("names a property no group has, in a cell and in its column of a range", () => {
    expect(group("company", "acme-00012", "nmae")).toBe('PostHog: unknown property "nmae"');
    const out = group(
      "company",
      [["acme-00012"], ["acme-00024"]],
      [["nmae", "plan"]],
    ) as unknown[][];
    expect(out.map((row) => row[0])).toEqual([
      'PostHog: unknown property "nmae"',
      'PostHog: unknown property "nmae"',
    ]);
    expect(out[0]?.[1]).not.toMatch(/^PostHog:/);
  });

  it("says which argument is empty", () => {
    expect(group("company", "", "name")).toBe("PostHog: group_key is empty");
    expect(group("company", "acme-00012", "")).toBe("PostHog: property is empty");
    expect(group("", "acme-00012", "name")).toMatch(/^PostHog: group_type is empty/);
  });
});

describe("=POSTHOG_GROUP cost and cache", () => {
  const keys = Array.from({ length: 150 }, (_, i) => companyKey(i + 1));

  it("computes 150 single cells of one type from one shared listing, then from the cache alone", () => {
    freshDocument("doc-cells");
    w.runtime.resetCounts();
    const values = keys.map((key) => group("company", key, "name"));
    expect(values.filter((v) => typeof v !== "string" || v.startsWith("PostHog:"))).toEqual([]);
    expect(w.requests()).toBe(2); // the group types and the listing of "name"
    w.runtime.resetCounts();
    expect(keys.map((key) => group("company", key, "name"))).toEqual(values);
    expect(w.requests()).toBe(0);
    expect(w.cacheCalls() / keys.length).toBeLessThanOrEqual(4);
  });

  it("reads a range of keys with one query, and the same range again from the cache", () => {
    freshDocument("doc-range");
    w.runtime.resetCounts();
    const out = group(
      "company",
      keys.map((k) => [k]),
      [["name", "plan"]],
    ) as unknown[][];
    expect(out).toHaveLength(keys.length);
    expect(w.requests()).toBe(2); // the group types and one query for the keys
    w.runtime.resetCounts();
    expect(
      group(
        "company",
        keys.map((k) => [k]),
        [["name", "plan"]],
      ),
    ).toEqual(out);
    expect(w.requests()).toBe(0);
  });

  it("fetches again once the cache period is over", () => {
    w.useDocument("doc-cells");
    w.runtime.resetCounts();
    group("company", keys[0], "name");
    expect(w.requests()).toBe(0);
    w.runtime.advanceClock(3_601_000);
    group("company", keys[0], "name");
    expect(w.requests()).toBe(2);
  });

  it("keeps what one document cached out of another's reach", () => {
    freshDocument("doc-other");
    expect(w.runtime.caches.document("doc-other").keys()).toEqual([]);
    w.runtime.resetCounts();
    expect(group("company", keys[0], "name")).toBe(group("company", keys[0], "name"));
    expect(w.requests()).toBe(2);
    expect(w.runtime.caches.document("doc-cells").keys().length).toBeGreaterThan(0);
    const elsewhere = [...w.runtime.caches.user(OWNER).keys(), ...w.runtime.caches.script.keys()];
    expect(elsewhere.filter((k) => k.startsWith("phf1:"))).toEqual([]);
  });

  it("never puts the key in the cache", () => {
    for (const doc of ["doc-cells", "doc-range", "doc-other"])
      expect(w.cacheText(doc)).not.toContain(w.posthog.personalApiKey);
  });
});

describe("=POSTHOG_GROUP without query:read", () => {
  it("falls back to the REST list when a key loses query:read after the project was chosen", async () => {
    freshDocument("doc-fallback");
    w.runtime.properties.user(OWNER).set("posthog.apiKey", w.posthog.readOnlyKey);
    try {
      w.runtime.resetCounts();
      expect(w.cell("POSTHOG_GROUP", ["company", "acme-00012", "plan"])).toBe(
        (await propsOf("acme-00012")).plan,
      );
      expect(w.requests()).toBe(5); // group types, the refused query, 3 REST pages
    } finally {
      w.runtime.properties.user(OWNER).set("posthog.apiKey", w.posthog.personalApiKey);
    }
  });

  it("gives the same values from the REST list, cached as shards under 32 KB", async () => {
    freshDocument("doc-rest");
    const expected = group("company", [["acme-00012"], ["globex-00001"]], [["name", "employees"]]);
    w.connect(w.posthog.readOnlyKey);
    w.enable();
    w.runtime.resetCounts();
    expect(group("company", "acme-00012", "name")).toBe((await propsOf("acme-00012")).name);
    expect(w.requests()).toBe(4); // the group types and the 3 pages of 100 companies
    expect(group("company", [["acme-00012"], ["globex-00001"]], [["name", "employees"]])).toEqual(
      expected,
    );
    expect(w.requests()).toBe(4);
    const values = [...w.runtime.caches.document("doc-rest").entries.values()].map((e) => e.value);
    expect(values.length).toBeGreaterThan(4); // the types, the listing's index, its alias and its shards
    for (const value of values) expect(Buffer.byteLength(value)).toBeLessThan(32 * 1024);
  });
});

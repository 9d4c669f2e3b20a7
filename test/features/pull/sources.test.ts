// Each kind of pull reads a page at a time with a cursor, against the stateful fake PostHog, counting its requests.
import { describe, expect, it } from "vitest";
import type { Source } from "../../../src/features/pull/source-page.ts";
import { sourceFor } from "../../../src/features/pull/sources.ts";
import type { PullRequest } from "../../../src/shared/rpc.ts";
import { fakeClient, fakePostHog } from "../../fakes/fake-posthog.ts";

const COMPANY = {
  group_type: "company",
  group_type_index: 0,
  name_singular: "company",
  name_plural: "companies",
  default_columns: ["name"],
  created_at: "2025-01-01T00:00:00Z",
};

function world(groups = 250) {
  const fake = fakePostHog();
  fake.types = [
    COMPANY,
    { ...COMPANY, group_type: "team", group_type_index: 1, name_singular: null, name_plural: null },
  ];
  fake.addGroups(
    0,
    Array.from({ length: groups }, (_, i) => ({
      key: `c${String(i).padStart(4, "0")}`,
      properties: { name: `Company ${i}`, plan: i % 2 ? "pro" : "free" },
    })),
  );
  fake.cohorts = Array.from({ length: 7 }, (_, i) => ({
    id: i + 1,
    name: `Cohort ${i + 1}`,
    deleted: false,
    filters: null,
    is_calculating: false,
    count: 3,
    is_static: i % 2 === 0,
  }));
  fake.members.set(
    3,
    Array.from({ length: 5 }, (_, i) => ({
      uuid: `u${i}`,
      distinct_ids: [`d${i}`, `e${i}`],
      properties: { email: `p${i}@x.io` },
      created_at: "2026-01-02T00:00:00Z",
    })),
  );
  fake.definitions.set(
    0,
    ["name", "plan", "seats"].map((name) => ({
      id: name,
      name,
      is_numerical: name === "seats",
      property_type: name === "seats" ? ("Numeric" as const) : ("String" as const),
      tags: [],
    })),
  );
  return { fake, ...fakeClient(fake) };
}

/** Every page of a source, following its cursor; the cursors seen on the way. */
function drain(source: Source) {
  const keys: string[] = [];
  const cursors: Array<string | null> = [];
  let cursor: string | null = null;
  let sizing: Parameters<Source["fetch"]>[1];
  do {
    const page = source.fetch(cursor, sizing);
    keys.push(...page.records.map((r) => r.key));
    sizing = page.sizing;
    cursor = page.next;
    cursors.push(cursor);
  } while (cursor !== null);
  return { keys, cursors };
}

const source = (
  request: PullRequest,
  client: ReturnType<typeof world>["client"],
  options: Parameters<typeof sourceFor>[3],
) => sourceFor(request, client, [COMPANY], options);

describe("sourceFor: groups", () => {
  it("through the query API: keyset pages of the asked size, in key order, each group once", () => {
    const { fake, client } = world(250);
    const groups = source({ entity: "groups", groupTypeIndex: 0 }, client, {
      canQuery: true,
      queryPageSize: 100,
    });
    expect(groups.mode).toBe("query");
    expect(groups.title).toBe("Companies");
    expect(groups.defaultColumns).toEqual(["name"]);
    const { keys, cursors } = drain(groups);
    expect(keys).toHaveLength(250);
    expect(new Set(keys).size).toBe(250);
    expect(keys).toEqual([...keys].sort());
    // 100 + 100 + 50: the short page ends it; each cursor is the last key of its page.
    expect(cursors).toEqual(["c0099", "c0199", null]);
    expect(fake.count("POST query")).toBe(3);
    expect(fake.count("GET groups")).toBe(0);
  });

  it("through the query API, only the asked columns reach the records", () => {
    const { client } = world(3);
    const page = source({ entity: "groups", groupTypeIndex: 0, columns: ["plan"] }, client, {
      canQuery: true,
    }).fetch(null);
    expect(page.records[1]).toEqual({
      key: "c0001",
      fixed: ["c0001", "2026-01-01T00:00:00Z"],
      properties: { plan: "pro" },
    });
  });

  it("through REST: pages of 100, a fetch reads `restPagesPerFetch` of them and resumes from its cursor", () => {
    const { fake, client } = world(250);
    const groups = source({ entity: "groups", groupTypeIndex: 0, columns: ["name"] }, client, {
      canQuery: false,
      restPagesPerFetch: 2,
    });
    expect(groups.mode).toBe("rest");
    const first = groups.fetch(null);
    expect(first.records).toHaveLength(200);
    expect(first.next).not.toBeNull();
    expect(first.records[0]?.properties).toEqual({ name: "Company 0" });
    const second = groups.fetch(first.next);
    expect(second.records.map((r) => r.key)).toEqual(
      Array.from({ length: 50 }, (_, i) => `c0${200 + i}`),
    );
    expect(second.next).toBeNull();
    expect(fake.count("GET groups")).toBe(3);
    expect(fake.count("POST query")).toBe(0);
  });

  it("a search is passed on and titles the sheet", () => {
    const { fake, client } = world(30);
    const groups = source({ entity: "groups", groupTypeIndex: 0, search: "Company 2" }, client, {
      canQuery: false,
    });
    expect(groups.title).toBe("Companies matching Company 2");
    const { keys } = drain(groups);
    expect(keys.sort()).toEqual(["c0002", ...Array.from({ length: 10 }, (_, i) => `c00${20 + i}`)]);
    expect(fake.requests[0]?.url).toContain("search=Company%202");
  });
});

describe("sourceFor: the other kinds", () => {
  it("group types: one request, the API's own headers", () => {
    const { fake, client } = world();
    const types = sourceFor({ entity: "group_types" }, client, fake.types, { canQuery: true });
    const page = types.fetch(null);
    expect(types.fixedHeaders).toEqual([
      "group_type_index",
      "group_type",
      "name_singular",
      "name_plural",
      "created_at",
    ]);
    expect(page.next).toBeNull();
    expect(page.records.map((r) => r.fixed)).toEqual([
      [0, "company", "company", "companies", "2025-01-01T00:00:00Z"],
      [1, "team", null, null, "2025-01-01T00:00:00Z"],
    ]);
    expect(fake.count("GET groups_types")).toBe(1);
  });

  it("cohorts: offset pages, the cursor is the next offset", () => {
    const { fake, client } = world();
    const cohorts = sourceFor({ entity: "cohorts" }, client, [], {
      canQuery: true,
      restPagesPerFetch: 1,
    });
    const page = cohorts.fetch(null);
    expect(page.records.map((r) => r.key)).toEqual(["1", "2", "3", "4", "5", "6", "7"]);
    expect(page.next).toBeNull();
    expect(page.records[0]?.fixed.slice(0, 4)).toEqual([1, "Cohort 1", "", true]);
    // Resuming at an offset reads from there.
    expect(cohorts.fetch("5").records.map((r) => r.key)).toEqual(["6", "7"]);
    expect(fake.requests.at(-1)?.url).toContain("offset=5");
    expect(fake.count("GET cohorts")).toBe(2);
  });

  it("cohort members: uuid, distinct ids joined, properties, email and name first", () => {
    const { fake, client } = world();
    const members = sourceFor({ entity: "cohort_members", cohortId: 3 }, client, [], {
      canQuery: true,
    });
    expect(members.title).toBe("Cohort 3 members");
    expect(members.defaultColumns).toEqual(["email", "name"]);
    const page = members.fetch(null);
    expect(page.records[4]).toEqual({
      key: "u4",
      fixed: ["u4", "d4, e4", "2026-01-02T00:00:00Z"],
      properties: { email: "p4@x.io" },
    });
    expect(fake.count("GET cohorts/persons")).toBe(1);
    expect(() =>
      sourceFor({ entity: "cohort_members", cohortId: 99 }, client, [], { canQuery: true }).fetch(
        null,
      ),
    ).toThrow(/could not find/);
  });

  it("property definitions of a type: name, type, numeric, tags", () => {
    const { fake, client } = world();
    const defs = source({ entity: "property_definitions", groupTypeIndex: 0 }, client, {
      canQuery: true,
    });
    expect(defs.title).toBe("Company properties");
    const page = defs.fetch(null);
    expect(page.records.map((r) => r.fixed)).toEqual([
      ["name", "String", false, []],
      ["plan", "String", false, []],
      ["seats", "Numeric", true, []],
    ]);
    expect(fake.requests[0]?.url).toContain("type=group");
    expect(fake.requests[0]?.url).toContain("group_type_index=0");
  });
});

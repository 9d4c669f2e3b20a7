// Contract: bulk group reads through the query API (HogQL over `groups`) against the local PostHog.
import { afterEach, describe, expect, it } from "vitest";
import { shouldFallBackToRest } from "../../src/api/query.ts";
import { splitKeys } from "../../src/api/query-sql.ts";
import type { Group } from "../../src/api/types.ts";
import { byteOrder, failure, itKeepsTheRequestLogClean, useContract } from "./kit.ts";

const GROUPS = 350;
const kit = useContract({ groups: GROUPS });

/** The REST view of every company, by key. */
function restGroups(search?: string): Map<string, Group> {
  const items = kit
    .client()
    .groups.listAll({ groupTypeIndex: 0, ...(search ? { search } : {}) }).items;
  return new Map(items.map((g) => [g.group_key, g]));
}

interface QueryBody {
  query: { kind: string; query: string; values: Record<string, unknown> };
  refresh: string;
  name: string;
  client_query_id: string;
}

afterEach(async () => {
  await kit.control.settings({ query: { executionMs: 0, syncTimeLimitMs: 10_000 } });
});

describe("keyset reads", () => {
  it("reads every group in key order across pages of a small pageSize, one query per page, same data as REST", async () => {
    const client = kit.client();
    const result = client.query.readGroups({ groupTypeIndex: 0, pageSize: 64 });
    expect(result).toMatchObject({ partial: false, cursor: null, pages: 6 });
    const keys = result.items.map((r) => r.key);
    expect(keys).toEqual([...keys].sort(byteOrder));
    expect(new Set(keys).size).toBe(GROUPS);

    const queries = await kit.requests({ path: "/query/" });
    expect(queries).toHaveLength(6);
    const bodies = queries.map((e) => e.body as QueryBody);
    expect(bodies.map((b) => b.query.values.after)).toEqual([
      "",
      ...[64, 128, 192, 256, 320].map((n) => keys[n - 1]),
    ]);
    for (const body of bodies) {
      expect(body).toMatchObject({ refresh: "force_blocking", name: "sheets-addon/groups-read" });
      expect(body.query.query).toContain("ORDER BY key ASC LIMIT 64");
    }
    expect(new Set(bodies.map((b) => b.client_query_id)).size).toBe(6);

    const rest = restGroups();
    expect(new Set(rest.keys())).toEqual(new Set(keys));
    for (const row of result.items) {
      const group = rest.get(row.key) as Group;
      expect(row.properties, row.key).toEqual(group.group_properties);
      expect(Date.parse(row.createdAt), row.key).toBe(Date.parse(group.created_at));
    }
  });

  it("stops at a page limit and resumes from the returned key", async () => {
    const client = kit.client();
    const first = client.query.readGroups({ groupTypeIndex: 0, pageSize: 100, maxPages: 2 });
    expect(first).toMatchObject({ partial: true, pages: 2 });
    expect(first.cursor).toBe(first.items[199]?.key);
    const rest = client.query.readGroups({
      groupTypeIndex: 0,
      pageSize: 100,
      after: first.cursor as string,
    });
    expect(rest).toMatchObject({ partial: false, pages: 2 });
    expect(rest.items).toHaveLength(GROUPS - 200);
    expect([...first.items, ...rest.items].map((r) => r.key)).toEqual(
      client.query.readGroups({ groupTypeIndex: 0 }).items.map((r) => r.key),
    );
    // 2 + 2 pages, then one query of up to 50,000 rows for everything.
    expect(await kit.requests()).toHaveLength(5);
  });

  it("searches like the REST list, and counts", async () => {
    const client = kit.client();
    for (const term of ["Zürich", "fintech", "ACME-00012"]) {
      const rows = client.query.readGroups({ groupTypeIndex: 0, search: term }).items;
      const rest = restGroups(term);
      expect(rows.length, term).toBeGreaterThan(0);
      expect(new Set(rows.map((r) => r.key)), term).toEqual(new Set(rest.keys()));
      expect(client.query.countGroups({ groupTypeIndex: 0, search: term }), term).toBe(rows.length);
    }
    expect(client.query.countGroups({ groupTypeIndex: 0 })).toBe(GROUPS);
    expect(client.query.countGroups({ groupTypeIndex: 1 })).toBe(105);
    expect(client.query.countGroups({ groupTypeIndex: 4 })).toBe(0);
  });
});

describe("key lists", () => {
  it("reads the groups among a list of keys in chunks sent side by side; missing keys are simply absent", async () => {
    const client = kit.client();
    const wanted = [
      ...[...restGroups().keys()].slice(0, 40),
      "org/globex/00013",
      "100%_growth-00077",
      "日本-00034",
      "no-such-key",
      "another-missing",
    ];
    const maxKeyBytes = 200;
    const chunks = splitKeys(wanted, maxKeyBytes).length;
    expect(chunks).toBeGreaterThan(3);
    const rows = client.query.readGroupsByKeys({ groupTypeIndex: 0, keys: wanted, maxKeyBytes });
    expect(new Set(rows.map((r) => r.key))).toEqual(
      new Set(wanted.filter((k) => !["no-such-key", "another-missing"].includes(k))),
    );
    const queries = await kit.requests({ path: "/query/" });
    expect(queries).toHaveLength(chunks);
    const sent = queries.flatMap((e) => (e.body as QueryBody).query.values.keys as string[]);
    expect(sent.sort()).toEqual([...wanted].sort());
  });

  it("round-trips property types through JSONExtractRaw: strings, numbers, booleans, objects, arrays, unicode, '00123', '=1+1'", async () => {
    const client = kit.client();
    const properties = {
      text: "plain text",
      integer: 42,
      negative: -7,
      decimal: 3.25,
      large: 12_345_678_901,
      yes: true,
      no: false,
      object: { a: 1, b: { c: [1, 2, { d: "e" }] }, empty: {} },
      array: [1, "two", null, { x: true }, []],
      unicode: 'Zürich 東京 🚀 "quoted" \\ back\nslash\ttab',
      zeros: "00123",
      formula: "=1+1",
      numeric_text: "42",
      true_text: "true",
      empty: "",
      nothing: null,
    };
    client.groups.create({ groupTypeIndex: 0, groupKey: "contract-types 🚀", properties });

    const names = Object.keys(properties);
    const [typed] = client.query.readGroupsByKeys({
      groupTypeIndex: 0,
      keys: ["contract-types 🚀"],
      properties: [...names, "not_there"],
    });
    expect(typed?.properties).toEqual(properties);
    expect(Object.keys(typed?.properties ?? {})).not.toContain("not_there");

    const whole = client.query.readGroups({ groupTypeIndex: 0, search: "contract-types 🚀" }).items;
    expect(whole.map((r) => r.properties)).toEqual([properties]);
    const rest = client.groups.find({ groupTypeIndex: 0, groupKey: "contract-types 🚀" });
    expect(rest.group_properties).toEqual(properties);
  });
});

describe("query API edges", () => {
  it("runs any HogQL, and reports PostHog's query errors as validation", async () => {
    const client = kit.client();
    const response = client.query.run({
      sql: "SELECT key FROM groups WHERE index = {i} ORDER BY key ASC LIMIT 3",
      values: { i: 1 },
      name: "contract",
    });
    expect(response.results).toHaveLength(3);
    expect(response.columns).toEqual(["key"]);
    const bad = failure(() => client.query.run({ sql: "SELECT nope FROM events" }));
    expect(bad).toMatchObject({ code: "validation", status: 400 });
    expect(bad.detail).toBeTruthy();
    const offset = failure(() =>
      client.query.run({ sql: "SELECT key FROM groups WHERE index = 0 LIMIT 10 OFFSET 5" }),
    );
    expect(offset.code).toBe("validation");
  });

  it("without query:read, fails with missing_scope naming it, so the caller falls back to REST", async () => {
    const readOnly = kit.client({ apiKey: kit.ph.readOnlyKey });
    const error = failure(() => readOnly.query.readGroupsPage({ groupTypeIndex: 0 }));
    expect(error).toMatchObject({ code: "missing_scope", scope: "query:read", status: 403 });
    expect(shouldFallBackToRest(error)).toBe(true);
    expect(readOnly.query.shouldFallBackToRest(error)).toBe(true);
    expect(readOnly.groups.list({ groupTypeIndex: 0 }).results).toHaveLength(100);
    const other = failure(() =>
      readOnly.groups.updateProperty({
        groupTypeIndex: 0,
        groupKey: "acme-00012",
        key: "a",
        value: 1,
      }),
    );
    expect(shouldFallBackToRest(other)).toBe(false);
  });

  it("switches to an async query after the 10-second limit's 504, and polls it on the virtual clock", async () => {
    await kit.control.settings({ query: { syncTimeLimitMs: 200, executionMs: 4_000 } });
    const client = kit.client();
    const page = client.query.readGroupsPage({ groupTypeIndex: 1, pageSize: 1000 });
    expect(page.rows).toHaveLength(105);
    expect(page.after).toBeNull();
    const log = await kit.requests({ path: "/query/" });
    expect(log.map((e) => `${e.method} ${e.status}`)).toEqual([
      "POST 504",
      "POST 202",
      "GET 202",
      "GET 202",
      "GET 200",
    ]);
    const submitted = log[1]?.body as QueryBody | undefined;
    expect(submitted?.refresh).toBe("force_async");
    const id = submitted?.client_query_id;
    expect(log[2]?.path).toBe(`/api/projects/1/query/${id}/`);
    expect(kit.slept).toEqual([1500, 1500, 1500]);
  });

  it("computes an async page again on the next read, never answering it from PostHog's 6-hour query cache", async () => {
    await kit.control.settings({ query: { syncTimeLimitMs: 200, executionMs: 4_000 } });
    const client = kit.client();
    client.query.readGroupsPage({ groupTypeIndex: 1, pageSize: 1000 });
    const first = (await kit.requests({ path: "/query/" })).length;
    // A refresh minutes later asks the same query: "async" would get the cached rows at once (POST 200).
    client.query.readGroupsPage({ groupTypeIndex: 1, pageSize: 1000 });
    const again = (await kit.requests({ path: "/query/" })).slice(first);
    expect(again.map((e) => `${e.method} ${e.status}`)).toEqual([
      "POST 504",
      "POST 202",
      "GET 202",
      "GET 202",
      "GET 200",
    ]);
  });
});

itKeepsTheRequestLogClean(kit);

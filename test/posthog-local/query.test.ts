// The query API: the accepted HogQL shapes, keyset paging, the 50,000 clamp, OFFSET refusal, errors, async, cache.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalPostHog, startLocalPostHog } from "../../posthog-local/index";
import { client, sleep } from "./helpers";

let ph: LocalPostHog;
let api: ReturnType<typeof client>;
const FB = { refresh: "force_blocking" };

beforeAll(async () => {
  ph = await startLocalPostHog({ groups: 1200, lagMs: 2000 });
  api = client(ph);
});
afterAll(() => ph.close());

describe("shapes", () => {
  it("selects columns with aliases, JSONExtractRaw and typed columns", async () => {
    const res = await api.query(
      "select key AS k, created_at, updated_at, properties, JSONExtractRaw(properties, {p0}) AS p0 from groups where index = {index} and has({keys}, key)",
      { index: 0, p0: "name", keys: ["acme-00012", "missing"] },
      FB,
    );
    expect(res.status).toBe(200);
    expect(res.json.columns).toEqual(["k", "created_at", "updated_at", "properties", "p0"]);
    expect(res.json.types).toEqual([
      ["k", "String"],
      ["created_at", "DateTime64(6, 'UTC')"],
      ["updated_at", "DateTime('UTC')"],
      ["properties", "String"],
      ["p0", "String"],
    ]);
    const [row] = res.json.results;
    expect(row[0]).toBe("acme-00012");
    expect(row[1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/);
    expect(typeof row[3]).toBe("string");
    expect(JSON.parse(row[3]).name).toBe(JSON.parse(row[4]));
    expect(res.json).toMatchObject({
      is_cached: false,
      timezone: "UTC",
      query_status: null,
      hasMore: false,
      limit: 100,
    });
    expect(res.json.hogql).toContain("has(['acme-00012', 'missing'], key)");
  });

  it('returns "" from JSONExtractRaw for an absent property and raw JSON otherwise', async () => {
    const res = await api.query(
      "SELECT key, JSONExtractRaw(properties, 'address') AS a, JSONExtractRaw(properties, 'nope') AS n FROM groups WHERE index = 0 AND has(['acme-00012'], key)",
      {},
      FB,
    );
    const [[, address, none]] = res.json.results;
    expect(JSON.parse(address)).toHaveProperty("city");
    expect(none).toBe("");
  });

  it("counts with the same filters", async () => {
    const all = await api.query(
      "SELECT count() AS total FROM groups WHERE index = {index}",
      { index: 0 },
      FB,
    );
    expect(all.json).toMatchObject({
      columns: ["total"],
      types: [["total", "UInt64"]],
      results: [[1200]],
    });
    const searched = await api.query(
      "SELECT count() FROM groups WHERE index = 0 AND (properties ILIKE {pattern} OR lower(key) = lower({term}))",
      { pattern: "%logistics%", term: "logistics" },
      FB,
    );
    expect(searched.json.columns).toEqual(["count()"]);
    expect(searched.json.results[0][0]).toBeGreaterThan(0);
    expect(searched.json.results[0][0]).toBeLessThan(1200);
  });

  it("gives count() with max(updated_at) in one row, the cheap check of whether a type changed", async () => {
    const res = await api.query(
      "SELECT count(), max(updated_at) AS changed FROM groups WHERE index = {index}",
      { index: 0 },
      FB,
    );
    expect(res.json.columns).toEqual(["count()", "changed"]);
    expect(res.json.types).toEqual([
      ["count()", "UInt64"],
      ["changed", "DateTime('UTC')"],
    ]);
    const [[count, changed]] = res.json.results;
    expect(count).toBe(1200);
    expect(changed).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00$/);
    const none = await api.query(
      "SELECT count(), max(updated_at) FROM groups WHERE index = 0 AND has(['missing'], key)",
      {},
      FB,
    );
    expect(none.json.results).toEqual([[0, "1970-01-01T00:00:00+00:00"]]);
    const mixed = await api.query(
      "SELECT key, max(updated_at) FROM groups WHERE index = 0",
      {},
      FB,
    );
    expect(mixed.status).toBe(400);
  });

  it("matches the REST search: ILIKE on the JSON text or an exact lower(key)", async () => {
    const res = await api.query(
      "SELECT key FROM groups WHERE index = 0 AND (lower(key) = lower({term}) OR properties ILIKE {pattern})",
      { term: "ACME-00012", pattern: "%\\%never\\_%" },
      FB,
    );
    expect(res.json.results).toEqual([["acme-00012"]]);
  });

  it("applies 100 rows and hasMore/limit/offset when there is no LIMIT", async () => {
    const res = await api.query("SELECT key FROM groups WHERE index = 0", {}, FB);
    expect(res.json.results).toHaveLength(100);
    expect(res.json).toMatchObject({ hasMore: true, limit: 100, offset: 0 });
  });

  it("accepts keywords in any case and extra whitespace", async () => {
    const res = await api.query(
      "  sElEcT   key\nFROM groups\n\tWHERE index=0 ORDER BY key asc LiMiT 2",
      {},
      FB,
    );
    expect(res.status).toBe(200);
    expect(res.json.results).toHaveLength(2);
  });
});

describe("paging", () => {
  it("pages by keyset on key and covers every group once, in code point order", async () => {
    const keys: string[] = [];
    let after = "";
    for (;;) {
      const res = await api.query(
        "SELECT key FROM groups WHERE index = {index} AND key > {after} ORDER BY key ASC LIMIT 500",
        { index: 0, after },
        FB,
      );
      const page = res.json.results.map((r: string[]) => r[0]);
      keys.push(...page);
      if (page.length < 500) break;
      after = page[page.length - 1];
    }
    expect(keys).toHaveLength(1200);
    expect(new Set(keys).size).toBe(1200);
    const sorted = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect(keys).toEqual(sorted);
  });

  it("orders like the REST list with ORDER BY created_at DESC, key DESC", async () => {
    const q = await api.query(
      "SELECT key FROM groups WHERE index = 0 ORDER BY created_at DESC, key DESC LIMIT 100",
      {},
      FB,
    );
    const rest = await api.get("/api/projects/1/groups/?group_type_index=0");
    expect(q.json.results.map((r: string[]) => r[0])).toEqual(
      rest.json.results.map((g: { group_key: string }) => g.group_key),
    );
  });

  it("clamps LIMIT above 50,000 silently", async () => {
    await ph.control.reset({ groups: 50_100 });
    const res = await api.query("SELECT key FROM groups WHERE index = 0 LIMIT 60000", {}, FB);
    expect(res.status).toBe(200);
    expect(res.json.results).toHaveLength(50_000);
    expect(res.json.hasMore).toBeNull();
    expect(res.json.hogql).toMatch(/LIMIT 50000$/);
    await ph.control.reset({ groups: 1200 });
  });
});

describe("refusals", () => {
  it("refuses any OFFSET with PostHog's text", async () => {
    for (const sql of [
      "SELECT key FROM groups WHERE index = 0 LIMIT 10 OFFSET 10",
      "SELECT key FROM groups WHERE index = 0 LIMIT 10, 10",
    ]) {
      const res = await api.query(sql, {}, FB);
      expect(res.status).toBe(400);
      expect(res.json.code).toBe("hogql_query_error");
      expect(res.json.detail).toMatch(
        /^OFFSET is not supported on queries made with a personal API key\. For pagination, use keyset pagination/,
      );
    }
  });

  it("refuses other tables, functions, joins, semicolons and comments with a HogQL error body", async () => {
    const cases: [string, string][] = [
      ["SELECT event FROM events WHERE index = 0", "hogql_query_error"],
      ["SELECT key FROM nonsense WHERE index = 0", "hogql_query_error"],
      ["SELECT toDate(created_at) FROM groups WHERE index = 0", "hogql_query_error"],
      ["SELECT key FROM groups g JOIN persons p ON 1 WHERE index = 0", "hogql_query_error"],
      ["SELECT key FROM groups WHERE index = 0;", "hogql_query_error"],
      ["SELECT key FROM groups WHERE index = 0 -- hi", "hogql_query_error"],
      ["SELECT key FROM groups WHERE index = 0 AND key = 'a'", "hogql_query_error"],
      ["SELECT properties.name FROM groups WHERE index = 0", "hogql_query_error"],
      ["SELEC key FROM groups", "hogql_syntax_error"],
      ["SELECT key FROM groups WHERE index = 0 AND", "hogql_syntax_error"],
    ];
    for (const [sql, code] of cases) {
      const res = await api.query(sql, {}, FB);
      expect(res.status, sql).toBe(400);
      expect(res.json, sql).toMatchObject({ type: "validation_error", code, attr: null });
    }
  });

  it("names a missing placeholder and validates the request body", async () => {
    const res = await api.query("SELECT key FROM groups WHERE index = {index}", {}, FB);
    expect(res.json.detail).toContain("Placeholder {index} is not available");
    const noQuery = await api.post("/api/projects/1/query/", {});
    expect(noQuery.status).toBe(400);
    const kind = await api.post("/api/projects/1/query/EventsQuery/", {
      query: { kind: "HogQLQuery", query: "SELECT 1" },
    });
    expect(kind.json.detail).toContain("kind mismatch");
  });
});

describe("consistency, cache, async", () => {
  it("reads the same lagging view as the groups list", async () => {
    await api.post("/api/projects/1/groups/", { group_type_index: 0, group_key: "zz-query-lag" });
    const sql = "SELECT key FROM groups WHERE index = 0 AND has({keys}, key)";
    expect((await api.query(sql, { keys: ["zz-query-lag"] }, FB)).json.results).toEqual([]);
    await ph.control.advanceClock(2001);
    expect((await api.query(sql, { keys: ["zz-query-lag"] }, FB)).json.results).toEqual([
      ["zz-query-lag"],
    ]);
  });

  it("serves a repeated blocking query from cache unless forced", async () => {
    const sql = "SELECT count() AS n FROM groups WHERE index = 1";
    const first = await api.query(sql);
    expect(first.json.is_cached).toBe(false);
    await api.post("/api/projects/1/groups/", { group_type_index: 1, group_key: "zz-cache" });
    await ph.control.flush();
    const cached = await api.query(sql);
    expect(cached.json).toMatchObject({ is_cached: true, results: first.json.results });
    const forced = await api.query(sql, {}, FB);
    expect(forced.json.results[0][0]).toBe(first.json.results[0][0] + 1);
  });

  it("answers 504 for a slow sync query, and the async path completes by polling", async () => {
    await ph.control.settings({ query: { executionMs: 1000, syncTimeLimitMs: 100 } });
    const sql = "SELECT key FROM groups WHERE index = 0 ORDER BY key ASC LIMIT 5";
    const sync = await api.query(sql, {}, FB);
    expect(sync.status).toBe(504);
    expect(sync.json).toMatchObject({ type: "server_error", attr: null });
    expect(sync.json.detail).toContain("Submit it as an async query");
    const started = await api.query(
      sql,
      {},
      { refresh: "force_async", client_query_id: "sheet-page-1" },
    );
    expect(started.status).toBe(202);
    expect(started.json.query_status).toMatchObject({ id: "sheet-page-1", complete: false });
    let poll = await api.get("/api/projects/1/query/sheet-page-1/");
    expect(poll.status).toBe(202);
    for (let i = 0; i < 40 && poll.status === 202; i++) {
      await sleep(100);
      poll = await api.get("/api/projects/1/query/sheet-page-1/");
    }
    expect(poll.status).toBe(200);
    expect(poll.json.query_status.complete).toBe(true);
    expect(poll.json.query_status.results.results).toHaveLength(5);
    expect((await api.del("/api/projects/1/query/sheet-page-1/")).json).toEqual({
      message: "Query cancelled",
    });
    expect((await api.get("/api/projects/1/query/sheet-page-1/")).status).toBe(404);
    await ph.control.settings({ query: { executionMs: 0, syncTimeLimitMs: 10_000 } });
  });

  it("returns the existing job for a repeated async client_query_id unless forced", async () => {
    const sql = "SELECT key FROM groups WHERE index = 0 LIMIT 1";
    const first = await api.query(sql, {}, { refresh: "async", client_query_id: "same-id" });
    const again = await api.query(
      "SELECT key FROM groups WHERE index = 1 LIMIT 1",
      {},
      { refresh: "async", client_query_id: "same-id" },
    );
    expect(again.json.query_status.start_time).toBe(first.json.query_status.start_time);
    await ph.control.advanceClock(1000);
    const forced = await api.query(sql, {}, { refresh: "force_async", client_query_id: "same-id" });
    expect(forced.json.query_status.start_time).not.toBe(first.json.query_status.start_time);
  });

  it("reports an async query's HogQL error at the poll with 400", async () => {
    const started = await api.query(
      "SELECT nope FROM groups WHERE index = 0",
      {},
      { refresh: "force_async", client_query_id: "bad-1" },
    );
    expect(started.status).toBe(202);
    await sleep(150);
    const poll = await api.get("/api/projects/1/query/bad-1/");
    expect(poll.status).toBe(400);
    expect(poll.json.query_status).toMatchObject({
      complete: true,
      error: true,
      error_message: "Unable to resolve field: nope",
    });
  });

  it("can be made to answer 504 by a fault", async () => {
    await ph.control.addFault({ path: "/query/?$", method: "POST", kind: "status", status: 504 });
    const res = await api.query("SELECT key FROM groups WHERE index = 0 LIMIT 1", {}, FB);
    expect(res.status).toBe(504);
    expect(res.json.detail).toContain("10-second time limit");
    expect((await api.query("SELECT key FROM groups WHERE index = 0 LIMIT 1", {}, FB)).status).toBe(
      200,
    );
  });
});

// Query API group reads: the exact SQL shapes and values, JSONExtractRaw typing, and the keyset loop.
import { describe, expect, it } from "vitest";
import { likePattern } from "../../src/api/query-sql";
import { testClient } from "./fake-transport";
import { bodyOf, QUERY, rows } from "./query-kit";

describe("query API: group reads", () => {
  it("sends the keyset shape with placeholders, force_blocking, a name and a client_query_id", () => {
    const { client, transport } = testClient();
    transport.on("POST", QUERY, rows("a", "b"));
    const page = client.query.readGroupsPage({ groupTypeIndex: 2 });
    const r = transport.last;
    expect([r.method, r.headers["content-type"]]).toEqual(["POST", "application/json"]);
    expect(bodyOf(r)).toEqual({
      query: {
        kind: "HogQLQuery",
        query:
          "SELECT key, created_at, properties FROM groups WHERE index = {index} AND key > {after} ORDER BY key ASC LIMIT 50000",
        values: { index: 2, after: "" },
      },
      refresh: "force_blocking",
      name: "sheets-addon/groups-read",
      client_query_id: "qid-1",
    });
    expect(page).toEqual({
      rows: [
        { key: "a", createdAt: "2026-01-01T00:00:00Z", properties: { name: "a" } },
        { key: "b", createdAt: "2026-01-01T00:00:00Z", properties: { name: "b" } },
      ],
      after: null,
      bytes: expect.any(Number),
    });
  });

  it("selects chosen properties with JSONExtractRaw and keeps their exact types", () => {
    const { client, transport } = testClient();
    transport.on("POST", QUERY, {
      status: 200,
      body: {
        results: [
          ["k", "t", '"42"', "42", "true", "null", "", '{"a":[1,"x"]}', '"line\\nbreak \\u00e9"'],
        ],
      },
    });
    const names = ["zip", "arr", "paid", "gone", "missing", "meta", "note"];
    const page = client.query.readGroupsPage({
      groupTypeIndex: 0,
      properties: names,
      pageSize: 10,
    });
    const sent = bodyOf(transport.last).query;
    expect(sent.query).toBe(
      "SELECT key, created_at, JSONExtractRaw(properties, {p0}) AS p0, JSONExtractRaw(properties, {p1}) AS p1, JSONExtractRaw(properties, {p2}) AS p2, JSONExtractRaw(properties, {p3}) AS p3, JSONExtractRaw(properties, {p4}) AS p4, JSONExtractRaw(properties, {p5}) AS p5, JSONExtractRaw(properties, {p6}) AS p6 FROM groups WHERE index = {index} AND key > {after} ORDER BY key ASC LIMIT 10",
    );
    expect(sent.values).toEqual({
      index: 0,
      after: "",
      p0: "zip",
      p1: "arr",
      p2: "paid",
      p3: "gone",
      p4: "missing",
      p5: "meta",
      p6: "note",
    });
    expect(page.rows[0]?.properties).toEqual({
      zip: "42",
      arr: 42,
      paid: true,
      gone: null,
      meta: { a: [1, "x"] },
      note: "line\nbreak é",
    });
    expect("missing" in (page.rows[0]?.properties ?? {})).toBe(false);
  });

  it("adds the search filter before ORDER BY, with LIKE wildcards escaped", () => {
    const { client, transport } = testClient();
    transport.on("POST", QUERY, rows());
    client.query.readGroupsPage({ groupTypeIndex: 1, search: "50%_off\\x" });
    const sent = bodyOf(transport.last).query;
    expect(sent.query).toBe(
      "SELECT key, created_at, properties FROM groups WHERE index = {index} AND key > {after} AND (properties ILIKE {pattern} OR lower(key) = lower({term})) ORDER BY key ASC LIMIT 50000",
    );
    expect(sent.values).toEqual({
      index: 1,
      after: "",
      pattern: "%50\\%\\_off\\\\x%",
      term: "50%_off\\x",
    });
    expect(likePattern("a")).toBe("%a%");
  });

  it("loops on key > last key and stops on a short page", () => {
    const { client, transport } = testClient();
    transport.on("POST", QUERY, rows("a", "b", "c"), rows("d", "e", "f"), rows("g"));
    const result = client.query.readGroups({ groupTypeIndex: 0, pageSize: 3 });
    expect(result.items.map((r) => r.key)).toEqual(["a", "b", "c", "d", "e", "f", "g"]);
    expect(result).toMatchObject({ partial: false, cursor: null, pages: 3 });
    expect(transport.requests.map((r) => bodyOf(r).query.values.after)).toEqual(["", "c", "f"]);
  });

  it("asks again after a full page, even if the next one is empty", () => {
    const { client, transport } = testClient();
    transport.on("POST", QUERY, rows("a", "b"), rows());
    expect(client.query.readGroups({ groupTypeIndex: 0, pageSize: 2 }).items).toHaveLength(2);
    expect(transport.requests).toHaveLength(2);
  });

  it("stops at maxPages with the last key as cursor, and resumes from it", () => {
    const { client, transport } = testClient();
    transport.on("POST", QUERY, rows("a", "b"), rows("c"));
    const first = client.query.readGroups({ groupTypeIndex: 0, pageSize: 2, maxPages: 1 });
    expect(first).toMatchObject({ partial: true, cursor: "b" });
    client.query.readGroups({ groupTypeIndex: 0, pageSize: 2, after: first.cursor ?? "" });
    expect(bodyOf(transport.last).query.values.after).toBe("b");
  });

  it("counts groups", () => {
    const { client, transport } = testClient();
    transport.on("POST", QUERY, { status: 200, body: { results: [[1234]], columns: ["total"] } });
    expect(client.query.countGroups({ groupTypeIndex: 3 })).toBe(1234);
    expect(bodyOf(transport.last).query).toEqual({
      kind: "HogQLQuery",
      query: "SELECT count() AS total FROM groups WHERE index = {index}",
      values: { index: 3 },
    });
  });

  it("refuses bad page sizes, indexes and empty property lists before sending", () => {
    const { client, transport } = testClient();
    expect(() => client.query.readGroupsPage({ groupTypeIndex: 0, pageSize: 50_001 })).toThrow(
      expect.objectContaining({ code: "invalid_input" }),
    );
    expect(() => client.query.readGroupsPage({ groupTypeIndex: 9 })).toThrow(
      expect.objectContaining({ code: "invalid_input" }),
    );
    expect(() => client.query.readGroupsPage({ groupTypeIndex: 0, properties: [] })).toThrow(
      expect.objectContaining({ code: "invalid_input" }),
    );
    expect(transport.requests).toHaveLength(0);
  });

  it("reports a row that does not fit the query as bad_response", () => {
    const { client, transport } = testClient();
    transport.on("POST", QUERY, { status: 200, body: { results: [["k", "t", "{broken"]] } });
    expect(() => client.query.readGroupsPage({ groupTypeIndex: 0 })).toThrow(
      expect.objectContaining({ code: "bad_response" }),
    );
  });
});

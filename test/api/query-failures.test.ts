// The query API's refusals reach callers as typed errors: 402 quota, 512/513 too heavy (never retried as
// they are), an async query's memory failure, Apps Script's 50 MB refusal; and a page's measured size.
import { describe, expect, it } from "vitest";
import { shouldFallBackToRest } from "../../src/api/query";
import { networkFailure } from "../../src/platform/url-fetch-transport.gas";
import { envelope, testClient } from "./fake-transport";
import { bodyOf, QUERY, rows } from "./query-kit";

const QUOTA = envelope(
  "invalid_request",
  "api_queries_quota_exceeded",
  "Your organization has read more query data over the API than its free allowance for this month.",
);
const MEMORY =
  "This query ran out of memory before it could finish, usually because it's scanning too much data.";

describe("query API failures", () => {
  it("maps 402 api_queries_quota_exceeded to quota_exceeded, which falls back to the REST list", () => {
    const { client, transport } = testClient();
    transport.on("POST", QUERY, { status: 402, body: QUOTA });
    let caught: unknown;
    try {
      client.query.readGroupsPage({ groupTypeIndex: 0 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: "quota_exceeded", status: 402 });
    expect((caught as Error).message).toContain("free query allowance");
    expect(shouldFallBackToRest(caught)).toBe(true);
    expect(transport.requests).toHaveLength(1);
  });

  it.each([
    [512, "error", "Estimated query execution time (34.2 seconds) is too long."],
    [513, "clickhouse_memory_limit_exceeded", MEMORY],
  ])("maps %i to query_too_heavy and sends it once", (status, code, detail) => {
    const { client, transport } = testClient();
    transport.on("POST", QUERY, { status, body: envelope("server_error", code, detail) });
    expect(() => client.query.readGroupsPage({ groupTypeIndex: 0 })).toThrow(
      expect.objectContaining({ code: "query_too_heavy", status }),
    );
    expect(transport.requests).toHaveLength(1);
  });

  it("reads an async query's memory failure (a 400 poll with only its text) as query_too_heavy", () => {
    const { client, transport } = testClient({ newId: () => "qid" });
    transport.on("POST", QUERY, { status: 202, body: { query_status: { complete: false } } });
    transport.on("GET", `${QUERY}qid/`, {
      status: 400,
      body: { query_status: { complete: true, error: true, error_message: MEMORY } },
    });
    expect(() => client.query.readGroupsPage({ groupTypeIndex: 0, async: true })).toThrow(
      expect.objectContaining({ code: "query_too_heavy" }),
    );
    expect(bodyOf(transport.requests[0]).refresh).toBe("force_async");
  });

  it("maps Apps Script's response size refusal to response_too_large", () => {
    const failure = networkFailure(new Error("Limit exceeded: URL Fetch response size."));
    expect(failure).toMatchObject({ tooLarge: true, timedOut: false });
    const { client, transport } = testClient();
    transport.on("POST", QUERY, { network: true, tooLarge: true, message: failure.message });
    expect(() => client.query.readGroupsPage({ groupTypeIndex: 0 })).toThrow(
      expect.objectContaining({ code: "response_too_large" }),
    );
  });

  it("resubmits a blocking query that outlived the fetch timeout as async", () => {
    const { client, transport } = testClient({ newId: () => "qid" });
    transport.on(
      "POST",
      QUERY,
      { network: true, timedOut: true, message: "Timeout" },
      { status: 202, body: { query_status: { complete: false } } },
    );
    const done = rows("a", "b");
    transport.on("GET", `${QUERY}qid/`, {
      status: 200,
      body: { query_status: { complete: true, results: done.body } },
    });
    const page = client.query.readGroupsPage({ groupTypeIndex: 0 });
    expect(page.rows.map((r) => r.key)).toEqual(["a", "b"]);
    expect(transport.requests.map((r) => bodyOf(r).refresh ?? r.method)).toEqual([
      "force_blocking",
      "force_async",
      "GET",
    ]);
  });

  it("measures the answer that carried a page", () => {
    const { client, transport } = testClient();
    const answer = rows("a", "b", "c");
    transport.on("POST", QUERY, answer);
    const page = client.query.readGroupsPage({ groupTypeIndex: 0 });
    expect(page.bytes).toBe(JSON.stringify(answer.body).length);
  });
});

// Query API: key-list splitting, 504 → async polling, 429 handling under the query budget, and the REST fallback signal.
import { describe, expect, it } from "vitest";
import { PostHogError } from "../../src/api/errors";
import { shouldFallBackToRest } from "../../src/api/query";
import { splitKeys } from "../../src/api/query-sql";
import { envelope, testClient } from "./fake-transport";
import { bodyOf, QUERY, rows } from "./query-kit";

describe("query API: key lists", () => {
  it("splits keys into chunks of at most ~100 KB of key text, deduplicated", () => {
    const keys = Array.from({ length: 600 }, (_, i) => `${i}`.padStart(400, "k"));
    const chunks = splitKeys([...keys, keys[0] ?? ""]);
    expect(chunks).toHaveLength(3);
    expect(chunks.flat()).toEqual(keys);
    for (const chunk of chunks)
      expect(chunk.reduce((n, k) => n + k.length + 3, 0)).toBeLessThanOrEqual(100_000);
    expect(splitKeys(["é".repeat(10), "b"], 25)).toEqual([["é".repeat(10)], ["b"]]);
  });

  it("runs one has({keys}, key) query per chunk, at most 3 side by side", () => {
    const { client, transport } = testClient();
    transport.on("POST", QUERY, (r) => {
      const keys = bodyOf(r).query.values.keys as string[];
      return rows(...keys.filter((k) => !k.startsWith("missing")));
    });
    const keys = [...Array.from({ length: 50 }, (_, i) => `key-${i}/é`), "missing-1"];
    const found = client.query.readGroupsByKeys({
      groupTypeIndex: 1,
      keys,
      maxKeyBytes: 60,
      concurrency: 10,
    });
    expect(found.map((r) => r.key)).toEqual(keys.slice(0, 50));
    expect(transport.batches.every((size) => size <= 3)).toBe(true);
    expect(transport.requests.length).toBeGreaterThan(3);
    const first = bodyOf(transport.requests[0]).query;
    expect(first.query).toBe(
      "SELECT key, created_at, properties FROM groups WHERE index = {index} AND has({keys}, key) ORDER BY key ASC LIMIT 50000",
    );
    expect(first.values.index).toBe(1);
    const ids = transport.requests.map((r) => bodyOf(r).client_query_id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("query API: 504, async polling, limits, fallback", () => {
  it("on 504 resubmits with refresh async and polls query/:id until done", () => {
    const { client, transport, time } = testClient();
    const timeout = envelope(
      "server_error",
      "timeout",
      "This query hit the 10-second time limit for queries run through the API.",
    );
    transport.on(
      "POST",
      QUERY,
      { status: 504, body: timeout },
      { status: 202, body: { query_status: { id: "qid-2", complete: false } } },
    );
    transport.on(
      "GET",
      `${QUERY}qid-2/`,
      { status: 202, body: { query_status: { id: "qid-2", complete: false } } },
      {
        status: 200,
        body: {
          query_status: { id: "qid-2", complete: true, results: { results: [["a", "t", "{}"]] } },
        },
      },
    );
    const page = client.query.readGroupsPage({ groupTypeIndex: 0 });
    expect(page.rows.map((r) => r.key)).toEqual(["a"]);
    expect(bodyOf(transport.requests[0]).refresh).toBe("force_blocking");
    expect(bodyOf(transport.requests[1])).toMatchObject({
      refresh: "force_async",
      client_query_id: "qid-2",
    });
    expect(transport.requests.map((r) => r.method)).toEqual(["POST", "POST", "GET", "GET"]);
    expect(time.sleeps).toEqual([1500, 1500]);
  });

  it("gives up polling within the wait budget, cancels, and throws timeout", () => {
    const { client, transport, time } = testClient({ retry: { budgetMs: 5000 } });
    transport.on(
      "POST",
      QUERY,
      { status: 504, body: "" },
      { status: 202, body: { query_status: { complete: false } } },
    );
    transport.on("GET", `${QUERY}qid-2/`, {
      status: 202,
      body: { query_status: { complete: false } },
    });
    transport.on("DELETE", `${QUERY}qid-2/`, { status: 200, body: { message: "cancelled" } });
    expect(() => client.query.readGroupsPage({ groupTypeIndex: 0 })).toThrow(
      expect.objectContaining({ code: "timeout" }),
    );
    expect(time.slept).toBeLessThanOrEqual(5000);
    expect(transport.last.method).toBe("DELETE");
  });

  it("turns a failed async query into a validation error", () => {
    const { client, transport } = testClient();
    transport.on(
      "POST",
      QUERY,
      { status: 504, body: "" },
      { status: 202, body: { query_status: { complete: false } } },
    );
    transport.on("GET", `${QUERY}qid-2/`, {
      status: 400,
      body: { query_status: { complete: true, error: true, error_message: "Unknown table" } },
    });
    expect(() => client.query.readGroupsPage({ groupTypeIndex: 0 })).toThrow(
      expect.objectContaining({ code: "validation", detail: "Unknown table" }),
    );
  });

  it("waits out a 429 (legacy 120/h projects, concurrency cap) and paces against the query budget", () => {
    const { client, transport, time, store } = testClient();
    const busy = "Exceeded maximum concurrency limit: 3 for key: api:query:per-team:1 and task: x";
    transport.on(
      "POST",
      QUERY,
      { status: 429, body: envelope("throttled_error", "throttled", busy) },
      rows("a"),
    );
    client.query.readGroupsPage({ groupTypeIndex: 0 });
    expect(time.sleeps).toEqual([1000]);
    expect([...store.data.keys()]).toEqual(["posthog-pacer:p4242@us.posthog.com:query"]);
    client.pacer.record("query", 239);
    expect(client.pacer.delayFor("query")).toBeGreaterThan(59_000);
  });

  it("tells a missing query:read scope apart, so callers fall back to the REST list", () => {
    const { client, transport } = testClient();
    transport.on("POST", QUERY, {
      status: 403,
      body: envelope(
        "authentication_error",
        "permission_denied",
        "API key missing required scope 'query:read'",
      ),
    });
    let caught: unknown;
    try {
      client.query.readGroupsPage({ groupTypeIndex: 0 });
    } catch (error) {
      caught = error;
    }
    expect(shouldFallBackToRest(caught)).toBe(true);
    expect(client.query.shouldFallBackToRest(JSON.parse(JSON.stringify(caught)))).toBe(true);
    expect(
      shouldFallBackToRest(
        new PostHogError({ code: "missing_scope", scope: "group:read", message: "x" }),
      ),
    ).toBe(false);
    expect(shouldFallBackToRest(new Error("x"))).toBe(false);
  });
});

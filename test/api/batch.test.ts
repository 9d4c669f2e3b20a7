// sendAll through the resources: chunking, per-item outcomes, retrying only failures, pacing a batch.
import { describe, expect, it } from "vitest";
import { envelope, group, KEY, P, pathOf, queryOf, testClient } from "./fake-transport";

const writes = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    groupTypeIndex: 0,
    groupKey: `g${i}`,
    key: "plan",
    value: `v${i}`,
  }));

describe("sendAll batches (groups.updateProperties)", () => {
  it("sends side by side in chunks and keeps results in order", () => {
    const { client, transport } = testClient();
    transport.on("POST", `${P}/groups/update_property/`, (request) => ({
      status: 200,
      body: group(queryOf(request.url).group_key ?? "?"),
    }));
    const outcomes = client.groups.updateProperties(writes(20), { concurrency: 8 });
    expect(transport.batches).toEqual([8, 8, 4]);
    expect(outcomes.map((o) => (o.ok ? o.value.data.group_key : "x"))).toEqual(
      writes(20).map((w) => w.groupKey),
    );
    for (const request of transport.requests) {
      expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
      expect(request.url).not.toContain(KEY);
    }
  });

  it("retries only the failed ones, and reports lasting failures per item", () => {
    const { client, transport, time } = testClient();
    const seen = new Map<string, number>();
    transport.on("POST", `${P}/groups/update_property/`, (request) => {
      const key = queryOf(request.url).group_key ?? "";
      seen.set(key, (seen.get(key) ?? 0) + 1);
      if (key === "g1" && seen.get(key) === 1)
        return { status: 502, body: "<html>bad gateway</html>" };
      if (key === "g2")
        return { status: 404, body: envelope("invalid_request", "not_found", "Not found.") };
      if (key === "g3" && seen.get(key) === 1) return { network: true };
      return { status: 200, body: group(key) };
    });
    const outcomes = client.groups.updateProperties(writes(5));
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, false, true, true]);
    const failed = outcomes[2];
    expect(failed && !failed.ok && failed.error.code).toBe("not_found");
    expect(Object.fromEntries(seen)).toEqual({ g0: 1, g1: 2, g2: 1, g3: 2, g4: 1 });
    expect(transport.batches).toEqual([5, 2]);
    expect(time.sleeps).toEqual([1000]);
  });

  it("fails a bad item alone, before anything is sent", () => {
    const { client, transport } = testClient();
    transport.on("POST", `${P}/groups/update_property/`, { status: 200, body: group("x") });
    const items = [...writes(2), { groupTypeIndex: 0, groupKey: "g9", key: "plan", value: null }];
    const outcomes = client.groups.updateProperties(items);
    expect(outcomes.map((o) => (o.ok ? "ok" : o.error.code))).toEqual([
      "ok",
      "ok",
      "invalid_input",
    ]);
    expect(transport.requests).toHaveLength(2);
  });

  it("paces chunks: items beyond the minute's budget wait, and past the call budget they fail as throttled", () => {
    const { client, transport, time } = testClient({ retry: { budgetMs: 30_000 } });
    transport.on("POST", `${P}/groups/update_property/`, { status: 200, body: group("x") });
    client.pacer.record("rest", 476);
    const outcomes = client.groups.updateProperties(writes(10), { concurrency: 4 });
    expect(outcomes.slice(0, 4).every((o) => o.ok)).toBe(true);
    expect(outcomes.slice(4).map((o) => (o.ok ? "ok" : o.error.code))).toEqual(
      Array(6).fill("throttled"),
    );
    expect(transport.requests).toHaveLength(4);
    expect(time.slept).toBe(0);
  });

  it("findMany looks groups up side by side, each with skip_create_notebook", () => {
    const { client, transport } = testClient();
    transport.on("GET", `${P}/groups/find/`, (r) =>
      queryOf(r.url).group_key === "gone"
        ? { status: 404, body: envelope("invalid_request", "not_found", "Not found.") }
        : { status: 200, body: { ...group(queryOf(r.url).group_key ?? ""), notebook: null } },
    );
    const outcomes = client.groups.findMany([
      { groupTypeIndex: 1, groupKey: "a/b" },
      { groupTypeIndex: 1, groupKey: "gone" },
    ]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false]);
    expect(transport.requests.map((r) => queryOf(r.url).skip_create_notebook)).toEqual([
      "true",
      "true",
    ]);
    expect(transport.requests.every((r) => pathOf(r.url) === `${P}/groups/find/`)).toBe(true);
  });
});

// Groups: every request shape, key encoding, the forward cursor list, and page-based activity.
import { describe, expect, it } from "vitest";
import { envelope, group, KEY, ORIGIN, P, pathOf, queryOf, testClient } from "./fake-transport";

const KEYS = ["a/b", "with space", "ünï😀", "q?x=1", "hash#tag", "amp&eq="];

function cursorFor(n: number): string {
  return Buffer.from(JSON.stringify({ c: 1_700_000_000_000_000 - n, k: `k${n}` })).toString(
    "base64url",
  );
}

function listPage(n: number, more: boolean, origin = ORIGIN, extra = "") {
  return {
    status: 200,
    body: {
      next: more ? `${origin}${P}/groups/?group_type_index=0${extra}&cursor=${cursorFor(n)}` : null,
      previous: null,
      results: Array.from({ length: 100 }, (_, i) => group(`p${n}-${i}`)),
    },
  };
}

describe("groups requests", () => {
  it("find always passes skip_create_notebook=true and encodes any key", () => {
    const { client, transport } = testClient();
    transport.on("GET", `${P}/groups/find/`, (r) => ({
      status: 200,
      body: { ...group(queryOf(r.url).group_key ?? ""), notebook: null },
    }));
    for (const key of KEYS) {
      expect(client.groups.find({ groupTypeIndex: 2, groupKey: key }).group_key).toBe(key);
      const r = transport.last;
      expect(r.method).toBe("GET");
      expect(pathOf(r.url)).toBe(`${P}/groups/find/`);
      expect(queryOf(r.url)).toEqual({
        group_type_index: "2",
        group_key: key,
        skip_create_notebook: "true",
      });
      expect(r.url).not.toContain(KEY);
      expect(r.headers).toEqual({ accept: "application/json", authorization: `Bearer ${KEY}` });
      expect(r.body).toBeUndefined();
    }
    expect(transport.requests[0]?.url).toBe(
      `${ORIGIN}${P}/groups/find/?group_type_index=2&group_key=a%2Fb&skip_create_notebook=true`,
    );
  });

  it("create posts the group and sends {} for missing properties", () => {
    const { client, transport } = testClient();
    transport.on("POST", `${P}/groups/`, { status: 201, body: group("acme") });
    client.groups.create({ groupTypeIndex: 0, groupKey: "acme" });
    expect(JSON.parse(transport.last.body ?? "")).toEqual({
      group_type_index: 0,
      group_key: "acme",
      group_properties: {},
    });
    expect(transport.last.headers["content-type"]).toBe("application/json");
    client.groups.create({ groupTypeIndex: 1, groupKey: "b", properties: { arr: 5 } });
    expect(JSON.parse(transport.last.body ?? "")).toEqual({
      group_type_index: 1,
      group_key: "b",
      group_properties: { arr: 5 },
    });
  });

  it("create maps the duplicate-key 400", () => {
    const { client, transport } = testClient();
    transport.on("POST", `${P}/groups/`, {
      status: 400,
      body: envelope(
        "validation_error",
        "invalid_input",
        "A group with this key already exists",
        "detail",
      ),
    });
    expect(() => client.groups.create({ groupTypeIndex: 0, groupKey: "acme" })).toThrow(
      expect.objectContaining({
        code: "validation",
        detail: "A group with this key already exists",
      }),
    );
  });

  it("updateProperty puts the group in the query and {key, value} in the body, keeping types", () => {
    const { client, transport } = testClient();
    transport.on("POST", `${P}/groups/update_property/`, { status: 200, body: group("a/b") });
    for (const value of ["x", 0, false, { nested: [1, "2"] }, [1, 2]]) {
      client.groups.updateProperty({ groupTypeIndex: 3, groupKey: "a/b", key: "plan", value });
      expect(queryOf(transport.last.url)).toEqual({ group_type_index: "3", group_key: "a/b" });
      expect(JSON.parse(transport.last.body ?? "")).toEqual({ key: "plan", value });
    }
  });

  it("updateProperty refuses null, undefined, an empty key and bad indexes without sending", () => {
    const { client, transport } = testClient();
    const bad = [
      { groupTypeIndex: 0, groupKey: "a", key: "plan", value: null },
      { groupTypeIndex: 0, groupKey: "a", key: "plan", value: undefined },
      { groupTypeIndex: 0, groupKey: "a", key: "", value: 1 },
      { groupTypeIndex: 0, groupKey: "", key: "plan", value: 1 },
      { groupTypeIndex: 5, groupKey: "a", key: "plan", value: 1 },
      { groupTypeIndex: 0.5, groupKey: "a", key: "plan", value: 1 },
    ];
    for (const write of bad)
      expect(() => client.groups.updateProperty(write)).toThrow(
        expect.objectContaining({ code: "invalid_input" }),
      );
    expect(transport.requests).toHaveLength(0);
  });

  it("deleteProperty sends {$unset: name}", () => {
    const { client, transport } = testClient();
    transport.on("POST", `${P}/groups/delete_property/`, { status: 200, body: group("k") });
    client.groups.deleteProperty({ groupTypeIndex: 0, groupKey: "k#1", key: "old prop" });
    expect(queryOf(transport.last.url)).toEqual({ group_type_index: "0", group_key: "k#1" });
    expect(JSON.parse(transport.last.body ?? "")).toEqual({ $unset: "old prop" });
  });

  it("propertyValues reads both the new envelope and the old bare list", () => {
    const { client, transport } = testClient();
    transport.on("GET", `${P}/groups/property_values/`, {
      status: 200,
      body: { results: [{ name: "pro", count: 3 }], refreshing: false },
    });
    expect(client.groups.propertyValues({ groupTypeIndex: 0, key: "plan", value: "p" })).toEqual([
      { name: "pro", count: 3 },
    ]);
    expect(queryOf(transport.last.url)).toEqual({ group_type_index: "0", key: "plan", value: "p" });
    transport.on("GET", `${P}/groups/property_values/`, {
      status: 200,
      body: [{ name: "free", count: 1 }],
    });
    expect(client.groups.propertyValues({ groupTypeIndex: 0, key: "plan" })).toEqual([
      { name: "free", count: 1 },
    ]);
    expect(queryOf(transport.last.url)).toEqual({ group_type_index: "0", key: "plan" });
  });

  it("related takes an id and an optional index", () => {
    const { client, transport } = testClient();
    transport.on("GET", `${P}/groups/related/`, {
      status: 200,
      body: [{ type: "person", id: "p1", properties: {} }],
    });
    expect(client.groups.related({ id: "acme", groupTypeIndex: 0 })).toHaveLength(1);
    expect(queryOf(transport.last.url)).toEqual({ id: "acme", group_type_index: "0" });
    client.groups.related({ id: "0190c5a2-1b2c-7d3e-8f40-123456789abc" });
    expect(queryOf(transport.last.url)).toEqual({ id: "0190c5a2-1b2c-7d3e-8f40-123456789abc" });
  });
});

describe("groups list: the forward cursor", () => {
  it("sends only group_type_index, search and group_key (never limit/offset)", () => {
    const { client, transport } = testClient();
    transport.on("GET", `${P}/groups/`, listPage(1, true));
    const page = client.groups.list({ groupTypeIndex: 0, search: "50% off_", groupKey: "ac" });
    expect(queryOf(transport.last.url)).toEqual({
      group_type_index: "0",
      search: "50% off_",
      group_key: "ac",
    });
    expect(page.results).toHaveLength(100);
    expect(page.cursor).toBe(cursorFor(1));
    expect(page.next).toContain("cursor=");
  });

  it("follows same-origin next links across pages to the end", () => {
    const { client, transport } = testClient();
    transport.on(
      "GET",
      `${P}/groups/`,
      listPage(1, true, ORIGIN, "&search=x"),
      listPage(2, true, ORIGIN, "&search=x"),
      listPage(3, false),
    );
    const result = client.groups.listAll({ groupTypeIndex: 0, search: "x" });
    expect(result).toMatchObject({ partial: false, cursor: null, pages: 3 });
    expect(result.items).toHaveLength(300);
    expect(transport.requests[1]?.url).toBe(
      `${ORIGIN}${P}/groups/?group_type_index=0&search=x&cursor=${cursorFor(1)}`,
    );
    expect(queryOf(transport.requests[2]?.url ?? "").cursor).toBe(cursorFor(2));
  });

  it("stops at maxPages with partial and a cursor that resumes", () => {
    const { client, transport } = testClient();
    transport.on("GET", `${P}/groups/`, listPage(1, true), listPage(2, true), listPage(3, false));
    const first = client.groups.listAll({ groupTypeIndex: 0, maxPages: 2 });
    expect(first).toMatchObject({ partial: true, cursor: cursorFor(2), pages: 2 });
    const rest = client.groups.listAll({ groupTypeIndex: 0, cursor: first.cursor ?? "" });
    expect(queryOf(transport.requests[2]?.url ?? "")).toEqual({
      group_type_index: "0",
      cursor: cursorFor(2),
    });
    expect(rest).toMatchObject({ partial: false, pages: 1 });
  });

  it("never contacts a next link on another origin: the cursor is replayed on ours", () => {
    const { client, transport } = testClient();
    transport.on(
      "GET",
      `${P}/groups/`,
      listPage(1, true, "https://evil.example.com"),
      listPage(2, false),
    );
    const result = client.groups.listAll({ groupTypeIndex: 0 });
    expect(result.items).toHaveLength(200);
    expect(transport.requests.every((r) => r.url.startsWith(`${ORIGIN}/`))).toBe(true);
    expect(queryOf(transport.requests[1]?.url ?? "").cursor).toBe(cursorFor(1));
  });

  it("treats http://same-host as another origin too", () => {
    const { client, transport } = testClient();
    transport.on(
      "GET",
      `${P}/groups/`,
      listPage(1, true, "http://us.posthog.com"),
      listPage(2, false),
    );
    client.groups.listAll({ groupTypeIndex: 0 });
    expect(transport.requests[1]?.url.startsWith("https://us.posthog.com/")).toBe(true);
  });

  it("iterates pages lazily", () => {
    const { client, transport } = testClient();
    transport.on("GET", `${P}/groups/`, listPage(1, true), listPage(2, false));
    const pages = client.groups.pages({ groupTypeIndex: 0 });
    expect(pages.next().value?.cursor).toBe(cursorFor(1));
    expect(transport.requests).toHaveLength(1);
    expect(pages.next().value?.cursor).toBeNull();
    expect(pages.next().done).toBe(true);
  });

  it("refuses a list that does not move forward instead of looping", () => {
    const { client, transport } = testClient();
    transport.on("GET", `${P}/groups/`, listPage(1, true));
    expect(() => client.groups.listAll({ groupTypeIndex: 0, maxPages: 50 })).toThrow(
      expect.objectContaining({ code: "bad_response" }),
    );
    expect(transport.requests).toHaveLength(2);
  });
});

describe("group activity: page-based", () => {
  const entry = (id: string) => ({
    id,
    user: { email: "a@b.c" },
    activity: "update_property",
    scope: "Group",
    item_id: "1",
    detail: null,
    created_at: "t",
  });

  it("pages with page/limit until next is null", () => {
    const { client, transport } = testClient();
    transport.on(
      "GET",
      `${P}/groups/activity/`,
      {
        status: 200,
        body: {
          results: [entry("1"), entry("2")],
          next: "https://us.posthog.com/x?page=2",
          previous: null,
          total_count: 3,
        },
      },
      { status: 200, body: { results: [entry("3")], next: null, previous: "p", total_count: 3 } },
    );
    const result = client.groups.allActivity({ groupTypeIndex: 1, groupKey: "acme", limit: 2 });
    expect(result.items.map((e) => e.id)).toEqual(["1", "2", "3"]);
    expect(transport.requests.map((r) => queryOf(r.url))).toEqual([
      { group_type_index: "1", group_key: "acme", page: "1", limit: "2" },
      { group_type_index: "1", group_key: "acme", page: "2", limit: "2" },
    ]);
  });

  it("stops at maxPages with the next page number as cursor", () => {
    const { client, transport } = testClient();
    transport.on("GET", `${P}/groups/activity/`, {
      status: 200,
      body: { results: [entry("1")], next: "n", previous: null, total_count: 9 },
    });
    expect(
      client.groups.allActivity({ groupTypeIndex: 1, groupKey: "a", maxPages: 3 }),
    ).toMatchObject({ partial: true, cursor: 4, pages: 3 });
  });
});

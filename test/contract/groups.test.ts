// Contract: the groups resource of the client against the local PostHog, over the runtime's UrlFetchApp.
import { describe, expect, it } from "vitest";
import type { Group } from "../../src/api/types.ts";
import { byteOrder, failure, itKeepsTheRequestLogClean, useContract } from "./kit.ts";

const GROUPS = 350;
const kit = useContract({ groups: GROUPS });

const createdMs = (g: Group) => Date.parse(g.created_at);

describe("groups list (REST cursor)", () => {
  it("reads 350 groups in 4 pages of at most 100, every key once, newest first with ties broken by key descending", async () => {
    const client = kit.client();
    const all = client.groups.listAll({ groupTypeIndex: 0 });
    expect(all).toMatchObject({ partial: false, cursor: null, pages: 4 });
    expect(all.items).toHaveLength(GROUPS);
    const keys = all.items.map((g) => g.group_key);
    expect(new Set(keys).size).toBe(GROUPS);
    for (let i = 1; i < all.items.length; i++) {
      const [a, b] = [all.items[i - 1] as Group, all.items[i] as Group];
      const order = createdMs(b) - createdMs(a) || byteOrder(b.group_key, a.group_key);
      expect(order, `${a.group_key} before ${b.group_key}`).toBeLessThan(0);
    }
    // The seed gives some groups the same created_at: the key must break those ties.
    const ties = all.items.filter(
      (g, i) => i > 0 && createdMs(g) === createdMs(all.items[i - 1] as Group),
    );
    expect(ties.length).toBeGreaterThan(0);

    const log = await kit.requests();
    expect(log).toHaveLength(4);
    expect(log.map((e) => [e.method, e.path, e.status])).toEqual(
      Array(4).fill(["GET", "/api/projects/1/groups/", 200]),
    );
    expect(log[0]?.query).toEqual({ group_type_index: "0" });
    for (const entry of log.slice(1)) expect(entry.query.cursor).toMatch(/^[A-Za-z0-9_=-]+$/);
  });

  it("pages lazily and resumes a partial listing from its cursor without gaps or repeats", async () => {
    const client = kit.client();
    const first = client.groups.list({ groupTypeIndex: 0 });
    expect(first.results).toHaveLength(100);
    expect(first.next).toMatch(new RegExp(`^${kit.url}/api/projects/1/groups/\\?`));
    expect(first.cursor).toBeTruthy();

    const partial = client.groups.listAll({ groupTypeIndex: 0, maxPages: 2 });
    expect(partial).toMatchObject({ partial: true, pages: 2 });
    expect(partial.items).toHaveLength(200);
    const rest = client.groups.listAll({ groupTypeIndex: 0, cursor: partial.cursor as string });
    expect(rest).toMatchObject({ partial: false, pages: 2 });
    const keys = [...partial.items, ...rest.items].map((g) => g.group_key);
    expect(keys).toHaveLength(GROUPS);
    expect(new Set(keys).size).toBe(GROUPS);

    const pages = [...client.groups.pages({ groupTypeIndex: 0 })];
    expect(pages.map((p) => p.results.length)).toEqual([100, 100, 100, 50]);
    expect(pages.at(-1)).toMatchObject({ next: null, cursor: null });
    expect(pages.flatMap((p) => p.results.map((g) => g.group_key))).toEqual(
      [...partial.items, ...rest.items].map((g) => g.group_key),
    );
    // 1 + 2 + 2 + 4 requests, one per page.
    expect(await kit.requests()).toHaveLength(9);
  });

  it("searches properties text (names and values) or the exact key, and filters by key substring", async () => {
    const client = kit.client();
    const all = client.groups.listAll({ groupTypeIndex: 0 }).items;

    const term = "fintech";
    const found = client.groups.listAll({ groupTypeIndex: 0, search: "FinTech" }).items;
    const expected = all.filter((g) =>
      JSON.stringify(g.group_properties).toLowerCase().includes(term),
    );
    expect(expected.length).toBeGreaterThan(10);
    expect(found.map((g) => g.group_key)).toEqual(expected.map((g) => g.group_key));

    const target = all.find((g) => g.group_key.includes("Upper")) as Group;
    expect(target).toBeDefined();
    const exact = client.groups.listAll({
      groupTypeIndex: 0,
      search: target.group_key.toLowerCase(),
    });
    expect(exact.items.map((g) => g.group_key)).toContain(target.group_key);

    const byKey = client.groups.listAll({ groupTypeIndex: 0, groupKey: "CORP" }).items;
    const corp = all.filter((g) => g.group_key.toLowerCase().includes("corp"));
    expect(corp.length).toBeGreaterThan(0);
    expect(byKey.map((g) => g.group_key)).toEqual(corp.map((g) => g.group_key));

    // An exact key (any case) matches even when no property holds it; LIKE wildcards in it are literal.
    const odd = client.groups.listAll({ groupTypeIndex: 0, search: "100%_GROWTH-00077" }).items;
    expect(odd.map((g) => g.group_key)).toEqual(["100%_growth-00077"]);
  });
});

describe("groups find, create and property writes", () => {
  it("finds groups by exact key, awkward keys included, and several side by side", async () => {
    const client = kit.client();
    const keys = [
      "acme-00012",
      "org/globex/00013",
      "100%_growth-00077",
      "tyrell corp 00104",
      "日本-00034",
      "café-00021",
    ];
    for (const key of keys) {
      const group = client.groups.find({ groupTypeIndex: 0, groupKey: key });
      expect(group).toMatchObject({ group_type_index: 0, group_key: key, notebook: null });
      expect(Object.keys(group.group_properties)).toContain("name");
    }
    const outcomes = client.groups.findMany([
      { groupTypeIndex: 0, groupKey: "acme-00012" },
      { groupTypeIndex: 0, groupKey: "no-such-group" },
      { groupTypeIndex: 1, groupKey: "acme-00012" },
      { groupTypeIndex: 0, groupKey: "" },
    ]);
    expect(outcomes.map((o) => (o.ok ? o.value.data.group_key : o.error.code))).toEqual([
      "acme-00012",
      "not_found",
      "not_found",
      "invalid_input",
    ]);
    // 4 finds, then 3 more (the empty key is refused before sending).
    const log = await kit.requests({ path: "/groups/find/" });
    expect(log).toHaveLength(keys.length + 3);
    expect(log.map((e) => e.query.group_key)).toEqual([
      ...keys,
      "acme-00012",
      "no-such-group",
      "acme-00012",
    ]);
  });

  it("creates a group, which find and the list then show; a duplicate key is a validation error on `detail`", async () => {
    const client = kit.client();
    const created = client.groups.create({
      groupTypeIndex: 0,
      groupKey: "contract-new-1",
      properties: { name: "Contract Co", seats: 3 },
    });
    expect(created).toMatchObject({
      group_type_index: 0,
      group_key: "contract-new-1",
      group_properties: { name: "Contract Co", seats: 3 },
    });
    expect(client.groups.find({ groupTypeIndex: 0, groupKey: "contract-new-1" })).toMatchObject({
      group_properties: { name: "Contract Co", seats: 3 },
    });
    expect(client.groups.list({ groupTypeIndex: 0 }).results[0]?.group_key).toBe("contract-new-1");

    const duplicate = failure(() =>
      client.groups.create({ groupTypeIndex: 0, groupKey: "contract-new-1" }),
    );
    expect(duplicate).toMatchObject({
      code: "validation",
      status: 400,
      field: "detail",
      detail: "A group with this key already exists",
    });
    const posts = await kit.requests({ method: "POST" });
    expect(posts.map((e) => e.status)).toEqual([201, 400]);
  });

  it("sets, changes and deletes one property at a time, and refuses what PostHog cannot do", async () => {
    const client = kit.client();
    const ref = { groupTypeIndex: 0, groupKey: "org/globex/00013" };
    const before = client.groups.find(ref);

    const added = client.groups.updateProperty({ ...ref, key: "contract_note", value: "first" });
    expect(added.group_properties).toMatchObject({
      ...before.group_properties,
      contract_note: "first",
    });
    const changed = client.groups.updateProperty({ ...ref, key: "contract_note", value: { v: 2 } });
    expect(changed.group_properties.contract_note).toEqual({ v: 2 });
    expect(client.groups.find(ref).group_properties.contract_note).toEqual({ v: 2 });

    const removed = client.groups.deleteProperty({ ...ref, key: "contract_note" });
    expect(removed.group_properties).not.toHaveProperty("contract_note");
    expect(client.groups.find(ref).group_properties).toEqual(before.group_properties);

    const absent = failure(() => client.groups.deleteProperty({ ...ref, key: "contract_note" }));
    expect(absent).toMatchObject({ code: "validation", status: 400, field: "$unset" });
    const unknown = failure(() =>
      client.groups.updateProperty({
        groupTypeIndex: 0,
        groupKey: "nobody-here",
        key: "a",
        value: 1,
      }),
    );
    expect(unknown).toMatchObject({ code: "not_found", status: 404 });
    // null is refused before anything is sent.
    const nullValue = failure(() =>
      client.groups.updateProperty({ ...ref, key: "a", value: null }),
    );
    expect(nullValue.code).toBe("invalid_input");

    const writes = await kit.requests({ method: "POST" });
    expect(writes.map((e) => [e.path.replace("/api/projects/1/groups/", ""), e.status])).toEqual([
      ["update_property/", 200],
      ["update_property/", 200],
      ["delete_property/", 200],
      ["delete_property/", 400],
      ["update_property/", 404],
    ]);
    expect(writes[0]?.query).toEqual({ group_type_index: "0", group_key: "org/globex/00013" });
    expect(writes[0]?.body).toEqual({ key: "contract_note", value: "first" });
    expect(writes[2]?.body).toEqual({ $unset: "contract_note" });
  });

  it("writes many properties side by side; a bad write fails alone", async () => {
    const client = kit.client();
    const outcomes = client.groups.updateProperties([
      { groupTypeIndex: 0, groupKey: "acme-00012", key: "tier", value: "gold" },
      { groupTypeIndex: 0, groupKey: "nobody-here", key: "tier", value: "gold" },
      { groupTypeIndex: 0, groupKey: "acme-00024", key: "tier", value: null },
      { groupTypeIndex: 0, groupKey: "acme-00024", key: "tier", value: 3 },
    ]);
    expect(outcomes.map((o) => (o.ok ? o.value.data.group_properties.tier : o.error.code))).toEqual(
      ["gold", "not_found", "invalid_input", 3],
    );
    expect(await kit.requests()).toHaveLength(3);
  });
});

describe("groups property values, related actors and activity", () => {
  it("gives the top values of a property with how many groups have each", async () => {
    const client = kit.client();
    const values = client.groups.propertyValues({ groupTypeIndex: 0, key: "plan" });
    const all = client.groups.listAll({ groupTypeIndex: 0 }).items;
    const counts = new Map<unknown, number>();
    for (const g of all) {
      const plan = g.group_properties.plan;
      if (plan !== undefined) counts.set(plan, (counts.get(plan) ?? 0) + 1);
    }
    expect(new Map(values.map((v) => [v.name, v.count]))).toEqual(counts);
    expect(values.map((v) => v.count)).toEqual(
      [...values.map((v) => v.count)].sort((a, b) => b - a),
    );

    const filtered = client.groups.propertyValues({
      groupTypeIndex: 0,
      key: "plan",
      value: "PRISE",
    });
    expect(filtered.map((v) => v.name)).toEqual(["enterprise"]);
    expect(client.groups.propertyValues({ groupTypeIndex: 0, key: "no_such_prop" })).toEqual([]);
  });

  it("lists persons and groups related to a group, and groups related to a person", async () => {
    const client = kit.client();
    const related = client.groups.related({ id: "acme-00012", groupTypeIndex: 0 });
    const persons = related.filter((a) => a.type === "person");
    const groups = related.filter((a) => a.type === "group");
    expect(persons.length).toBeGreaterThan(0);
    expect(groups.length).toBeGreaterThan(0);
    for (const g of groups) expect(g.type === "group" && g.group_type_index).not.toBe(0);

    const person = persons[0] as { uuid?: string; id: string };
    const ofPerson = client.groups.related({ id: person.uuid ?? person.id });
    expect(ofPerson.length).toBeGreaterThan(0);
    expect(ofPerson.every((a) => a.type === "group")).toBe(true);
    expect(client.groups.related({ id: "nobody-here", groupTypeIndex: 0 })).toEqual([]);
  });

  it("pages a group's activity log, newest first, with the property changes", async () => {
    const client = kit.client();
    const ref = { groupTypeIndex: 0, groupKey: "initech-00014" };
    client.groups.updateProperty({ ...ref, key: "contract_a", value: 1 });
    client.groups.updateProperty({ ...ref, key: "contract_a", value: 2 });
    client.groups.updateProperty({ ...ref, key: "contract_b", value: "x" });

    const page = client.groups.activity({ ...ref, limit: 2 });
    expect(page.total_count).toBe(3);
    expect(page.results.map((e) => e.activity)).toEqual(["create_property", "update_property"]);
    expect(page.next).toBeTruthy();
    const all = client.groups.allActivity({ ...ref, limit: 1 });
    expect(all).toMatchObject({ partial: false, pages: 3 });
    expect(all.items.map((e) => e.activity)).toEqual([
      "create_property",
      "update_property",
      "create_property",
    ]);
    const missing = failure(() =>
      client.groups.activity({ groupTypeIndex: 0, groupKey: "nobody-here" }),
    );
    expect(missing.code).toBe("not_found");
  });
});

itKeepsTheRequestLogClean(kit);

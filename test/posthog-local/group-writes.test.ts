// Group writes: create, find, update_property, delete_property, their side effects and eventual consistency.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalPostHog, startLocalPostHog } from "../../posthog-local/index";
import { client } from "./helpers";

let ph: LocalPostHog;
let api: ReturnType<typeof client>;
const G = "/api/projects/1/groups";

beforeAll(async () => {
  ph = await startLocalPostHog({ groups: 200, lagMs: 2000 });
  api = client(ph);
});
afterAll(() => ph.close());

const listKeys = async (query = "") =>
  (await api.get(`${G}/?group_type_index=0${query}`)).json.results.map(
    (g: { group_key: string }) => g.group_key,
  );

describe("create", () => {
  it("answers 201 with the four fields and stores null properties as {}", async () => {
    const res = await api.post(`${G}/`, {
      group_type_index: 0,
      group_key: "new-co",
      group_properties: null,
    });
    expect(res.status).toBe(201);
    expect(Object.keys(res.json).sort()).toEqual([
      "created_at",
      "group_key",
      "group_properties",
      "group_type_index",
    ]);
    expect(res.json.group_properties).toEqual({});
    expect(res.json.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z$/);
  });

  it("refuses a duplicate key with attr detail", async () => {
    const res = await api.post(`${G}/`, { group_type_index: 0, group_key: "acme-00012" });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      type: "validation_error",
      code: "invalid_input",
      detail: "A group with this key already exists",
      attr: "detail",
    });
  });

  it("refuses null fields with code null", async () => {
    const res = await api.post(`${G}/`, { group_type_index: 0, group_key: null });
    expect(res.json).toEqual({
      type: "validation_error",
      code: "null",
      detail: "This field may not be null.",
      attr: "group_key",
    });
  });

  it("emits $groupidentify with all properties and logs one activity entry per property", async () => {
    await api.post(`${G}/`, {
      group_type_index: 0,
      group_key: "evented-co",
      group_properties: { plan: "pro", seats: 5 },
    });
    const events = await ph.control.events({ event: "$groupidentify" });
    const mine = events.find((e) => e.properties.$group_key === "evented-co");
    expect(mine?.properties).toEqual({
      $group_type: "company",
      $group_key: "evented-co",
      $group_set: { plan: "pro", seats: 5 },
    });
    const activity = await api.get(`${G}/activity/?group_type_index=0&group_key=evented-co`);
    expect(activity.json.total_count).toBe(2);
    expect(activity.json.results.map((e: { activity: string }) => e.activity)).toEqual([
      "create_group",
      "create_group",
    ]);
  });
  it("creates the group even when the type index has no group type, then answers 404", async () => {
    const res = await api.post(`${G}/`, { group_type_index: 4, group_key: "orphan-co" });
    expect(res.status).toBe(404);
    expect(
      (await api.get(`${G}/find/?group_type_index=4&group_key=orphan-co&skip_create_notebook=true`))
        .status,
    ).toBe(200);
  });
});

describe("find", () => {
  it("finds by exact key only and adds notebook", async () => {
    const res = await api.get(
      `${G}/find/?group_type_index=0&group_key=acme-00012&skip_create_notebook=true`,
    );
    expect(res.status).toBe(200);
    expect(res.json.notebook).toBeNull();
    expect((await api.get(`${G}/find/?group_type_index=0&group_key=ACME-00012`)).status).toBe(404);
    expect((await api.get(`${G}/find/?group_type_index=1&group_key=acme-00012`)).status).toBe(404);
  });

  it("creates a notebook as a side effect unless skip_create_notebook=true", async () => {
    const res = await api.get(`${G}/find/?group_type_index=0&group_key=acme-00024`);
    expect(res.json.notebook).toMatch(/^nb\d+$/);
    expect((await ph.control.group("acme-00024")).postgres?.notebook).toBe(res.json.notebook);
  });

  it("needs both parameters", async () => {
    const res = await api.get(`${G}/find/?group_type_index=0`);
    expect(res.json).toEqual({
      type: "validation_error",
      code: "invalid_input",
      detail: "This query parameter is required.",
      attr: "group_key",
    });
  });
});

describe("update_property", () => {
  const url = (key: string) =>
    `${G}/update_property/?group_type_index=0&group_key=${encodeURIComponent(key)}`;

  it("checks params, then the group (404), then the body (400)", async () => {
    expect(
      (await api.post(`${G}/update_property/?group_type_index=0`, { key: "a", value: 1 })).json
        .attr,
    ).toBe("group_key");
    expect((await api.post(url("missing-co"), {})).status).toBe(404);
    const noKey = await api.post(url("acme-00012"), { value: 1 });
    expect(noKey.json).toEqual({
      type: "validation_error",
      code: "invalid_input",
      detail: "This field is required.",
      attr: "key",
    });
    const nullValue = await api.post(url("acme-00012"), { key: "plan", value: null });
    expect(nullValue.status).toBe(400);
    expect(nullValue.json.attr).toBe("value");
  });

  it("returns the four-field group, logs create_property then update_property, and emits only the changed key", async () => {
    const first = await api.post(url("acme-00012"), { key: "owner", value: "Zoë" });
    expect(first.status).toBe(200);
    expect(first.json).not.toHaveProperty("notebook");
    expect(first.json.group_properties.owner).toBe("Zoë");
    await api.post(url("acme-00012"), { key: "owner", value: "Bo" });
    const activity = await api.get(`${G}/activity/?group_type_index=0&group_key=acme-00012`);
    const ownerEntries = activity.json.results.filter(
      (e: { detail: { name: string } }) => e.detail.name === "owner",
    );
    expect(ownerEntries.map((e: { activity: string }) => e.activity)).toEqual([
      "update_property",
      "create_property",
    ]);
    expect(ownerEntries[0].detail.changes[0]).toMatchObject({
      type: "Group",
      action: "changed",
      before: "Zoë",
      after: "Bo",
    });
    const events = await ph.control.events({ event: "$groupidentify" });
    expect(events.at(-1)?.properties.$group_set).toEqual({ owner: "Bo" });
  });

  it("upserts the property definition with the API's type detection", async () => {
    await api.post(url("acme-00012"), { key: "flag_text", value: "TRUE" });
    await api.post(url("acme-00012"), { key: "launch_day", value: "2024-05-01" });
    const defs = await api.get(
      "/api/projects/1/property_definitions/?type=group&group_type_index=0&properties=flag_text,launch_day",
    );
    const types = Object.fromEntries(
      defs.json.results.map((d: { name: string; property_type: string }) => [
        d.name,
        d.property_type,
      ]),
    );
    expect(types).toEqual({ flag_text: "Boolean", launch_day: "String" });
  });
});

describe("delete_property", () => {
  const url = `${G}/delete_property/?group_type_index=0&group_key=acme-00036`;

  it("removes the property named by $unset and emits $delete_group_property", async () => {
    const before = await api.get(
      `${G}/find/?group_type_index=0&group_key=acme-00036&skip_create_notebook=true`,
    );
    expect(before.json.group_properties).toHaveProperty("industry");
    const res = await api.post(url, { $unset: "industry" });
    expect(res.status).toBe(200);
    expect(res.json.group_properties).not.toHaveProperty("industry");
    const events = await ph.control.events({ event: "$delete_group_property" });
    expect(events.at(-1)?.properties).toMatchObject({
      $group_key: "acme-00036",
      $group_unset: ["industry"],
    });
  });

  it("answers 400 for an absent property or a non-string $unset", async () => {
    const absent = await api.post(url, { $unset: "industry" });
    expect(absent.json).toEqual({
      type: "validation_error",
      code: "invalid_input",
      detail: "Property 'industry' does not exist on this group.",
      attr: "$unset",
    });
    const list = await api.post(url, { $unset: ["plan"] });
    expect(list.json.attr).toBe("$unset");
  });
});

describe("eventual consistency", () => {
  it("shows a write to find at once and to the list only after the lag", async () => {
    await api.post(`${G}/`, {
      group_type_index: 0,
      group_key: "zzz-lagging",
      group_properties: { name: "Lag" },
    });
    expect(
      (
        await api.get(
          `${G}/find/?group_type_index=0&group_key=zzz-lagging&skip_create_notebook=true`,
        )
      ).status,
    ).toBe(200);
    expect(await listKeys("&search=zzz-lagging")).toEqual([]);
    await ph.control.advanceClock(2001);
    expect(await listKeys("&search=zzz-lagging")).toEqual(["zzz-lagging"]);
  });

  it("shows property updates in the list only after the lag", async () => {
    await api.post(`${G}/update_property/?group_type_index=0&group_key=zzz-lagging`, {
      key: "name",
      value: "Changed",
    });
    const stale = (await api.get(`${G}/?group_type_index=0&search=zzz-lagging`)).json.results[0];
    expect(stale.group_properties.name).toBe("Lag");
    await ph.control.advanceClock(2001);
    const fresh = (await api.get(`${G}/?group_type_index=0&search=zzz-lagging`)).json.results[0];
    expect(fresh.group_properties.name).toBe("Changed");
  });

  it("can be switched off with lag 0", async () => {
    await ph.control.setLag(0);
    await api.post(`${G}/`, { group_type_index: 0, group_key: "zzz-instant" });
    expect(await listKeys("&search=zzz-instant")).toEqual(["zzz-instant"]);
    await ph.control.setLag(2000);
  });
});

describe("other group actions", () => {
  it("lists the top 20 values of a property with counts", async () => {
    const res = await api.get(`${G}/property_values/?group_type_index=0&key=industry`);
    expect(res.json.refreshing).toBe(false);
    expect(res.json.results.length).toBeLessThanOrEqual(20);
    const counts = res.json.results.map((r: { count: number }) => r.count);
    expect([...counts].sort((a, b) => b - a)).toEqual(counts);
    expect((await api.get(`${G}/property_values/?group_type_index=0`)).json.attr).toBe("key");
  });

  it("returns related actors as a bare array", async () => {
    const res = await api.get(`${G}/related/?group_type_index=0&id=acme-00012`);
    expect(Array.isArray(res.json)).toBe(true);
    expect(res.json.some((a: { type: string }) => a.type === "person")).toBe(true);
    expect(
      res.json.some(
        (a: { type: string; group_type_index: number }) =>
          a.type === "group" && a.group_type_index !== 0,
      ),
    ).toBe(true);
    expect((await api.get(`${G}/related/?group_type_index=0`)).json.attr).toBe("id");
  });

  it("pages activity with limit and page", async () => {
    const res = await api.get(`${G}/activity/?group_type_index=0&group_key=acme-00012&limit=1`);
    expect(res.json.results).toHaveLength(1);
    expect(res.json.next).toContain("page=2");
    expect(res.json.previous).toBeNull();
    expect(res.json.total_count).toBeGreaterThan(1);
    expect((await api.get(`${G}/activity/?group_type_index=0&group_key=nope`)).status).toBe(404);
  });
});

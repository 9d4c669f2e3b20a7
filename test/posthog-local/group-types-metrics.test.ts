// Group types (bare list, delete, session-only actions), usage metrics CRUD and property definitions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalPostHog, startLocalPostHog } from "../../posthog-local/index";
import { client } from "./helpers";

let ph: LocalPostHog;
let api: ReturnType<typeof client>;
const T = "/api/projects/1/groups_types";

beforeAll(async () => {
  ph = await startLocalPostHog({ groups: 100 });
  api = client(ph);
});
afterAll(() => ph.close());

describe("group types", () => {
  it("lists a bare array ordered by index with the serializer's fields", async () => {
    const res = await api.get(`${T}/`);
    expect(res.json.map((t: { group_type: string }) => t.group_type)).toEqual([
      "company",
      "project",
      "instance",
    ]);
    expect(Object.keys(res.json[0]).sort()).toEqual([
      "created_at",
      "default_columns",
      "detail_dashboard",
      "group_type",
      "group_type_index",
      "name_plural",
      "name_singular",
    ]);
  });

  it("deletes by index with 204 and answers 404 Group type not found after", async () => {
    const key = await ph.control.createKey({ scopes: ["group:write"] });
    const res = await api.del(`${T}/2/`, { key: key.key });
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    const again = await api.del(`${T}/2/`, { key: key.key });
    expect(again.json).toEqual({
      type: "invalid_request",
      code: "not_found",
      detail: "Group type not found",
      attr: null,
    });
    expect((await api.get(`${T}/`)).json).toHaveLength(2);
  });

  it("needs group:write to delete", async () => {
    const res = await api.del(`${T}/1/`, { key: ph.readOnlyKey });
    expect(res.json.detail).toBe("API key missing required scope 'group:write'");
  });

  it("sets default columns and creates a detail dashboard once (keys without scopes, old versions only)", async () => {
    await ph.control.settings({ legacyKeysAllowed: true });
    const cols = await api.put(
      `${T}/set_default_columns/`,
      { group_type_index: 0, default_columns: ["name", "plan"] },
      { key: ph.legacyKey },
    );
    expect(cols.json.default_columns).toEqual(["name", "plan"]);
    const first = await api.put(
      `${T}/create_detail_dashboard/`,
      { group_type_index: 0 },
      { key: ph.legacyKey },
    );
    expect(first.json.detail_dashboard).toEqual(expect.any(Number));
    const second = await api.put(
      `${T}/create_detail_dashboard/`,
      { group_type_index: 0 },
      { key: ph.legacyKey },
    );
    expect(second.status).toBe(400);
    expect(second.json).toEqual({ detail: "Dashboard already exists for this group type." });
    expect((await api.put(`${T}/create_detail_dashboard/`, { group_type_index: 0 })).status).toBe(
      403,
    );
    await ph.control.settings({ legacyKeysAllowed: false });
  });
});

describe("usage metrics", () => {
  const M = `${T}/0/metrics`;

  it("lists seeded metrics in a limit/offset envelope", async () => {
    const res = await api.get(`${M}/`);
    expect(res.json.count).toBe(5); // count and sum, number and sparkline, one on a warehouse table (seed/people.ts seedMetrics)
    expect(Object.keys(res.json.results[0]).sort()).toEqual([
      "display",
      "filters",
      "format",
      "id",
      "interval",
      "math",
      "math_property",
      "name",
    ]);
    const page = await api.get(`${M}/?limit=1`);
    expect(page.json.results).toHaveLength(1);
    expect(page.json.next).toMatch(/limit=1&offset=1$/);
  });

  it("creates with defaults and enforces the math/math_property pairing", async () => {
    const created = await api.post(`${M}/`, {
      name: "Logins",
      filters: { events: [{ id: "login" }] },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      format: "numeric",
      interval: 7,
      display: "number",
      math: "count",
      math_property: null,
    });
    const sum = await api.post(`${M}/`, { name: "Spend", filters: {}, math: "sum" });
    expect(sum.json).toEqual({
      type: "validation_error",
      code: "invalid_input",
      detail: "math_property is required when math is 'sum'.",
      attr: "math_property",
    });
    const count = await api.post(`${M}/`, {
      name: "Spend",
      filters: {},
      math: "count",
      math_property: "amount",
    });
    expect(count.json.detail).toBe("math_property must be empty when math is 'count'.");
  });

  it("validates fields like the serializer", async () => {
    expect((await api.post(`${M}/`, { filters: {} })).json).toEqual({
      type: "validation_error",
      code: "required",
      detail: "This field is required.",
      attr: "name",
    });
    expect((await api.post(`${M}/`, { name: "X" })).json.attr).toBe("filters");
    expect((await api.post(`${M}/`, { name: "X", filters: {}, format: "pct" })).json).toMatchObject(
      { code: "invalid_choice", detail: '"pct" is not a valid choice.', attr: "format" },
    );
    expect((await api.post(`${M}/`, { name: "X", filters: { source: "s3" } })).json).toMatchObject({
      attr: "filters",
      detail: "Unknown source: 's3'",
    });
    expect((await api.post(`${M}/`, { name: "X", filters: [] })).json.code).toBe("not_a_dict");
  });

  it("retrieves, patches, puts and deletes; unknown or invalid ids are 404", async () => {
    const created = await api.post(`${M}/`, { name: "Visits", filters: {} });
    const id = created.json.id as string;
    expect((await api.get(`${M}/${id}/`)).json.name).toBe("Visits");
    expect((await api.patch(`${M}/${id}/`, { display: "sparkline" })).json.display).toBe(
      "sparkline",
    );
    expect((await api.put(`${M}/${id}/`, { display: "number" })).json.attr).toBe("name");
    expect((await api.del(`${M}/${id}/`)).status).toBe(204);
    expect((await api.get(`${M}/${id}/`)).status).toBe(404);
    expect((await api.get(`${M}/not-a-uuid/`)).status).toBe(404);
  });

  it("needs usage_metric scopes", async () => {
    const key = await ph.control.createKey({ scopes: ["group:write"] });
    expect((await api.get(`${M}/`, { key: key.key })).json.detail).toBe(
      "API key missing required scope 'usage_metric:read'",
    );
    expect(
      (await api.post(`${M}/`, { name: "Y", filters: {} }, { key: ph.readOnlyKey })).json.detail,
    ).toBe("API key missing required scope 'usage_metric:write'");
  });
});

describe("property definitions", () => {
  const P = "/api/projects/1/property_definitions/";

  it("needs group_type_index for type=group and refuses it otherwise", async () => {
    expect((await api.get(`${P}?type=group`)).json).toEqual({
      type: "validation_error",
      code: "invalid_input",
      detail: "`group_type_index` must be set for `group` type",
      attr: null,
    });
    expect((await api.get(`${P}?type=person&group_type_index=0`)).status).toBe(400);
  });

  it("lists group properties by name with detected types", async () => {
    const res = await api.get(`${P}?type=group&group_type_index=0&limit=500`);
    const names = res.json.results.map((d: { name: string }) => d.name);
    expect([...names].sort()).toEqual(names);
    const byName = Object.fromEntries(
      res.json.results.map((d: { name: string; property_type: string | null }) => [
        d.name,
        d.property_type,
      ]),
    );
    expect(byName).toMatchObject({
      employees: "Numeric",
      is_paying: "Boolean",
      name: "String",
      signup_date: "DateTime",
    });
    expect(res.json).toHaveProperty("count");
  });

  it("searches every word in the name", async () => {
    const res = await api.get(`${P}?type=group&group_type_index=0&search=is pay`);
    expect(res.json.results.map((d: { name: string }) => d.name)).toEqual(["is_paying"]);
  });
});

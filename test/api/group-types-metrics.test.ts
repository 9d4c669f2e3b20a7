// Group types, usage metrics, property definitions and projects: methods, URLs, bodies and validation.
import { describe, expect, it } from "vitest";
import { envelope, P, pathOf, queryOf, testClient } from "./fake-transport";

const metric = {
  id: "0190-m",
  name: "Events",
  format: "numeric",
  interval: 7,
  display: "number",
  filters: {},
  math: "count",
  math_property: null,
};

describe("group types", () => {
  it("lists the bare array", () => {
    const { client, transport } = testClient();
    transport.on("GET", `${P}/groups_types/`, {
      status: 200,
      body: [
        { group_type: "company", group_type_index: 0, name_singular: null, name_plural: null },
      ],
    });
    expect(client.groupTypes.list()[0]?.group_type).toBe("company");
    expect(transport.last.method).toBe("GET");
  });

  it("deletes by index; 404 'Group type not found' maps to not_found", () => {
    const { client, transport } = testClient();
    transport.on("DELETE", `${P}/groups_types/2/`, { status: 204 });
    client.groupTypes.delete(2);
    expect(transport.last.method).toBe("DELETE");
    transport.on("DELETE", `${P}/groups_types/3/`, {
      status: 404,
      body: envelope("invalid_request", "not_found", "Group type not found"),
    });
    expect(() => client.groupTypes.delete(3)).toThrow(
      expect.objectContaining({ code: "not_found" }),
    );
    expect(() => client.groupTypes.delete(7)).toThrow(
      expect.objectContaining({ code: "invalid_input" }),
    );
  });

  it("updateMetadata PATCHes an array of snake_case entries", () => {
    const { client, transport } = testClient();
    transport.on("PATCH", `${P}/groups_types/update_metadata/`, { status: 200, body: [] });
    client.groupTypes.updateMetadata([
      { groupTypeIndex: 0, nameSingular: "Company", namePlural: "Companies" },
      { groupTypeIndex: 1, namePlural: "Teams" },
    ]);
    expect(JSON.parse(transport.last.body ?? "")).toEqual([
      { group_type_index: 0, name_singular: "Company", name_plural: "Companies" },
      { group_type_index: 1, name_plural: "Teams" },
    ]);
  });

  it("updateMetadata's refusal to scoped keys maps to forbidden", () => {
    const { client, transport } = testClient();
    transport.on("PATCH", `${P}/groups_types/update_metadata/`, {
      status: 403,
      body: envelope(
        "authentication_error",
        "permission_denied",
        "This action does not support personal API key access",
      ),
    });
    expect(() =>
      client.groupTypes.updateMetadata([{ groupTypeIndex: 0, nameSingular: "X" }]),
    ).toThrow(expect.objectContaining({ code: "forbidden" }));
  });
});

describe("metrics", () => {
  it("lists with limit/offset and collects pages by offset", () => {
    const { client, transport } = testClient();
    transport.on(
      "GET",
      `${P}/groups_types/1/metrics/`,
      {
        status: 200,
        body: { count: 3, next: "https://x/?offset=2", previous: null, results: [metric, metric] },
      },
      { status: 200, body: { count: 3, next: null, previous: "p", results: [metric] } },
    );
    const all = client.metrics.listAll(1, { pageSize: 2 });
    expect(all).toMatchObject({ partial: false, pages: 2 });
    expect(transport.requests.map((r) => queryOf(r.url))).toEqual([
      { limit: "2", offset: "0" },
      { limit: "2", offset: "2" },
    ]);
  });

  it("creates, gets, PATCHes and deletes with the id encoded", () => {
    const { client, transport } = testClient();
    const id = "a/b?c";
    const path = `${P}/groups_types/0/metrics/a%2Fb%3Fc/`;
    transport.on("POST", `${P}/groups_types/0/metrics/`, { status: 201, body: metric });
    transport.on("GET", path, { status: 200, body: metric });
    transport.on("PATCH", path, { status: 200, body: metric });
    transport.on("DELETE", path, { status: 204 });
    client.metrics.create(0, {
      name: "Revenue",
      filters: { events: [] },
      math: "sum",
      math_property: "amount",
    });
    expect(JSON.parse(transport.last.body ?? "")).toEqual({
      name: "Revenue",
      filters: { events: [] },
      math: "sum",
      math_property: "amount",
    });
    client.metrics.get(0, id);
    expect(transport.last.url.endsWith("/metrics/a%2Fb%3Fc/")).toBe(true);
    client.metrics.update(0, id, { interval: 30 });
    expect([transport.last.method, transport.last.body]).toEqual(["PATCH", '{"interval":30}']);
    client.metrics.delete(0, id);
    expect([transport.last.method, pathOf(transport.last.url)]).toEqual(["DELETE", path]);
  });

  it("validates a new metric before sending", () => {
    const { client, transport } = testClient();
    expect(() => client.metrics.create(0, { name: "", filters: {} })).toThrow(
      expect.objectContaining({ field: "name" }),
    );
    expect(() => client.metrics.create(0, { name: "x", filters: null as never })).toThrow(
      expect.objectContaining({ field: "filters" }),
    );
    expect(() => client.metrics.create(0, { name: "x", filters: {}, math: "sum" })).toThrow(
      expect.objectContaining({ field: "math_property" }),
    );
    expect(() => client.metrics.get(0, "")).toThrow(
      expect.objectContaining({ code: "invalid_input" }),
    );
    expect(transport.requests).toHaveLength(0);
  });
});

describe("property definitions and projects", () => {
  it("asks for type=group with the index", () => {
    const { client, transport } = testClient();
    transport.on("GET", `${P}/property_definitions/`, {
      status: 200,
      body: { count: 1, next: null, previous: null, results: [{ id: "1", name: "plan" }] },
    });
    const result = client.propertyDefinitions.listAll({ groupTypeIndex: 2, search: "pl an" });
    expect(result.items).toHaveLength(1);
    expect(queryOf(transport.last.url)).toEqual({
      type: "group",
      group_type_index: "2",
      search: "pl an",
      limit: "100",
      offset: "0",
    });
  });

  it("reads users/@me, the projects list, one project and @current", () => {
    const { client, transport } = testClient();
    transport.on("GET", "/api/users/@me/", { status: 200, body: { uuid: "u", email: "e" } });
    transport.on("GET", "/api/projects/", {
      status: 200,
      body: { count: 1, next: null, previous: null, results: [{ id: 1, name: "A" }] },
    });
    transport.on("GET", `${P}/`, { status: 200, body: { id: 4242, name: "Mine" } });
    transport.on("GET", "/api/projects/@current/", {
      status: 404,
      body: envelope("invalid_request", "not_found", "Not found."),
    });
    client.projects.me();
    expect(transport.last.url).toBe("https://us.posthog.com/api/users/@me/");
    expect(client.projects.listAll().items).toEqual([{ id: 1, name: "A" }]);
    expect(client.projects.get().name).toBe("Mine");
    expect(() => client.projects.current()).toThrow(expect.objectContaining({ code: "not_found" }));
  });
});

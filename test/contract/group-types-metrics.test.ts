// Contract: group types (list, rename, delete) and group usage metrics (CRUD) against the local PostHog.
import { describe, expect, it } from "vitest";
import type { MetricInput } from "../../src/api/metrics.ts";
import { failure, itKeepsTheRequestLogClean, useContract } from "./kit.ts";

const kit = useContract({ groups: 120 });

describe("group types", () => {
  it("lists the project's group types as a bare array ordered by index", async () => {
    const types = kit.client().groupTypes.list();
    expect(types.map((t) => [t.group_type_index, t.group_type, t.name_plural])).toEqual([
      [0, "company", "companies"],
      [1, "project", "projects"],
      [2, "instance", "instances"],
    ]);
    const log = await kit.requests();
    expect(log.map((e) => [e.method, e.path, e.status])).toEqual([
      ["GET", "/api/projects/1/groups_types/", 200],
    ]);
  });

  it("refuses renaming to every personal key, and renames with a key without scopes only on old self-hosted versions", async () => {
    const scoped = failure(() =>
      kit.client().groupTypes.updateMetadata([{ groupTypeIndex: 0, nameSingular: "account" }]),
    );
    expect(scoped).toMatchObject({ code: "forbidden", status: 403 });
    expect(scoped.detail).toBe("This action does not support personal API key access");
    const today = failure(() =>
      kit
        .client({ apiKey: kit.ph.legacyKey })
        .groupTypes.updateMetadata([{ groupTypeIndex: 0, nameSingular: "account" }]),
    );
    expect(today).toMatchObject({ code: "forbidden", status: 403 });

    await kit.control.settings({ legacyKeysAllowed: true });
    const legacy = kit.client({ apiKey: kit.ph.legacyKey });
    const renamed = legacy.groupTypes.updateMetadata([
      { groupTypeIndex: 0, nameSingular: "account", namePlural: "accounts" },
      { groupTypeIndex: 1, namePlural: null },
    ]);
    expect(renamed.map((t) => [t.name_singular, t.name_plural])).toEqual([
      ["account", "accounts"],
      ["project", null],
      ["instance", "instances"],
    ]);
    expect(kit.client().groupTypes.list()[0]).toMatchObject({
      group_type: "company",
      name_singular: "account",
    });
    await kit.control.settings({ legacyKeysAllowed: false });
    const patches = await kit.requests({ method: "PATCH" });
    expect(patches.map((e) => e.status)).toEqual([403, 403, 200]);
    expect(patches[2]?.body).toEqual([
      { group_type_index: 0, name_singular: "account", name_plural: "accounts" },
      { group_type_index: 1, name_plural: null },
    ]);
  });

  it("deletes a group type (204, empty body); deleting it again is not_found", async () => {
    const client = kit.client();
    expect(client.groupTypes.delete(2)).toBeUndefined();
    expect(client.groupTypes.list().map((t) => t.group_type_index)).toEqual([0, 1]);
    const again = failure(() => client.groupTypes.delete(2));
    expect(again).toMatchObject({ code: "not_found", status: 404, detail: "Group type not found" });
    const deletes = await kit.requests({ method: "DELETE" });
    expect(deletes.map((e) => [e.path, e.status])).toEqual([
      ["/api/projects/1/groups_types/2/", 204],
      ["/api/projects/1/groups_types/2/", 404],
    ]);
  });
});

describe("group usage metrics", () => {
  const input: MetricInput = {
    name: "Contract: signups (30 days)",
    filters: { events: [{ id: "signed_up", type: "events", order: 0 }] },
    interval: 30,
    display: "sparkline",
  };

  it("lists, creates (with PostHog's defaults), gets, updates and deletes a metric", async () => {
    const client = kit.client();
    const seeded = client.metrics.list(0);
    expect(seeded.results.length).toBeGreaterThan(0);
    expect(seeded.count).toBe(seeded.results.length);

    const created = client.metrics.create(0, input);
    expect(created).toMatchObject({
      name: input.name,
      filters: input.filters,
      interval: 30,
      display: "sparkline",
      format: "numeric",
      math: "count",
      math_property: null,
    });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(client.metrics.get(0, created.id)).toEqual(created);

    const updated = client.metrics.update(0, created.id, {
      name: "Contract: renamed",
      format: "currency",
    });
    expect(updated).toMatchObject({
      id: created.id,
      name: "Contract: renamed",
      format: "currency",
      interval: 30,
    });
    const all = client.metrics.listAll(0, { pageSize: 1 });
    expect(all).toMatchObject({ partial: false, pages: seeded.results.length + 1 });
    expect(all.items.map((m) => m.id)).toContain(created.id);

    expect(client.metrics.delete(0, created.id)).toBeUndefined();
    expect(failure(() => client.metrics.get(0, created.id))).toMatchObject({ code: "not_found" });
    const log = await kit.requests();
    expect(log.map((e) => `${e.method} ${e.status}`)).toEqual([
      "GET 200",
      "POST 201",
      "GET 200",
      "PATCH 200",
      ...Array(seeded.results.length + 1).fill("GET 200"),
      "DELETE 204",
      "GET 404",
    ]);
    expect(log[1]?.path).toBe("/api/projects/1/groups_types/0/metrics/");
  });

  it("reports PostHog's field errors with the field, and sends nothing for input the client can judge", async () => {
    const client = kit.client();
    const warehouse = failure(() =>
      client.metrics.create(0, { name: "Warehouse", filters: { source: "data_warehouse" } }),
    );
    expect(warehouse).toMatchObject({ code: "validation", status: 400, field: "filters" });
    expect(warehouse.message).toContain('"filters"');

    const badInterval = failure(() =>
      client.metrics.update(0, (client.metrics.list(0).results[0] as { id: string }).id, {
        interval: "soon" as unknown as number,
      }),
    );
    expect(badInterval).toMatchObject({ code: "validation", field: "interval" });
    expect(badInterval.detail).toBe("A valid integer is required.");

    const local = failure(() => client.metrics.create(0, { ...input, math: "sum" }));
    expect(local).toMatchObject({ code: "invalid_input", field: "math_property" });
    expect(failure(() => client.metrics.get(0, "not-a-uuid"))).toMatchObject({ code: "not_found" });
    // create 400, list, update 400, get 404: the local refusal sent nothing.
    expect((await kit.requests()).map((e) => e.status)).toEqual([400, 200, 400, 404]);
  });

  it("does not retry a create after a server error (a duplicate name is a 500 upstream)", async () => {
    const client = kit.client();
    const first = client.metrics.create(1, { ...input, name: "Contract: dup" });
    const dup = failure(() => client.metrics.create(1, { ...input, name: "Contract: dup" }));
    expect(dup).toMatchObject({ code: "server_error", status: 500 });
    expect(kit.slept).toEqual([]);
    expect((await kit.requests({ method: "POST" })).map((e) => e.status)).toEqual([201, 500]);
    client.metrics.delete(1, first.id);
  });
});

itKeepsTheRequestLogClean(kit);

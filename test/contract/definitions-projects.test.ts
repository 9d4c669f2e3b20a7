// Contract: group property definitions, users/@me and project discovery against the local PostHog.
import { describe, expect, it } from "vitest";
import { failure, itKeepsTheRequestLogClean, useContract } from "./kit.ts";

const kit = useContract({ groups: 150 });

describe("group property definitions", () => {
  it("lists a group type's property names with their types, in name order, by limit/offset pages", async () => {
    const client = kit.client();
    const page = client.propertyDefinitions.list({ groupTypeIndex: 0 });
    const byName = new Map(page.results.map((d) => [d.name, d]));
    expect(byName.get("name")).toMatchObject({ property_type: "String", is_numerical: false });
    expect(byName.get("employees")).toMatchObject({ property_type: "Numeric", is_numerical: true });
    expect(byName.get("is_paying")).toMatchObject({ property_type: "Boolean" });
    const names = page.results.map((d) => d.name);
    expect(names).toEqual([...names].sort());
    expect(page.count).toBe(names.length);

    const paged = client.propertyDefinitions.listAll({ groupTypeIndex: 0, pageSize: 4 });
    expect(paged.items.map((d) => d.name)).toEqual(names);
    expect(paged.pages).toBe(Math.ceil(names.length / 4));

    const other = client.propertyDefinitions.list({ groupTypeIndex: 1 }).results.map((d) => d.name);
    expect(other).not.toEqual(names);
    const log = await kit.requests();
    expect(log[0]?.query).toEqual({ type: "group", group_type_index: "0" });
    expect(log).toHaveLength(2 + paged.pages);
  });

  it("searches names by every word, and picks up properties the API writes with their detected type", async () => {
    const client = kit.client();
    expect(
      client.propertyDefinitions
        .list({ groupTypeIndex: 0, search: "LAST seen" })
        .results.map((d) => d.name),
    ).toEqual(["last_seen_at"]);

    client.groups.create({
      groupTypeIndex: 0,
      groupKey: "contract-defs",
      properties: { contract_score: 4.5, contract_flag: "TRUE", contract_label: "x" },
    });
    const found = client.propertyDefinitions.list({
      groupTypeIndex: 0,
      search: "contract",
    }).results;
    expect(found.map((d) => [d.name, d.property_type])).toEqual([
      ["contract_flag", "Boolean"],
      ["contract_label", "String"],
      ["contract_score", "Numeric"],
    ]);
  });
});

describe("users/@me and projects", () => {
  it("validates a key through users/@me", async () => {
    const me = kit.client().projects.me();
    expect(me).toMatchObject({ email: "max@hogflix.example", team: { id: 1 } });
    expect(me.organization?.name).toBe("Hogflix Inc.");
    const other = kit.client({ apiKey: kit.ph.otherUserKey }).projects.me();
    expect(other.email).toBe("olga@elsewhere.example");
    expect((await kit.requests()).map((e) => [e.path, e.status])).toEqual([
      ["/api/users/@me/", 200],
      ["/api/users/@me/", 200],
    ]);
  });

  it("lists the projects a key can see, gets one, and finds the current one", async () => {
    const client = kit.client();
    expect(client.projects.list().results.map((p) => [p.id, p.name])).toEqual([
      [1, "Hogflix Production"],
      [2, "Hogflix Sandbox"],
    ]);
    const paged = client.projects.listAll({ pageSize: 1 });
    expect(paged).toMatchObject({ partial: false, pages: 2 });
    expect(client.projects.get()).toMatchObject({ id: 1, name: "Hogflix Production" });
    expect(kit.client({ projectId: 2 }).projects.get()).toMatchObject({
      id: 2,
      name: "Hogflix Sandbox",
    });
    expect(client.projects.current()).toMatchObject({ id: 1 });
    const project = client.projects.get();
    expect(project.api_token).toBe(kit.ph.projectToken);

    const outsider = kit.client({ apiKey: kit.ph.otherUserKey });
    expect(outsider.projects.list().results.map((p) => p.name)).toEqual(["Elsewhere App"]);
    expect(outsider.projects.current()).toMatchObject({ id: 3 });
  });

  it("narrows the projects of a project-scoped key, which cannot use another project", async () => {
    const key = await kit.newKey({ scopedTeams: [2] });
    const scoped = kit.client({ apiKey: key.key });
    expect(scoped.projects.list().results.map((p) => p.id)).toEqual([2]);
    const denied = failure(() => scoped.projects.get());
    expect(denied).toMatchObject({ code: "no_project_access", status: 403 });
    expect(kit.client({ apiKey: key.key, projectId: 2 }).projects.get().id).toBe(2);
    expect(failure(() => kit.client({ projectId: 3 }).projects.get())).toMatchObject({
      code: "no_project_access",
      detail: "You don't have access to the project.",
    });
    expect(failure(() => kit.client({ projectId: 9 }).projects.get())).toMatchObject({
      code: "not_found",
      detail: "Project not found.",
    });
  });
});

itKeepsTheRequestLogClean(kit);

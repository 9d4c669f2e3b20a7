// Connecting a spreadsheet to PostHog through the real bundle: the key is checked before it is kept, and kept only by its owner.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAppsScriptRuntime } from "../../runtime/index.ts";
import { OWNER, startWorld, type World } from "../../scripts/local-world.ts";
import type { ConnectionView, ProjectView, RpcResult } from "../../src/shared/rpc.ts";
import { featureAccess, requestedScopes } from "../../src/shared/scopes.ts";

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world.close());

describe("connect", () => {
  it("refuses a bad key, says so by the key field, and keeps nothing", () => {
    const result = world.call("connect", {
      host: world.posthog.url,
      apiKey: "phx_not_a_real_key_1234",
    });
    expect(result).toMatchObject({ ok: false, code: "invalid_key", field: "apiKey" });
    expect(JSON.stringify(result)).not.toContain("phx_not_a_real_key_1234");
    expect(world.runtime.properties.user(OWNER).size).toBe(0);
  });

  it("refuses a host that is not https, naming the host field", () => {
    const result = world.call("connect", {
      host: "http://posthog.example.com",
      apiKey: world.posthog.personalApiKey,
    });
    expect(result).toMatchObject({ ok: false, code: "invalid_input", field: "host" });
  });

  it("checks a good key, keeps it in the user's own properties only, and lists its projects", () => {
    const key = world.posthog.personalApiKey;
    const { connection, projects } = world.ok<{
      connection: ConnectionView;
      projects: ProjectView[];
    }>("connect", {
      host: world.posthog.url,
      apiKey: key,
    });
    expect(projects.map((p) => p.id)).toContain(world.posthog.projectId);
    // Each project's own name and id, never the organization's id in its place.
    for (const p of projects) expect(Object.keys(p).sort()).toEqual(["id", "name"]);
    expect(connection.keyHint).toBe(`••••${key.slice(-4)}`);
    expect(JSON.stringify(connection)).not.toContain(key);
    expect([...world.runtime.properties.user(OWNER).values()]).toContain(key);
    expect(JSON.stringify([...world.runtime.properties.document("doc-flows")])).not.toContain(key);
    expect(JSON.stringify([...world.runtime.properties.script])).not.toContain(key);
  });

  it("remembers the project for the document and learns whether the key may query", () => {
    const view = world.ok<ConnectionView>("selectProject", { projectId: world.posthog.projectId });
    expect(view).toMatchObject({ projectId: world.posthog.projectId, canQuery: true });
    expect(world.ok<ConnectionView>("getConnection")).toEqual(view);
  });

  it("says which scope a key lacks when it cannot read groups", async () => {
    const limited = await world.posthog.control.createKey({
      scopes: ["user:read", "project:read"],
    });
    world.ok("connect", { host: world.posthog.url, apiKey: limited.key });
    const result = world.call("selectProject", { projectId: world.posthog.projectId });
    expect(result).toMatchObject({ ok: false, code: "missing_scope" });
    expect(result.ok ? "" : result.message).toContain("group:read");
  });

  it("marks a key without query:read, so pulls use the REST list", () => {
    world.ok("connect", { host: world.posthog.url, apiKey: world.posthog.readOnlyKey });
    expect(
      world.ok<ConnectionView>("selectProject", { projectId: world.posthog.projectId }).canQuery,
    ).toBe(false);
  });

  it("reads the key's scopes after connecting (personal_api_keys/@current/) and keeps them with the key", async () => {
    const since = (await world.posthog.control.requests()).length;
    const { connection } = world.ok<{ connection: ConnectionView }>("connect", {
      host: world.posthog.url,
      apiKey: world.posthog.personalApiKey,
    });
    expect([...(connection.scopes ?? [])].sort()).toEqual([...requestedScopes()].sort());
    const paths = (await world.posthog.control.requests()).slice(since).map((e) => e.path);
    expect(paths).toContain("/api/personal_api_keys/@current/");
    const view = world.ok<ConnectionView>("selectProject", { projectId: world.posthog.projectId });
    expect(world.ok<ConnectionView>("getConnection")).toEqual(view);
    expect(featureAccess(view.scopes ?? []).every((f) => f.allowed)).toBe(true);
  });

  it("shows a key without usage_metric:write as losing exactly the metric forms", async () => {
    const key = await world.posthog.control.createKey({
      scopes: requestedScopes().filter((s) => s !== "usage_metric:write"),
    });
    world.ok("connect", { host: world.posthog.url, apiKey: key.key });
    const view = world.ok<ConnectionView>("selectProject", { projectId: world.posthog.projectId });
    const lost = featureAccess(view.scopes ?? []).filter((f) => !f.allowed);
    expect(lost.map((f) => [f.id, f.missing])).toEqual([
      ["pull_metrics", ["usage_metric:read"]],
      ["manage_metrics", ["usage_metric:write"]],
      ["metric_values", ["usage_metric:read"]],
    ]);
  });

  it("refuses a key without scopes at once, naming the first scope PostHog asked for", () => {
    const result = world.call("connect", {
      host: world.posthog.url,
      apiKey: world.posthog.noScopesKey,
    });
    expect(result).toMatchObject({ ok: false, code: "missing_scope" });
    expect(result.ok ? "" : result.message).toContain("user:read");
  });

  it("turns away a project token or a project secret key in the form, before asking PostHog", async () => {
    const since = (await world.posthog.control.requests()).length;
    for (const [apiKey, kind] of [
      [world.posthog.projectToken, "project token (phc_…)"],
      ["phs_AbCdEf0123456789", "project secret key (phs_…)"],
    ] as const) {
      const result = world.call("connect", { host: world.posthog.url, apiKey });
      expect(result).toMatchObject({ ok: false, code: "invalid_input", field: "apiKey" });
      const message = result.ok ? "" : result.message;
      expect(message).toContain(kind);
      expect(message).toContain("personal API key (phx_…)");
      expect(message).not.toContain(apiKey);
    }
    expect((await world.posthog.control.requests()).length).toBe(since);
  });

  it("forgets the key on disconnect", () => {
    world.ok("disconnect");
    expect(world.ok("getConnection")).toBeNull();
    expect(world.runtime.properties.user(OWNER).size).toBe(0);
  });
});

describe("pulling without query:read", () => {
  it("uses the REST list and hints once that query:read makes pulls faster", () => {
    world.connect(world.posthog.readOnlyKey);
    const first = world.ok<{ hint?: string; status: string }>("startPull", {
      entity: "groups",
      groupTypeIndex: 2,
    });
    expect(first.hint).toMatch(/query:read/);
    const again = world.ok<{ hint?: string }>("refreshActiveSheet");
    expect(again.hint).toBeUndefined();
  });
});

describe("a host that cannot be reached", () => {
  it("fails at the first refused connection, naming the reason, without retrying", () => {
    const refused = "http://127.0.0.1:1";
    const runtime = createAppsScriptRuntime({
      distDir: "dist",
      extraUrlAllowlist: [`${refused}/`],
      sleep: "virtual",
    });
    try {
      runtime.addDocument({ id: "doc-refused", name: "Refused", owner: OWNER });
      const result = runtime.run(
        "connect",
        [{ host: refused, apiKey: world.posthog.personalApiKey }],
        { user: OWNER, documentId: "doc-refused" },
      ) as RpcResult<unknown>;
      expect(result).toMatchObject({ ok: false, code: "network", field: "host" });
      if (result.ok) return;
      expect(result.message).toContain("refused the connection");
      expect(result.message).not.toContain(world.posthog.personalApiKey);
      expect(runtime.counts()["UrlFetchApp.requests"]).toBe(1);
      expect(runtime.counts()["Utilities.sleep"] ?? 0).toBe(0);
    } finally {
      runtime.close();
    }
  });
});

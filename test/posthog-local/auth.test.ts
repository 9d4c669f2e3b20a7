// Authentication, scopes, key project scoping, membership and the error envelope of the local PostHog.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalPostHog, startLocalPostHog } from "../../posthog-local/index";
import { client } from "./helpers";

let ph: LocalPostHog;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  ph = await startLocalPostHog({ groups: 50 });
  api = client(ph);
});
afterAll(() => ph.close());

describe("authentication", () => {
  it("answers 401 not_authenticated without a key", async () => {
    const res = await api.get("/api/projects/1/groups_types/", { key: null });
    // groups_types' first authenticator sends no WWW-Authenticate, so DRF turns the 401 into 403.
    expect(res.status).toBe(403);
    const groups = await api.get("/api/projects/1/groups/?group_type_index=0", { key: null });
    expect(groups.status).toBe(401);
    expect(groups.json).toEqual({
      type: "authentication_error",
      code: "not_authenticated",
      detail: "Authentication credentials were not provided.",
      attr: null,
    });
  });

  it("answers 401 authentication_failed for an unknown key, naming where it was found", async () => {
    const res = await api.get("/api/users/@me/", { key: "phx_nope" });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({
      type: "authentication_error",
      code: "authentication_failed",
      detail: "Personal API key found in request Authorization header is invalid.",
      attr: null,
    });
    const q = await api.get("/api/users/@me/?personal_api_key=phx_nope", { key: null });
    expect(q.json.detail).toBe("Personal API key found in request query string is invalid.");
    const b = await api.call("POST", "/api/projects/1/groups/", {
      key: null,
      body: { personal_api_key: "phx_nope" },
    });
    expect(b.json.detail).toBe("Personal API key found in request body is invalid.");
  });

  it("accepts the key in the query string and in the body", async () => {
    expect(
      (await api.get(`/api/users/@me/?personal_api_key=${ph.personalApiKey}`, { key: null }))
        .status,
    ).toBe(200);
    const res = await api.call("POST", "/api/projects/1/groups/", {
      key: null,
      body: { personal_api_key: ph.personalApiKey, group_type_index: 0, group_key: "body-key-co" },
    });
    expect(res.status).toBe(201);
  });

  it("tries only the first key found (header beats query string)", async () => {
    const res = await api.get(`/api/users/@me/?personal_api_key=${ph.personalApiKey}`, {
      key: "phx_wrong",
    });
    expect(res.status).toBe(401);
  });

  it("rejects a revoked key", async () => {
    const key = await ph.control.createKey({ scopes: ["user:read"] });
    expect((await api.get("/api/users/@me/", { key: key.key })).status).toBe(200);
    await ph.control.revokeKey(key.id);
    expect((await api.get("/api/users/@me/", { key: key.key })).json.code).toBe(
      "authentication_failed",
    );
  });
});

describe("scopes", () => {
  it("names the missing scope", async () => {
    const key = await ph.control.createKey({ scopes: ["cohort:read"] });
    const res = await api.get("/api/projects/1/groups/?group_type_index=0", { key: key.key });
    expect(res.status).toBe(403);
    expect(res.json).toEqual({
      type: "authentication_error",
      code: "permission_denied",
      detail: "API key missing required scope 'group:read'",
      attr: null,
    });
  });

  it("lets :write satisfy :read but not the other way round", async () => {
    const writer = await ph.control.createKey({ scopes: ["group:write"] });
    expect(
      (await api.get("/api/projects/1/groups/?group_type_index=0", { key: writer.key })).status,
    ).toBe(200);
    const reader = await ph.control.createKey({ scopes: ["group:read"] });
    const res = await api.post(
      "/api/projects/1/groups/",
      { group_type_index: 0, group_key: "x-1" },
      { key: reader.key },
    );
    expect(res.json.detail).toBe("API key missing required scope 'group:write'");
  });

  it("needs both cohort:read and person:read for cohort persons", async () => {
    const key = await ph.control.createKey({ scopes: ["cohort:read"] });
    const res = await api.get("/api/projects/1/cohorts/1/persons/", { key: key.key });
    expect(res.json.detail).toBe("API key missing required scope 'person:read'");
  });

  it("treats query POST as a read: query:read is enough, the read-only key lacks it", async () => {
    const key = await ph.control.createKey({ scopes: ["query:read"] });
    const sql = "SELECT count() AS n FROM groups WHERE index = 0";
    expect((await api.query(sql, {}, {}, { key: key.key })).status).toBe(200);
    const ro = await api.query(sql, {}, {}, { key: ph.readOnlyKey });
    expect(ro.status).toBe(403);
    expect(ro.json.detail).toBe("API key missing required scope 'query:read'");
  });

  it("lets `*` through and refuses keys without scopes (null or []) everywhere", async () => {
    const star = await ph.control.createKey({ scopes: ["*"] });
    expect((await api.get("/api/projects/1/cohorts/", { key: star.key })).status).toBe(200);
    // posthog/permissions.py get_authenticator_scopes: `list(key.scopes or [])`, so no scope at all.
    for (const key of [ph.noScopesKey, ph.legacyKey]) {
      for (const [path, scope] of [
        ["/api/users/@me/", "user:read"],
        ["/api/projects/", "project:read"],
        ["/api/projects/1/cohorts/", "cohort:read"],
        ["/api/projects/1/groups/?group_type_index=0", "group:read"],
      ] as const) {
        const res = await api.get(path, { key });
        expect(res.status, path).toBe(403);
        expect(res.json.detail, path).toBe(`API key missing required scope '${scope}'`);
      }
    }
  });

  it("lets keys without scopes do anything only with the old self-hosted setting", async () => {
    await ph.control.settings({ legacyKeysAllowed: true });
    try {
      for (const key of [ph.noScopesKey, ph.legacyKey])
        expect((await api.get("/api/projects/1/cohorts/", { key })).status).toBe(200);
    } finally {
      await ph.control.settings({ legacyKeysAllowed: false });
    }
  });

  it("refuses update_metadata to every personal key, even `*` or one without scopes", async () => {
    const body = [{ group_type_index: 0, name_singular: "account", name_plural: "accounts" }];
    const star = await ph.control.createKey({ scopes: ["*"] });
    for (const key of [ph.personalApiKey, star.key, ph.noScopesKey, ph.legacyKey]) {
      const res = await api.patch("/api/projects/1/groups_types/update_metadata/", body, { key });
      expect(res.status).toBe(403);
      expect(res.json.detail).toBe("This action does not support personal API key access");
    }
  });

  it("lets a key without scopes rename group types only on an old self-hosted version", async () => {
    const body = [{ group_type_index: 0, name_singular: "account", name_plural: "accounts" }];
    await ph.control.settings({ legacyKeysAllowed: true });
    try {
      const legacy = await api.patch("/api/projects/1/groups_types/update_metadata/", body, {
        key: ph.noScopesKey,
      });
      expect(legacy.status).toBe(200);
      expect(legacy.json[0].name_plural).toBe("accounts");
    } finally {
      await ph.control.settings({ legacyKeysAllowed: false });
    }
  });

  it("makes an unmapped method a 403 for scoped keys and, on old versions, a 405 for legacy ones", async () => {
    const scoped = await api.put("/api/projects/1/groups/", {});
    expect(scoped.status).toBe(403);
    expect(scoped.json.detail).toBe("This action does not support personal API key access");
    await ph.control.settings({ legacyKeysAllowed: true });
    try {
      const legacy = await api.put("/api/projects/1/groups/", {}, { key: ph.legacyKey });
      expect(legacy.status).toBe(405);
      expect(legacy.json).toEqual({
        type: "invalid_request",
        code: "method_not_allowed",
        detail: 'Method "PUT" not allowed.',
        attr: null,
      });
    } finally {
      await ph.control.settings({ legacyKeysAllowed: false });
    }
  });
});

describe("scopes per endpoint", () => {
  const only = async (scopes: string[]) => (await ph.control.createKey({ scopes })).key;

  it("needs usage_metric:read to list metrics and usage_metric:write to create one (GroupUsageMetricViewSet)", async () => {
    const path = "/api/projects/1/groups_types/0/metrics/";
    const group = await only(["group:write"]);
    const list = await api.get(path, { key: group });
    expect(list.status).toBe(403);
    expect(list.json.detail).toBe("API key missing required scope 'usage_metric:read'");
    const reader = await only(["usage_metric:read"]);
    expect((await api.get(path, { key: reader })).status).toBe(200);
    const body = { name: "Events", filters: { events: [{ id: "$pageview", type: "events" }] } };
    const create = await api.post(path, body, { key: reader });
    expect(create.status).toBe(403);
    expect(create.json.detail).toBe("API key missing required scope 'usage_metric:write'");
  });

  it("needs cohort:write for every cohort write, cohort:read being not enough", async () => {
    const reader = await only(["cohort:read", "person:read"]);
    const writes: Array<[string, string, unknown]> = [
      ["POST", "/api/projects/1/cohorts/", { name: "x", is_static: true }],
      ["PATCH", "/api/projects/1/cohorts/1/", { name: "y" }],
      ["PATCH", "/api/projects/1/cohorts/1/", { deleted: true }],
      ["PATCH", "/api/projects/1/cohorts/1/add_persons_to_static_cohort/", { person_ids: [] }],
      ["PATCH", "/api/projects/1/cohorts/1/remove_person_from_static_cohort/", { person_id: "x" }],
      ["GET", "/api/projects/1/cohorts/1/duplicate_as_static_cohort/", undefined],
    ];
    for (const [method, path, body] of writes) {
      const res =
        method === "GET"
          ? await api.get(path, { key: reader })
          : method === "POST"
            ? await api.post(path, body, { key: reader })
            : await api.patch(path, body, { key: reader });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.json.detail, `${method} ${path}`).toBe(
        "API key missing required scope 'cohort:write'",
      );
    }
  });

  it("needs activity_log:read for group and cohort activity, group:write being not enough", async () => {
    const key = await only(["group:write", "cohort:write"]);
    for (const path of [
      "/api/projects/1/groups/activity/?group_type_index=0&group_key=x",
      "/api/projects/1/cohorts/activity/",
      "/api/projects/1/cohorts/1/activity/",
    ]) {
      const res = await api.get(path, { key });
      expect(res.status, path).toBe(403);
      expect(res.json.detail, path).toBe("API key missing required scope 'activity_log:read'");
    }
  });
});

describe("personal_api_keys/@current", () => {
  it("returns the key's own record with its scopes, with no scope needed", async () => {
    const key = await ph.control.createKey({ scopes: ["cohort:read"], label: "sheets" });
    const res = await api.get("/api/personal_api_keys/@current/", { key: key.key });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      label: "sheets",
      value: null,
      scopes: ["cohort:read"],
      scoped_teams: null,
      scoped_organizations: null,
    });
    expect(JSON.stringify(res.json)).not.toContain(key.key);
  });

  it("shows a key without scopes as `*` (to_representation), though that key is refused elsewhere", async () => {
    const res = await api.get("/api/personal_api_keys/@current/", { key: ph.noScopesKey });
    expect(res.json.scopes).toEqual(["*"]);
  });

  it("lets a personal key read only itself: the list is refused, and a missing key is a 401", async () => {
    const list = await api.get("/api/personal_api_keys/");
    expect(list.status).toBe(403);
    expect(list.json.detail).toBe("This action does not support Personal API Key access");
    const none = await api.get("/api/personal_api_keys/@current/", { key: null });
    expect(none.status).toBe(401);
  });
});

describe("other kinds of key", () => {
  it("reads a project token (phc_) as a personal key that does not exist", async () => {
    const res = await api.get("/api/users/@me/", { key: ph.projectToken });
    expect(res.status).toBe(401);
    expect(res.json.detail).toBe(
      "Personal API key found in request Authorization header is invalid.",
    );
  });

  it("authenticates nobody with a project secret key (phs_): the personal key authenticator steps aside", async () => {
    const res = await api.get("/api/projects/1/groups/?group_type_index=0", {
      key: "phs_0123456789abcdef",
    });
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({
      code: "not_authenticated",
      detail: "Authentication credentials were not provided.",
    });
  });
});

describe("projects", () => {
  it("refuses keys scoped to other projects", async () => {
    const key = await ph.control.createKey({ scopes: ["*"], scopedTeams: [2] });
    const res = await api.get("/api/projects/1/groups_types/", { key: key.key });
    expect(res.status).toBe(403);
    expect(res.json.detail).toBe("API key does not have access to the requested project: ID 1.");
    expect((await api.get("/api/projects/2/groups_types/", { key: key.key })).status).toBe(200);
  });

  it("refuses a user who is not in the project's organisation", async () => {
    const res = await api.get("/api/projects/1/cohorts/", { key: ph.otherUserKey });
    expect(res.status).toBe(403);
    expect(res.json.detail).toBe("You don't have access to the project.");
  });

  it("answers 404 Project not found. for unknown and non-integer ids", async () => {
    for (const id of ["999", "abc"]) {
      const res = await api.get(`/api/projects/${id}/cohorts/`);
      expect(res.status).toBe(404);
      expect(res.json.detail).toBe("Project not found.");
    }
  });

  it("resolves @current and the environments alias (groups and query only)", async () => {
    expect((await api.get("/api/projects/@current/groups_types/")).json).toHaveLength(3);
    expect((await api.get("/api/environments/1/groups/?group_type_index=0")).status).toBe(200);
    const env = await api.get("/api/environments/1/cohorts/");
    expect(env.status).toBe(404);
    expect(env.json.detail).toBe("Endpoint not found.");
  });

  it("validates keys with users/@me and lists projects with their api_token", async () => {
    const me = await api.get("/api/users/@me/");
    expect(me.json.email).toBe("max@hogflix.example");
    expect(me.json.team.api_token).toBe(ph.projectToken);
    const projects = await api.get("/api/projects/");
    expect(projects.json.count).toBe(2);
    expect(projects.json.results.map((p: { id: number }) => p.id)).toEqual([1, 2]);
    expect((await api.get("/api/projects/@current/")).json.id).toBe(1);
  });

  it("lets a GET `token` query parameter pick the project, and fails authentication when it matches none", async () => {
    const res = await api.get("/api/projects/2/groups_types/?token=phc_unknown");
    expect(res.status).toBe(401);
    const other = await api.get(`/api/projects/2/groups_types/?token=${ph.projectToken}`);
    expect(other.json).toHaveLength(3); // project 1's three types, not project 2's two
  });
});

describe("routing", () => {
  it("accepts paths with and without the trailing slash", async () => {
    expect((await api.get("/api/projects/1/groups_types")).status).toBe(200);
    expect((await api.get("/api/projects/1/groups_types/")).status).toBe(200);
  });

  it("answers unknown /api paths with Endpoint not found.", async () => {
    const res = await api.get("/api/projects/1/nothing_here/");
    expect(res.status).toBe(404);
    expect(res.json).toEqual({
      type: "invalid_request",
      code: "not_found",
      detail: "Endpoint not found.",
      attr: null,
    });
  });
});

// Contract: every error class the client reports, produced by the local PostHog (real answers and injected faults).
import { afterEach, describe, expect, it } from "vitest";
import { readResult } from "../../src/api/http.ts";
import type { HttpRequest } from "../../src/api/transport.ts";
import { createUrlFetchTransport } from "../../src/platform/url-fetch-transport.gas.ts";
import { failure, itKeepsTheRequestLogClean, useContract } from "./kit.ts";

const kit = useContract({ groups: 350 });
const company = { groupTypeIndex: 0, groupKey: "acme-00012" };

afterEach(async () => {
  await kit.control.clearFaults();
});

/** A request sent by hand through the same UrlFetchApp adapter (not through the client). */
function raw(method: HttpRequest["method"], path: string, apiKey?: string) {
  const headers: Record<string, string> = { accept: "application/json" };
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  const result = createUrlFetchTransport().send({ method, url: `${kit.url}${path}`, headers });
  const outcome = readResult(result, { method, path }, kit.clock());
  return { result, error: outcome.ok ? null : outcome.error };
}

describe("authentication and permission errors", () => {
  it("not_authenticated: PostHog's own 401 for a request without a key (the client always sends one)", () => {
    const { result, error } = raw("GET", "/api/projects/1/groups/?group_type_index=0");
    expect(result).toMatchObject({ kind: "response", status: 401 });
    expect(result.kind === "response" && JSON.parse(result.body)).toMatchObject({
      type: "authentication_error",
      code: "not_authenticated",
    });
    expect(error).toMatchObject({ code: "not_authenticated", status: 401 });
    // groups_types answers auth failures with 403, still not_authenticated.
    expect(raw("GET", "/api/projects/1/groups_types/").error).toMatchObject({
      code: "not_authenticated",
      status: 403,
    });
  });

  it("invalid_key: a revoked or unknown key is a 401, never retried", async () => {
    const key = await kit.newKey();
    await kit.control.revokeKey(key.id);
    const revoked = failure(() =>
      kit.client({ apiKey: key.key }).groups.list({ groupTypeIndex: 0 }),
    );
    expect(revoked).toMatchObject({ code: "invalid_key", status: 401 });
    expect(revoked.message).not.toContain(key.key);
    const unknown = failure(() => kit.client({ apiKey: "phx_not_a_real_key" }).projects.me());
    expect(unknown).toMatchObject({ code: "invalid_key", status: 401 });
    expect(kit.slept).toEqual([]);
    expect((await kit.requests()).map((e) => e.status)).toEqual([401, 401]);
  });

  it("missing_scope names the scope: writes with a read-only key, objects the key has no scope for", async () => {
    const readOnly = kit.client({ apiKey: kit.ph.readOnlyKey });
    expect(
      failure(() => readOnly.groups.updateProperty({ ...company, key: "a", value: 1 })),
    ).toMatchObject({
      code: "missing_scope",
      scope: "group:write",
      status: 403,
    });
    expect(failure(() => readOnly.cohorts.create({ name: "x" }))).toMatchObject({
      scope: "cohort:write",
    });
    expect(failure(() => readOnly.query.countGroups({ groupTypeIndex: 0 }))).toMatchObject({
      scope: "query:read",
    });

    const groupsOnly = kit.client({ apiKey: (await kit.newKey({ scopes: ["group:read"] })).key });
    expect(groupsOnly.groups.find(company).group_key).toBe(company.groupKey);
    expect(failure(() => groupsOnly.cohorts.list())).toMatchObject({ scope: "cohort:read" });
    expect(failure(() => groupsOnly.metrics.list(0))).toMatchObject({ scope: "usage_metric:read" });
    expect(failure(() => groupsOnly.projects.me())).toMatchObject({ scope: "user:read" });
    const cohortOnly = kit.client({ apiKey: (await kit.newKey({ scopes: ["cohort:read"] })).key });
    expect(failure(() => cohortOnly.cohorts.persons(1))).toMatchObject({ scope: "person:read" });
  });

  it("no_project_access: another organisation's key, and a key scoped to another project", async () => {
    const outsider = failure(() =>
      kit.client({ apiKey: kit.ph.otherUserKey }).groups.list({ groupTypeIndex: 0 }),
    );
    expect(outsider).toMatchObject({ code: "no_project_access", status: 403 });
    const scoped = kit.client({ apiKey: (await kit.newKey({ scopedTeams: [2] })).key });
    expect(failure(() => scoped.groups.find(company))).toMatchObject({ code: "no_project_access" });
  });

  it("forbidden: an action PostHog refuses to scoped keys", () => {
    const error = failure(() =>
      kit.client().groupTypes.updateMetadata([{ groupTypeIndex: 0, nameSingular: "x" }]),
    );
    expect(error).toMatchObject({ code: "forbidden", status: 403 });
  });
});

describe("request errors", () => {
  it("not_found: an unknown group on find and update_property, and a cohort's activity (404, empty body)", () => {
    const client = kit.client();
    const missing = { groupTypeIndex: 0, groupKey: "nobody-here" };
    expect(failure(() => client.groups.find(missing))).toMatchObject({
      code: "not_found",
      status: 404,
    });
    expect(
      failure(() => client.groups.updateProperty({ ...missing, key: "a", value: 1 })),
    ).toMatchObject({
      code: "not_found",
    });
    expect(failure(() => client.cohorts.activity(424_242))).toMatchObject({
      code: "not_found",
      status: 404,
      detail: null,
    });
  });

  it("validation: PostHog's 400 with its field and message", () => {
    const client = kit.client();
    const error = failure(() => client.groups.deleteProperty({ ...company, key: "never_set" }));
    expect(error).toMatchObject({ code: "validation", status: 400, field: "$unset" });
    expect(error.detail).toBe("Property 'never_set' does not exist on this group.");
    expect(error.message).toBe(`PostHog rejected "$unset": ${error.detail}`);
  });

  it("method_not_allowed: cohort DELETE is a 405 with an empty body (the client soft-deletes instead)", () => {
    const { result, error } = raw("DELETE", "/api/projects/1/cohorts/1/", kit.ph.personalApiKey);
    expect(result).toMatchObject({ kind: "response", status: 405, body: "" });
    expect(error).toMatchObject({ code: "method_not_allowed", status: 405 });
  });
});

describe("server and network failures", () => {
  it("server_error after the retries: 500 on every attempt, with backoff 1, 2, 4, 8 s", async () => {
    await kit.control.addFault({ path: "/groups/find/", kind: "status", status: 500, count: null });
    const error = failure(() => kit.client().groups.find(company));
    expect(error).toMatchObject({ code: "server_error", status: 500 });
    expect(kit.slept).toEqual([1000, 2000, 4000, 8000]);
    expect((await kit.requests()).map((e) => e.status)).toEqual([500, 500, 500, 500, 500]);
  });

  it("retries 502 and 503 (gateway HTML pages) and then succeeds", async () => {
    await kit.control.addFault({ path: "/groups/find/", kind: "status", status: 502 });
    await kit.control.addFault({ path: "/groups/find/", kind: "status", status: 503 });
    expect(kit.client().groups.find(company).group_key).toBe(company.groupKey);
    expect(kit.slept).toEqual([1000, 2000]);
    expect((await kit.requests()).map((e) => e.status)).toEqual([502, 503, 200]);
  });

  it("does not retry a create after a 502: it may have happened", async () => {
    await kit.control.addFault({ path: "/groups/$", method: "POST", kind: "status", status: 502 });
    const error = failure(() =>
      kit.client().groups.create({ groupTypeIndex: 0, groupKey: "contract-502" }),
    );
    expect(error).toMatchObject({ code: "server_error", status: 502 });
    expect(kit.slept).toEqual([]);
    expect(await kit.requests()).toHaveLength(1);
  });

  // The runtime's HTTP worker itself retries once when a kept-alive socket is cut (as browsers do), so
  // each fault below cuts two connections, and counts are taken at the client (kit.sent) where the server
  // log could hold one request more.
  it("network: a cut connection is retried on reads; a create cut after it was written is reported, not repeated", async () => {
    const sends = () => kit.sent.length;
    let before = sends();
    await kit.control.addFault({ path: "/groups/find/", kind: "destroy", count: 2 });
    expect(kit.client().groups.find(company).group_key).toBe(company.groupKey);
    expect(kit.slept.length).toBeGreaterThanOrEqual(1);
    expect(kit.slept).toEqual([1000, 2000].slice(0, kit.slept.length));
    expect(sends() - before).toBe(kit.slept.length + 1);
    expect((await kit.requests()).map((e) => e.status)).toEqual([null, null, 200]);

    kit.slept.length = 0;
    before = sends();
    await kit.control.addFault({ path: "/groups/find/", kind: "destroy", count: null });
    const cut = failure(() => kit.client().groups.find(company));
    expect(cut).toMatchObject({ code: "network", status: 0 });
    expect(cut.message).not.toContain(kit.url);
    expect(kit.slept).toEqual([1000, 2000, 4000, 8000]);
    expect(sends() - before).toBe(5);
    await kit.control.clearFaults();

    before = sends();
    await kit.control.addFault({
      path: "/groups/$",
      method: "POST",
      kind: "destroy",
      when: "after",
      count: 2,
    });
    const lost = failure(() =>
      kit.client().groups.create({ groupTypeIndex: 0, groupKey: "contract-cut" }),
    );
    expect(lost.code).toBe("network");
    expect(sends() - before).toBe(1);
    expect(
      kit.client().groups.find({ groupTypeIndex: 0, groupKey: "contract-cut" }).group_key,
    ).toBe("contract-cut");
  });

  it("timeout: an answer slower than UrlFetchApp's limit, not retried unless asked", async () => {
    kit.use(kit.newRuntime({ fetchTimeoutMs: 300 }));
    await kit.control.addFault({ path: "/groups/find/", kind: "delay", delayMs: 1500 });
    const error = failure(() => kit.client().groups.find(company));
    expect(error).toMatchObject({ code: "timeout", status: 0 });
    expect(kit.slept).toEqual([]);

    await kit.control.addFault({ path: "/groups/find/", kind: "delay", delayMs: 1500 });
    const patient = kit.client({ retry: { retryOnTimeout: true } });
    expect(patient.groups.find(company).group_key).toBe(company.groupKey);
    expect(kit.slept).toEqual([1000]);
  });

  it("bad_response: a truncated JSON body", async () => {
    await kit.control.addFault({ path: "/groups/$", method: "GET", kind: "malformed" });
    const error = failure(() => kit.client().groups.list({ groupTypeIndex: 0 }));
    expect(error).toMatchObject({ code: "bad_response", status: 200 });
    expect(await kit.requests()).toHaveLength(1);
  });

  it("a key revoked in the middle of a multi-page listing: the pages before arrive, then invalid_key", async () => {
    const key = await kit.newKey();
    await kit.control.revokeKey(key.id, 2);
    const client = kit.client({ apiKey: key.key });
    const seen: number[] = [];
    const error = failure(() => {
      for (const page of client.groups.pages({ groupTypeIndex: 0 })) seen.push(page.results.length);
    });
    expect(seen).toEqual([100, 100]);
    expect(error).toMatchObject({ code: "invalid_key", status: 401 });
    expect((await kit.requests()).map((e) => e.status)).toEqual([200, 200, 401]);
    expect(failure(() => client.groups.listAll({ groupTypeIndex: 0 })).code).toBe("invalid_key");
  });
});

itKeepsTheRequestLogClean(kit);

// Retry policy: what is retried, how long it waits, the total budget, and never repeating creates.
import { describe, expect, it } from "vitest";
import { PostHogError } from "../../src/api/errors";
import { DEFAULT_RETRY, planRetry, resolveRetry, retryDelay } from "../../src/api/retry";
import { envelope, KEY, P, testClient } from "./fake-transport";

const throttled = (seconds: number) => ({
  status: 429,
  body: envelope(
    "throttled_error",
    "throttled",
    `Request was throttled. Expected available in ${seconds} seconds.`,
  ),
});
const serverError = {
  status: 500,
  body: envelope("server_error", "error", "A server error occurred."),
};
const ok = { status: 200, body: [] };
const me = { status: 200, body: { uuid: "u", email: "a@b.c" } };

describe("retry policy", () => {
  it("gives up at once on a host that cannot be resolved or refuses, when asked to fail fast", () => {
    const failFast = resolveRetry({ retryUnreachable: false });
    const network = (detail: string) =>
      new PostHogError({ code: "network", message: "Could not reach PostHog.", detail });
    for (const detail of ["DNS error.", "Address unavailable."]) {
      expect(planRetry(network(detail), 0, true, failFast, 0)).toBeNull();
      expect(planRetry(network(detail), 0, true, DEFAULT_RETRY, 0)).toBe(1000);
    }
    expect(planRetry(network("Exception."), 0, true, failFast, 0)).toBe(1000);
  });

  it("has documented defaults", () => {
    expect(DEFAULT_RETRY).toEqual({
      maxRetries: 4,
      baseDelayMs: 1000,
      maxDelayMs: 60_000,
      budgetMs: 120_000,
      retryOnTimeout: false,
      retryUnreachable: true,
    });
    expect(() => resolveRetry({ budgetMs: -1 })).toThrow(
      expect.objectContaining({ code: "invalid_input" }),
    );
  });

  it("backs off exponentially, capped, with jitter only from the injected random", () => {
    const policy = resolveRetry({ baseDelayMs: 1000, maxDelayMs: 5000 });
    const e = new PostHogError({ code: "server_error", status: 502, message: "x" });
    expect([0, 1, 2, 3].map((a) => retryDelay(e, a, policy))).toEqual([1000, 2000, 4000, 5000]);
    expect(retryDelay(e, 1, policy, () => 0)).toBe(1000);
    expect(retryDelay(e, 1, policy, () => 0.5)).toBe(1500);
  });

  it("never retries 501, 4xx other than 408/429, or non-idempotent requests after 5xx", () => {
    const policy = resolveRetry();
    const make = (code: PostHogError["code"], status: number) =>
      new PostHogError({ code, status, message: "x" });
    expect(planRetry(make("server_error", 501), 0, true, policy, 0)).toBeNull();
    expect(planRetry(make("validation", 400), 0, true, policy, 0)).toBeNull();
    expect(planRetry(make("server_error", 503), 0, false, policy, 0)).toBeNull();
    expect(planRetry(make("network", 0), 0, false, policy, 0)).toBeNull();
    expect(planRetry(make("throttled", 429), 0, false, policy, 0)).toBe(1000);
    expect(planRetry(make("timeout", 0), 0, true, policy, 0)).toBeNull();
    expect(planRetry(make("timeout", 0), 0, true, resolveRetry({ retryOnTimeout: true }), 0)).toBe(
      1000,
    );
    expect(planRetry(make("timeout", 408), 0, true, policy, 0)).toBe(1000);
  });
});

describe("retries through the client", () => {
  it("waits exactly what the 429 detail says, then succeeds", () => {
    const { client, transport, time } = testClient();
    transport.on("GET", `${P}/groups_types/`, throttled(37), ok);
    expect(client.groupTypes.list()).toEqual([]);
    expect(transport.requests).toHaveLength(2);
    expect(time.sleeps).toEqual([37_000]);
  });

  it("prefers Retry-After to the detail", () => {
    const { client, transport, time } = testClient();
    transport.on(
      "GET",
      `${P}/groups_types/`,
      { ...throttled(37), headers: { "retry-after": "3" } },
      ok,
    );
    client.groupTypes.list();
    expect(time.sleeps).toEqual([3000]);
  });

  it("backs off 1, 2, 4, 8 s on 5xx and gives up after maxRetries", () => {
    const { client, transport, time } = testClient();
    transport.on("GET", `${P}/groups_types/`, serverError);
    expect(() => client.groupTypes.list()).toThrow(
      expect.objectContaining({ code: "server_error", status: 500 }),
    );
    expect(transport.requests).toHaveLength(5);
    expect(time.sleeps).toEqual([1000, 2000, 4000, 8000]);
  });

  it("retries network failures on reads", () => {
    const { client, transport } = testClient();
    transport.on("GET", "/api/users/@me/", { network: true }, me);
    expect(client.projects.me().email).toBe("a@b.c");
    expect(transport.requests).toHaveLength(2);
  });

  it("does not retry a transport timeout unless asked", () => {
    const first = testClient();
    first.transport.on("GET", "/api/users/@me/", { network: true, timedOut: true }, me);
    expect(() => first.client.projects.me()).toThrow(expect.objectContaining({ code: "timeout" }));
    expect(first.transport.requests).toHaveLength(1);
    const second = testClient({ retry: { retryOnTimeout: true } });
    second.transport.on("GET", "/api/users/@me/", { network: true, timedOut: true }, me);
    expect(second.client.projects.me().uuid).toBe("u");
  });

  it("keeps every call inside the total wait budget", () => {
    const { client, transport, time } = testClient({
      retry: { budgetMs: 100_000, maxRetries: 10 },
    });
    transport.on("GET", `${P}/groups_types/`, throttled(45));
    expect(() => client.groupTypes.list()).toThrow(
      expect.objectContaining({ code: "throttled", waitSeconds: 45 }),
    );
    expect(time.sleeps).toEqual([45_000, 45_000]);
    expect(time.slept).toBeLessThanOrEqual(100_000);
    expect(transport.requests).toHaveLength(3);
  });

  it("does not wait at all when PostHog asks for longer than one wait may last (the hourly limit)", () => {
    const { client, transport, time } = testClient();
    transport.on("GET", `${P}/groups_types/`, throttled(1800));
    expect(() => client.groupTypes.list()).toThrow(
      expect.objectContaining({ code: "throttled", waitSeconds: 1800 }),
    );
    expect(time.slept).toBe(0);
    expect(transport.requests).toHaveLength(1);
  });

  it("never retries creates after a 5xx or a network failure", () => {
    const { client, transport } = testClient();
    transport.on("POST", `${P}/groups/`, serverError);
    transport.on("POST", `${P}/cohorts/`, { network: true });
    transport.on("POST", "/batch/", { status: 503, body: "service unavailable" });
    expect(() => client.groups.create({ groupTypeIndex: 0, groupKey: "acme" })).toThrow(
      expect.objectContaining({ code: "server_error" }),
    );
    expect(() =>
      client.cohorts.create({ name: "c", filters: { properties: { type: "AND", values: [] } } }),
    ).toThrow(expect.objectContaining({ code: "network" }));
    expect(() => client.cohorts.createStaticFromCsv({ name: "c", csv: "distinct_id\nx" })).toThrow(
      expect.objectContaining({ code: "network" }),
    );
    const result = client.capture.groupIdentify(
      [{ groupType: "company", groupKey: "acme", properties: {} }],
      { projectToken: "phc_t" },
    );
    expect(result.kind).toBe("partial");
    expect(transport.to(`${P}/groups/`)).toHaveLength(1);
    expect(transport.to(`${P}/cohorts/`)).toHaveLength(2);
    expect(transport.to("/batch/")).toHaveLength(1);
  });

  it("retries a create after a 429, since PostHog did nothing", () => {
    const { client, transport } = testClient();
    transport.on("POST", `${P}/groups/`, throttled(2), {
      status: 201,
      body: { group_key: "acme" },
    });
    expect(client.groups.create({ groupTypeIndex: 0, groupKey: "acme" }).group_key).toBe("acme");
    expect(transport.requests).toHaveLength(2);
  });

  it("never repeats duplicate_as_static_cohort (a GET that writes) after a 5xx", () => {
    const { client, transport } = testClient();
    transport.on("GET", `${P}/cohorts/5/duplicate_as_static_cohort/`, serverError);
    expect(() => client.cohorts.duplicateAsStatic(5)).toThrow(
      expect.objectContaining({ code: "server_error" }),
    );
    expect(transport.requests).toHaveLength(1);
  });

  it("does not retry 4xx answers", () => {
    const { client, transport } = testClient();
    transport.on("POST", `${P}/groups/update_property/`, {
      status: 400,
      body: envelope("validation_error", "required", "This field is required.", "value"),
    });
    expect(() =>
      client.groups.updateProperty({ groupTypeIndex: 0, groupKey: "a", key: "k", value: 1 }),
    ).toThrow(expect.objectContaining({ code: "validation", field: "value" }));
    expect(transport.requests).toHaveLength(1);
    expect(transport.last.headers.authorization).toBe(`Bearer ${KEY}`);
  });
});

// Error mapping from PostHog's real error bodies, network failures, and errors as they reach callers.
import { describe, expect, it } from "vitest";
import {
  errorFromNetwork,
  errorFromResponse,
  isPostHogError,
  PostHogError,
} from "../../src/api/errors";
import type { HttpResponse } from "../../src/api/transport";
import { envelope, KEY, P, testClient } from "./fake-transport";

const ctx = { method: "GET" as const, path: "/api/projects/1/groups/" };
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

function response(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResponse {
  return {
    kind: "response",
    status,
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  };
}

function map(status: number, body: unknown, headers?: Record<string, string>): PostHogError {
  return errorFromResponse(ctx, response(status, body, headers), NOW);
}

describe("errorFromResponse: PostHog's bodies", () => {
  it("401 without credentials → not_authenticated", () => {
    const e = map(
      401,
      envelope(
        "authentication_error",
        "not_authenticated",
        "Authentication credentials were not provided.",
      ),
    );
    expect([e.code, e.status, e.method, e.path]).toEqual([
      "not_authenticated",
      401,
      "GET",
      "/api/projects/1/groups/",
    ]);
  });

  it("401 with a bad key → invalid_key", () => {
    const body = envelope(
      "authentication_error",
      "authentication_failed",
      "Personal API key found in request Authorization header is invalid.",
    );
    expect(map(401, body).code).toBe("invalid_key");
  });

  it("403 authentication_failed on groups_types (sharing authenticator first) → invalid_key", () => {
    expect(
      map(
        403,
        envelope(
          "authentication_error",
          "authentication_failed",
          "Sharing access token is invalid.",
        ),
      ).code,
    ).toBe("invalid_key");
  });

  it("403 missing scope → missing_scope with the scope parsed", () => {
    const e = map(
      403,
      envelope(
        "authentication_error",
        "permission_denied",
        "API key missing required scope 'group:read'",
      ),
    );
    expect([e.code, e.scope]).toEqual(["missing_scope", "group:read"]);
    expect(e.message).toContain("group:read");
    const q = map(
      403,
      envelope(
        "authentication_error",
        "permission_denied",
        "API key missing required scope 'query:read'",
      ),
    );
    expect(q.scope).toBe("query:read");
  });

  it("403 project access, both wordings → no_project_access", () => {
    expect(
      map(
        403,
        envelope(
          "authentication_error",
          "permission_denied",
          "You don't have access to the project.",
        ),
      ).code,
    ).toBe("no_project_access");
    expect(
      map(
        403,
        envelope(
          "authentication_error",
          "permission_denied",
          "API key does not have access to the requested project: ID 123.",
        ),
      ).code,
    ).toBe("no_project_access");
  });

  it("403 for an action closed to personal keys → forbidden with PostHog's reason", () => {
    const e = map(
      403,
      envelope(
        "authentication_error",
        "permission_denied",
        "This action does not support personal API key access",
      ),
    );
    expect(e.code).toBe("forbidden");
    expect(e.message).toContain("does not support personal API key access");
  });

  it("404 with PostHog's body, and with an empty body (cohort activity)", () => {
    const e = map(404, envelope("invalid_request", "not_found", "Group type not found"));
    expect([e.code, e.detail]).toEqual(["not_found", "Group type not found"]);
    expect(e.message).toContain("Group type not found");
    const empty = map(404, "");
    expect([empty.code, empty.detail]).toEqual(["not_found", null]);
  });

  it("405 with PostHog's body, and with an empty body (cohort DELETE)", () => {
    expect(
      map(405, envelope("invalid_request", "method_not_allowed", 'Method "PUT" not allowed.')).code,
    ).toBe("method_not_allowed");
    expect(map(405, "").code).toBe("method_not_allowed");
  });

  it("400 validation → field from attr and message from detail", () => {
    const e = map(
      400,
      envelope("validation_error", "null", "This field may not be null.", "group_key"),
    );
    expect([e.code, e.field, e.detail]).toEqual([
      "validation",
      "group_key",
      "This field may not be null.",
    ]);
    expect(e.message).toContain("group_key");
    const dup = map(
      400,
      envelope(
        "validation_error",
        "invalid_input",
        "A group with this key already exists",
        "detail",
      ),
    );
    expect(dup.detail).toBe("A group with this key already exists");
  });

  it("reads the older update_property body whose code and detail were swapped", () => {
    const e = map(400, {
      attr: "key",
      code: "This field is required.",
      detail: "required",
      type: "validation_error",
    });
    expect([e.code, e.field, e.detail]).toEqual(["validation", "key", "This field is required."]);
  });

  it("429: Retry-After wins over the detail; the detail is parsed when the header is absent", () => {
    const body = envelope(
      "throttled_error",
      "throttled",
      "Request was throttled. Expected available in 37 seconds.",
    );
    expect(map(429, body).waitSeconds).toBe(37);
    expect(map(429, body, { "retry-after": "5" }).waitSeconds).toBe(5);
    expect(
      map(
        429,
        envelope(
          "throttled_error",
          "throttled",
          "Request was throttled. Expected available in 1 second.",
        ),
      ).waitSeconds,
    ).toBe(1);
    const date = new Date(NOW + 12_000).toUTCString();
    expect(map(429, body, { "retry-after": date }).waitSeconds).toBe(12);
  });

  it("429 without any wait (the query concurrency cap) → throttled with no waitSeconds", () => {
    const detail =
      "Exceeded maximum concurrency limit: 3 for key: api:query:per-team:1 and task: abc";
    const e = map(429, envelope("throttled_error", "throttled", detail));
    expect([e.code, e.waitSeconds]).toEqual(["throttled", null]);
  });

  it("capture's plain-text bodies and HTML proxy pages", () => {
    expect(map(400, "empty batch").detail).toBe("empty batch");
    expect(map(503, "<html><body>Bad gateway</body></html>").detail).toBeNull();
    expect(map(502, "<html>").code).toBe("server_error");
  });

  it("5xx → server_error; 408 → timeout", () => {
    expect(map(500, envelope("server_error", "error", "A server error occurred.")).code).toBe(
      "server_error",
    );
    expect(
      map(504, envelope("server_error", "timeout", "This query hit the 10-second time limit"))
        .status,
    ).toBe(504);
    expect(map(408, "").code).toBe("timeout");
  });

  it("never lets a key-looking string into the message or detail", () => {
    const e = map(400, envelope("validation_error", "invalid_input", `bad value ${KEY} here`, "x"));
    expect(JSON.stringify(e.toJSON())).not.toContain(KEY);
  });
});

describe("network failures", () => {
  it("maps a cut connection to network and a platform timeout to timeout", () => {
    expect(
      errorFromNetwork(ctx, { kind: "network-error", message: "DNS error", timedOut: false }).code,
    ).toBe("network");
    expect(
      errorFromNetwork(ctx, { kind: "network-error", message: "Timeout", timedOut: true }).code,
    ).toBe("timeout");
  });
});

describe("errors through the client", () => {
  it("carry method and path without the query string, and survive JSON", () => {
    const { client, transport } = testClient();
    transport.on("GET", `${P}/groups/find/`, {
      status: 404,
      body: envelope("invalid_request", "not_found", "Not found."),
    });
    let caught: unknown;
    try {
      client.groups.find({ groupTypeIndex: 0, groupKey: "acme secret?" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PostHogError);
    const data = JSON.parse(JSON.stringify(caught));
    expect(isPostHogError(data)).toBe(true);
    expect(data).toMatchObject({
      code: "not_found",
      status: 404,
      method: "GET",
      path: `${P}/groups/find/`,
    });
    expect(JSON.stringify(data)).not.toContain("acme");
    expect(JSON.stringify(data)).not.toContain(KEY);
  });

  it("a 2xx with malformed JSON → bad_response", () => {
    const { client, transport } = testClient();
    transport.on("GET", "/api/users/@me/", { status: 200, body: "{not json" });
    expect(() => client.projects.me()).toThrow(
      expect.objectContaining({ code: "bad_response", status: 200 }),
    );
  });

  it("a 2xx of the wrong shape → bad_response", () => {
    const { client, transport } = testClient();
    transport.on("GET", `${P}/groups_types/`, { status: 200, body: { results: [] } });
    expect(() => client.groupTypes.list()).toThrow(
      expect.objectContaining({ code: "bad_response" }),
    );
  });
});

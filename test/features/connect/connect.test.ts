// Connecting: the key is checked against PostHog before it is kept, kept only in the person's own store, and the
// project choice (holding nothing secret) in the document's.
import { describe, expect, it } from "vitest";
import type { HttpRequest, HttpResponse } from "../../../src/api/transport.ts";
import type { ClientFactory, ConnectDeps } from "../../../src/features/connect/connect.ts";
import { connectionView, projectClient } from "../../../src/features/connect/connect.ts";
import { connectWith, selectProjectWith } from "../../../src/features/connect/requests.ts";
import { memoryClient, notFound, jsonReply as reply } from "../../fakes/memory-client.ts";
import { memoryStore } from "../../fakes/memory-store.ts";
import { memoryTransport } from "../../fakes/memory-transport.ts";

const KEY = "phx_goodkey1234567890abcdefgh";

/** A PostHog that knows one key, with the given scopes, and two projects. */
function world(scopes: string[] = ["*"]) {
  const handler = (request: HttpRequest): HttpResponse => {
    if (request.headers.authorization !== `Bearer ${KEY}`)
      return reply(401, {
        type: "authentication_error",
        code: "authentication_failed",
        detail: "Incorrect authentication credentials.",
        attr: null,
      });
    const path = new URL(request.url).pathname;
    if (path === "/api/users/@me/") return reply(200, { uuid: "u1", email: "me@acme.com" });
    if (path === "/api/personal_api_keys/@current/") return reply(200, { id: "k1", scopes });
    if (path === "/api/projects/")
      return reply(200, {
        count: 2,
        next: null,
        results: [
          { id: 11, name: "Web" },
          { id: 12, name: "App" },
        ],
      });
    if (path === "/api/projects/12/") return reply(200, { id: 12, name: "App" });
    if (path === "/api/projects/12/groups_types/") return reply(200, []);
    return notFound();
  };
  const transport = memoryTransport(handler);
  const made: Array<{ projectId: number; failFast: boolean }> = [];
  const makeClient: ClientFactory = (input, options) => {
    made.push({ projectId: input.projectId, failFast: options?.failFast === true });
    return memoryClient(transport, input);
  };
  const user = memoryStore();
  const document = memoryStore();
  const deps: ConnectDeps = { stores: { user, document }, makeClient };
  return { deps, user, document, transport, made };
}

describe("connecting", () => {
  it("checks the key, keeps it in the person's own store only, and lists the projects", () => {
    const { deps, user, document, made } = world(["group:read", "query:read"]);
    const result = connectWith(deps, { host: "us", apiKey: `  ${KEY} ` });
    expect(result.projects).toEqual([
      { id: 11, name: "Web" },
      { id: 12, name: "App" },
    ]);
    expect(result.connection).toMatchObject({
      host: "us",
      projectId: null,
      scopes: ["group:read", "query:read"],
    });
    expect(JSON.stringify(result)).not.toContain(KEY);
    expect([...user.data.values()]).toContain(KEY);
    expect(document.data.size).toBe(0);
    // A host just typed fails fast rather than after retries.
    expect(made[0]?.failFast).toBe(true);
  });

  it("keeps nothing when PostHog refuses the key, and says which field is wrong", () => {
    const { deps, user } = world();
    expect(() => connectWith(deps, { host: "us", apiKey: "phx_wrongkey1234567890abcdef" })).toThrow(
      expect.objectContaining({ code: "invalid_key", field: "apiKey" }),
    );
    expect(user.data.size).toBe(0);
  });

  it("reads arguments that are not strings as empty, and refuses them before any request", () => {
    const { deps, transport } = world();
    expect(() => connectWith(deps, { host: 42, apiKey: null })).toThrow();
    expect(() => connectWith(deps, "not an object")).toThrow();
    expect(transport.requests).toHaveLength(0);
  });
});

describe("choosing a project", () => {
  it("keeps the project in the document, and skips the query probe when the key may not query", () => {
    const { deps, document, transport } = world(["group:read"]);
    connectWith(deps, { host: "us", apiKey: KEY });
    const view = selectProjectWith(deps, { projectId: "12" });
    expect(view).toMatchObject({ projectId: 12, projectName: "App", canQuery: false });
    expect([...document.data.values()].join()).not.toContain(KEY);
    expect(transport.requests.some((r) => r.url.includes("/query/"))).toBe(false);
    expect(connectionView(deps)).toEqual(view);
    expect(projectClient(deps).project).toMatchObject({ projectId: 12 });
  });

  it("refuses a project before a key is saved", () => {
    const { deps, transport } = world();
    expect(() => selectProjectWith(deps, { projectId: 12 })).toThrow(
      expect.objectContaining({ code: "not_connected" }),
    );
    expect(transport.requests).toHaveLength(0);
  });
});

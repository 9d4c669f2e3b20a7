// Connection settings: hosts, key and project id checks, one message for every bad field, the key kept out of sight.
import { describe, expect, it } from "vitest";
import { createConnection } from "../../src/api/credentials";
import type { PostHogError } from "../../src/api/errors";
import { KEY } from "./fake-transport";

function failure(input: Parameters<typeof createConnection>[0]): PostHogError {
  try {
    createConnection(input);
  } catch (error) {
    return error as PostHogError;
  }
  throw new Error("expected createConnection to throw");
}

describe("createConnection", () => {
  it("maps the cloud regions to their API and ingestion hosts", () => {
    const us = createConnection({ host: "us", apiKey: KEY, projectId: 1 });
    expect([us.region, us.origin, us.captureOrigin]).toEqual([
      "us",
      "https://us.posthog.com",
      "https://us.i.posthog.com",
    ]);
    const eu = createConnection({ host: " EU ", apiKey: KEY, projectId: "17" });
    expect([eu.origin, eu.captureOrigin, eu.projectId]).toEqual([
      "https://eu.posthog.com",
      "https://eu.i.posthog.com",
      17,
    ]);
  });

  it("recognises pasted cloud URLs, including the old app host and the ingestion host", () => {
    expect(
      createConnection({ host: "https://app.posthog.com/project/1", apiKey: KEY, projectId: 1 })
        .origin,
    ).toBe("https://us.posthog.com");
    expect(
      createConnection({ host: "https://eu.i.posthog.com", apiKey: KEY, projectId: 1 }).origin,
    ).toBe("https://eu.posthog.com");
  });

  it("normalises a self-hosted https URL to its origin and uses it for capture too", () => {
    const c = createConnection({
      host: "HTTPS://PostHog.Example.com:443/some/path/?x=1",
      apiKey: KEY,
      projectId: 3,
    });
    expect([c.region, c.origin, c.captureOrigin]).toEqual([
      "self-hosted",
      "https://posthog.example.com",
      "https://posthog.example.com",
    ]);
    expect(
      createConnection({ host: "posthog.example.com", apiKey: KEY, projectId: 3 }).origin,
    ).toBe("https://posthog.example.com");
  });

  it("allows plain http only for localhost and 127.0.0.1", () => {
    expect(
      createConnection({ host: "http://localhost:8010", apiKey: KEY, projectId: 1 }).origin,
    ).toBe("http://localhost:8010");
    expect(createConnection({ host: "127.0.0.1:8010", apiKey: KEY, projectId: 1 }).origin).toBe(
      "http://127.0.0.1:8010",
    );
    const error = failure({ host: "http://posthog.example.com", apiKey: KEY, projectId: 1 });
    expect(error.code).toBe("invalid_input");
    expect(error.message).toMatch(/https/);
  });

  it("rejects user info, bad host names and bad ports", () => {
    expect(
      failure({ host: "https://user:pw@posthog.example.com", apiKey: KEY, projectId: 1 }).field,
    ).toBe("host");
    expect(failure({ host: "https://bad_host!", apiKey: KEY, projectId: 1 }).field).toBe("host");
    expect(failure({ host: "https://x.example.com:99999", apiKey: KEY, projectId: 1 }).field).toBe(
      "host",
    );
  });

  it("lists every bad field in one message and never includes the key", () => {
    const secret = "phc_projecttoken_secretvalue";
    const error = failure({ host: "ftp://x", apiKey: secret, projectId: 0 });
    expect(error.code).toBe("invalid_input");
    expect(error.field).toBe("host,apiKey,projectId");
    expect(error.message).toMatch(/Host:.*API key:.*Project id:/);
    expect(JSON.stringify(error.toJSON())).not.toContain("secretvalue");
    expect(error.message).not.toContain(secret);
  });

  it("rejects keys with spaces or control characters and non-integer project ids", () => {
    expect(failure({ host: "us", apiKey: "phx_ab cd", projectId: 1 }).field).toBe("apiKey");
    expect(failure({ host: "us", apiKey: "phx_ab\ncd", projectId: 1 }).field).toBe("apiKey");
    expect(failure({ host: "us", apiKey: KEY, projectId: 1.5 }).field).toBe("projectId");
    expect(failure({ host: "us", apiKey: KEY, projectId: "12a" }).field).toBe("projectId");
    expect(failure({ host: "us", apiKey: "", projectId: -1 }).field).toBe("apiKey,projectId");
  });

  it("keeps the key out of enumeration and JSON", () => {
    const c = createConnection({ host: "us", apiKey: KEY, projectId: 1 });
    expect(c.apiKey).toBe(KEY);
    expect(Object.keys(c)).not.toContain("apiKey");
    expect(JSON.stringify(c)).not.toContain(KEY);
    expect(JSON.stringify({ ...c })).not.toContain(KEY);
  });
});

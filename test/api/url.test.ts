// Paths, query strings, URL parsing without URL, and the argument checks.
import { describe, expect, it } from "vitest";
import {
  apiPath,
  encodeSegment,
  parseQuery,
  projectPath,
  queryString,
  sameOrigin,
  splitUrl,
} from "../../src/api/url";
import {
  checkGroupKey,
  checkGroupTypeIndex,
  checkPropertyValue,
  checkUuid,
} from "../../src/api/validate";

describe("paths", () => {
  it("encodes every segment, slashes included, and keeps PostHog's trailing slash", () => {
    expect(projectPath(7, "groups_types", 0, "metrics", "a/b c?d#e")).toBe(
      "/api/projects/7/groups_types/0/metrics/a%2Fb%20c%3Fd%23e/",
    );
    expect(encodeSegment("Ünï😀")).toBe("%C3%9Cn%C3%AF%F0%9F%98%80");
  });

  it("encodes dot segments so they cannot walk the path, and keeps @ literal", () => {
    expect(encodeSegment("..")).toBe("%2E%2E");
    expect(encodeSegment(".")).toBe("%2E");
    expect(apiPath("users", "@me")).toBe("/api/users/@me/");
  });

  it("refuses an empty segment and unpaired surrogates", () => {
    expect(() => encodeSegment("")).toThrow(expect.objectContaining({ code: "invalid_input" }));
    expect(() => encodeSegment("\uD800")).toThrow(
      expect.objectContaining({ code: "invalid_input" }),
    );
  });
});

describe("query strings", () => {
  it("encodes names and values, skips null and undefined", () => {
    expect(queryString({ a: "x y&z=1", b: 0, c: false, d: undefined, e: null, "f g": "é" })).toBe(
      "?a=x%20y%26z%3D1&b=0&c=false&f%20g=%C3%A9",
    );
    expect(queryString({ d: undefined })).toBe("");
  });

  it("never sends token, api_key or personal_api_key", () => {
    for (const name of ["token", "api_key", "personal_api_key"]) {
      expect(() => queryString({ [name]: "x" })).toThrow(
        expect.objectContaining({ code: "invalid_input" }),
      );
    }
  });

  it("parses query strings and splits URLs without the URL class", () => {
    expect(parseQuery("?a=1&b=x%20y&a=2&c=a+b")).toEqual({ a: "1", b: "x y", c: "a b" });
    expect(splitUrl("HTTPS://Us.PostHog.com:443/api/x/?q=1#f")).toEqual({
      origin: "https://us.posthog.com",
      path: "/api/x/",
      query: "q=1",
    });
    expect(splitUrl("javascript:alert(1)")).toBeNull();
    expect(sameOrigin("https://us.posthog.com/a", "https://us.posthog.com:443/b")).toBe(true);
    expect(sameOrigin("https://us.posthog.com/a", "http://us.posthog.com/a")).toBe(false);
    expect(sameOrigin("https://us.posthog.com.evil.io/a", "https://us.posthog.com")).toBe(false);
  });
});

describe("input checks", () => {
  it("accepts only whole group type indexes 0-4", () => {
    expect(checkGroupTypeIndex(4)).toBe(4);
    for (const bad of [-1, 5, 1.5, "1", Number.NaN, null]) {
      expect(() => checkGroupTypeIndex(bad)).toThrow(
        expect.objectContaining({ code: "invalid_input", field: "groupTypeIndex" }),
      );
    }
  });

  it("refuses empty and over-long group keys but keeps odd characters", () => {
    expect(checkGroupKey("a/b ?#é")).toBe("a/b ?#é");
    expect(() => checkGroupKey("")).toThrow(expect.objectContaining({ code: "invalid_input" }));
    expect(() => checkGroupKey("k".repeat(401))).toThrow(
      expect.objectContaining({ code: "invalid_input" }),
    );
  });

  it("refuses null, undefined and non-finite property values", () => {
    expect(checkPropertyValue(0)).toBe(0);
    expect(checkPropertyValue(false)).toBe(false);
    for (const bad of [null, undefined, Number.POSITIVE_INFINITY, Number.NaN]) {
      expect(() => checkPropertyValue(bad)).toThrow(
        expect.objectContaining({ code: "invalid_input" }),
      );
    }
  });

  it("checks person UUIDs", () => {
    expect(checkUuid("0190c5a2-1b2c-7d3e-8f40-123456789abc", "id")).toBeTruthy();
    expect(() => checkUuid("not-a-uuid", "id")).toThrow(
      expect.objectContaining({ code: "invalid_input" }),
    );
  });
});

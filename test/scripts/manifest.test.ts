// The manifest the build writes: explicit minimal scopes, the cloud hosts, and a self-hosted host only when asked.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { allowlistPrefix, buildManifest } from "../../scripts/manifest.ts";

describe("the manifest", () => {
  it("asks for exactly the scopes the add-on uses, on V8, and lists the PostHog cloud hosts", () => {
    const manifest = JSON.parse(readFileSync("dist/appsscript.json", "utf8"));
    expect(manifest.runtimeVersion).toBe("V8");
    expect(manifest.exceptionLogging).toBe("STACKDRIVER");
    expect(
      manifest.oauthScopes
        .map((s: string) => s.replace("https://www.googleapis.com/auth/", ""))
        .sort(),
    ).toEqual([
      "script.container.ui",
      "script.external_request",
      "script.scriptapp",
      "spreadsheets.currentonly",
      "userinfo.email",
    ]);
    expect(manifest.urlFetchWhitelist).toEqual(
      expect.arrayContaining(["https://us.posthog.com/", "https://eu.posthog.com/"]),
    );
    for (const prefix of manifest.urlFetchWhitelist) expect(prefix).toMatch(/^https:\/\/[^/]+\/$/);
  });

  it("adds a self-hosted host as an https prefix with a path", () => {
    expect(buildManifest(["https://posthog.example.com"]).urlFetchWhitelist).toContain(
      "https://posthog.example.com/",
    );
    expect(allowlistPrefix("https://ph.example.com/base")).toBe("https://ph.example.com/base/");
    expect(allowlistPrefix("https://*.example.com")).toBe("https://*.example.com/");
  });

  it("refuses hosts Apps Script would refuse", () => {
    expect(() => allowlistPrefix("http://posthog.example.com")).toThrow(/https/);
    expect(() => allowlistPrefix("posthog.example.com")).toThrow(/not a URL/);
    expect(() => allowlistPrefix("https://a.*.example.com")).toThrow(/wildcard/);
    expect(allowlistPrefix("http://127.0.0.1:8010")).toBe("http://127.0.0.1:8010/");
  });
});

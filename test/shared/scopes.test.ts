// The feature → scopes table: what a key grants, the scopes asked for, and what a key with fewer loses.
import { describe, expect, it } from "vitest";
import { FULL_SCOPES } from "../../posthog-local/seed/keys.ts";
import {
  accessTo,
  FEATURES,
  featureAccess,
  grants,
  missingScopeText,
  requestedScopes,
  scopeUses,
} from "../../src/shared/scopes.ts";

describe("grants", () => {
  it("follows APIScopePermission: the scope, its :write for a :read, or *", () => {
    expect(grants(["group:read"], "group:read")).toBe(true);
    expect(grants(["group:write"], "group:read")).toBe(true);
    expect(grants(["group:read"], "group:write")).toBe(false);
    expect(grants(["*"], "usage_metric:write")).toBe(true);
    expect(grants([], "user:read")).toBe(false);
  });
});

describe("requestedScopes", () => {
  it("asks for one scope per object, at the highest level a feature needs: the demo key's scopes", () => {
    expect(requestedScopes()).toEqual(FULL_SCOPES);
    expect(requestedScopes()).toContain("group:write");
    expect(requestedScopes()).not.toContain("group:read");
  });

  it("is enough for every feature, and each scope enables at least one", () => {
    expect(featureAccess(requestedScopes()).filter((f) => !f.allowed)).toEqual([]);
    for (const scope of requestedScopes())
      expect(scopeUses(scope).length, scope).toBeGreaterThan(0);
  });
});

describe("featureAccess", () => {
  it("loses exactly the features needing a dropped scope, naming the scope to add", () => {
    const scopes = requestedScopes().filter((s) => s !== "activity_log:read");
    const lost = featureAccess(scopes).filter((f) => !f.allowed);
    expect(lost).toEqual([
      {
        id: "activity",
        label: "Group and cohort activity",
        allowed: false,
        missing: ["activity_log:read"],
        optional: false,
      },
      {
        id: "history_read",
        label: "History of an account",
        allowed: false,
        missing: ["activity_log:read"],
        optional: false,
      },
    ]);
    expect(missingScopeText(lost[0] as (typeof lost)[0])).toBe(
      "Needs the activity_log:read scope: add it to the key in PostHog (Settings → Personal API keys).",
    );
  });

  it("lists every feature once, and allows everything when the scopes are unknown", () => {
    expect(new Set(FEATURES.map((f) => f.id)).size).toBe(FEATURES.length);
    for (const f of FEATURES) expect(accessTo(null, f.id).allowed).toBe(true);
    expect(accessTo([], "push").missing).toEqual(["project:read", "group:write"]);
  });
});

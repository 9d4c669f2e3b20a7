// The seeded personal API keys: a full scoped key, a read-only key, two legacy keys and an outsider's key.
import { tokenFor } from "../ids";
import type { World } from "../store";
import type { ApiKey } from "../types";

export interface SeedKeys {
  personalApiKey: string;
  readOnlyKey: string;
  noScopesKey: string;
  legacyKey: string;
  otherUserKey: string;
}

export const FULL_SCOPES = [
  "group:write",
  "cohort:write",
  "person:write",
  "property_definition:write",
  "project:read",
  "organization:read",
  "user:read",
  "usage_metric:write",
  "activity_log:read",
  "query:read",
];
export const READ_ONLY_SCOPES = [
  "group:read",
  "cohort:read",
  "person:read",
  "property_definition:read",
  "project:read",
  "organization:read",
  "user:read",
  "usage_metric:read",
  "activity_log:read",
];

export function seedKeys(world: World): SeedKeys {
  const make = (label: string, userId: number, scopes: string[] | null): string => {
    const key: ApiKey = {
      id: `key_${world.next.key++}`,
      label,
      value: tokenFor("phx_", label, world.seed),
      userId,
      scopes,
      scopedTeams: null,
      scopedOrganizations: null,
      revoked: false,
      remainingUses: null,
    };
    world.addKey(key);
    return key.value;
  };
  return {
    personalApiKey: make("personal", 1, FULL_SCOPES),
    readOnlyKey: make("read-only", 1, READ_ONLY_SCOPES),
    // An empty scope list: permissions.py tests `if not key_scopes`, so [] is a legacy key like null.
    noScopesKey: make("no-scopes", 1, []),
    legacyKey: make("legacy", 1, null),
    otherUserKey: make("other-user", 2, ["*"]),
  };
}

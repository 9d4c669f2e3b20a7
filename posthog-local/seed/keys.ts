// The seeded personal API keys: the add-on's key, a read-only key, two keys without scopes and an outsider's key.
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

/**
 * The demo key: exactly the scopes the add-on's connect form asks for (src/shared/scopes.ts `requestedScopes`;
 * a contract test keeps the two equal), so the demo never leans on more than a real person is told to give.
 */
export const FULL_SCOPES = [
  "user:read",
  "project:read",
  "group:write",
  "property_definition:read",
  "usage_metric:write",
  "cohort:write",
  "person:read",
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
    // Keys without scopes ([] or null): today's PostHog refuses them everywhere; the `legacyKeysAllowed`
    // setting (old self-hosted versions) lets them do anything.
    noScopesKey: make("no-scopes", 1, []),
    legacyKey: make("legacy", 1, null),
    otherUserKey: make("other-user", 2, ["*"]),
  };
}

// The key's own record (`personal_api_keys/@current/`): its scopes, so the add-on can tell what it may do.
import type { ApiContext } from "./context";
import { apiPath } from "./url";

/** The fields of `personal_api_keys/@current/` the add-on reads (posthog/api/personal_api_key.py). */
export interface CurrentKey {
  id: string;
  label: string;
  /** PostHog shows a key without scopes as `["*"]`, though it refuses such a key everywhere. */
  scopes: string[];
  scoped_teams: number[] | null;
  scoped_organizations: string[] | null;
}

export function createPersonalApiKeysApi(ctx: ApiContext) {
  const { requester } = ctx;
  return {
    /** The calling key's record; needs no scope (PersonalAPIKeyViewSet has no APIScopePermission). */
    current(): CurrentKey {
      const data = requester.send<CurrentKey>({
        method: "GET",
        path: apiPath("personal_api_keys", "@current"),
        expect: "object",
      }).data;
      const scopes = Array.isArray(data.scopes)
        ? data.scopes.filter((s) => typeof s === "string")
        : [];
      return { ...data, scopes };
    },
  };
}

/** The personal API keys resource (only `@current`). */
export type PersonalApiKeysApi = ReturnType<typeof createPersonalApiKeysApi>;

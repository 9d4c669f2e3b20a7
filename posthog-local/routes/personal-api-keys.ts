// personal_api_keys/@current/: the calling key's own record with its scopes (posthog/api/personal_api_key.py).
import { errors } from "../errors";
import { json, type Reply } from "../http-util";
import type { Ctx } from "../router";

/**
 * PersonalAPIKeyViewSet has no APIScopePermission, so no scope is needed; PersonalApiKeySelfAccessPermission
 * lets a personal key retrieve only itself. `to_representation` shows a key without scopes as `["*"]`,
 * although APIScopePermission refuses that key everywhere (see docs/posthog-api.md, "Scopes and keys").
 */
export function getPersonalApiKey(ctx: Ctx): Reply {
  const { key } = ctx;
  if (ctx.params.id !== "@current" && ctx.params.id !== key.id) {
    throw errors.permissionDenied("You do not have permission to perform this action.");
  }
  return json(200, {
    id: key.id,
    label: key.label,
    value: null,
    mask_value: `${key.value.slice(0, 4)}...${key.value.slice(-4)}`,
    created_at: new Date(ctx.world.now()).toISOString(),
    last_used_at: null,
    user_id: key.userId,
    scopes: key.scopes && key.scopes.length > 0 ? key.scopes : ["*"],
    scoped_teams: key.scopedTeams,
    scoped_organizations: key.scopedOrganizations,
    last_rolled_at: null,
  });
}

/** The list is not a `retrieve`: PersonalApiKeySelfAccessPermission refuses it to personal keys. */
export function listPersonalApiKeys(): Reply {
  throw errors.permissionDenied("This action does not support Personal API Key access");
}

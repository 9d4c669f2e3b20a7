// Personal API key authentication and PostHog's permission order: scopes, key project scoping, membership.
import { ApiError, errors } from "./errors";
import type { Incoming } from "./http-util";
import { actionFor, type Route, requiredScopes } from "./router";
import type { ProjectData, World } from "./store";
import type { ApiKey, User } from "./types";

type KeySource = "Authorization header" | "body" | "query string";

/** PersonalAPIKeyAuthentication.find_key_with_source: header, then body, then query string; first one wins. */
export function findKey(req: Incoming): { value: string; source: KeySource } | null {
  const header = req.headers.authorization;
  if (typeof header === "string") {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    // posthog/auth.py: PersonalAPIKeyAuthentication steps aside for `pha_` and `phs_` tokens so another
    // authenticator may try them. The add-on's viewsets have no project-secret-key authenticator, so a
    // `phs_` key there authenticates nobody ("Authentication credentials were not provided.").
    if (match?.[1] && /^ph[as]_/.test(match[1])) return null;
    if (match?.[1]) return { value: match[1], source: "Authorization header" };
  }
  if (req.body.kind === "json" && req.body.value && typeof req.body.value === "object") {
    const value = (req.body.value as Record<string, unknown>).personal_api_key;
    if (typeof value === "string" && value) return { value, source: "body" };
  }
  if (req.body.kind === "form" || req.body.kind === "multipart") {
    const value = req.body.fields.personal_api_key;
    if (value) return { value, source: "body" };
  }
  const query = req.url.searchParams.get("personal_api_key");
  if (query) return { value: query, source: "query string" };
  return null;
}

export interface Authenticated {
  key: ApiKey;
  user: User;
}

/** 401 for a missing or invalid key; counts down keys set to revoke themselves after N requests. */
export function authenticate(world: World, req: Incoming, failureStatus: 401 | 403): Authenticated {
  const found = findKey(req);
  const fail = (error: ApiError) => (failureStatus === 401 ? error : new ApiError(403, error.body));
  if (!found) throw fail(errors.notAuthenticated());
  const key = world.keysByValue.get(found.value);
  const user = key ? world.users.get(key.userId) : undefined;
  if (!key || key.revoked || !user) {
    throw fail(
      errors.authenticationFailed(`Personal API key found in request ${found.source} is invalid.`),
    );
  }
  if (key.remainingUses !== null) {
    key.remainingUses -= 1;
    if (key.remainingUses <= 0) key.revoked = true;
  }
  return { key, user };
}

/** A key created before scopes existed (null) or with none ([]); only old self-hosted versions let it do anything. */
export function isLegacyKey(key: ApiKey): boolean {
  return key.scopes === null || key.scopes.length === 0;
}

/**
 * Resolves `:project` (an id or `@current`) to the project; 404 "Project not found." when there is none.
 * A `token`/`api_key` query parameter on a GET names a project by its API token and wins over the path
 * (routing.py `_get_team_from_request`); one that matches no project fails authentication.
 */
export function resolveProject(
  world: World,
  user: User,
  raw: string | undefined,
  token: string | null = null,
): ProjectData {
  if (token !== null) {
    const byToken = [...world.data.values()].find((d) => d.project.apiToken === token);
    if (!byToken) throw errors.authenticationFailed("Incorrect authentication credentials.");
    return byToken;
  }
  const id = raw === "@current" ? user.currentTeamId : /^\d+$/.test(raw ?? "") ? Number(raw) : null;
  const data = id === null ? undefined : world.project(id);
  if (!data) throw errors.notFound("Project not found.");
  return data;
}

/**
 * APIScopePermission, then AccessControlPermission/TeamMemberAccessPermission, in PostHog's order.
 * Returns the project (if the route is project-nested) and the DRF action.
 */
export function authorize(
  world: World,
  auth: Authenticated,
  r: Route,
  method: string,
  params: Record<string, string>,
  token: string | null,
): { project: ProjectData | undefined; action: string | null } {
  const action = actionFor(r, method);
  const projectParam = params.project;
  const legacyPass = isLegacyKey(auth.key) && world.settings.legacyKeysAllowed;
  if (!legacyPass && r.scopeCheck) {
    const required = requiredScopes(r, method, action);
    if (required === null)
      throw errors.permissionDenied("This action does not support personal API key access");
    if (r.scopeObject !== "user") checkKeyScoping(world, auth, projectParam, token);
    // get_authenticator_scopes: `list(key.scopes or [])`, so a key without scopes holds none at all.
    const scopes = auth.key.scopes ?? [];
    if (!scopes.includes("*")) {
      for (const scope of required) {
        const valid = scope.endsWith(":read")
          ? [scope, scope.replace(/:read$/, ":write")]
          : [scope];
        if (!valid.some((s) => scopes.includes(s))) {
          throw errors.permissionDenied(`API key missing required scope '${scope}'`);
        }
      }
    }
  }
  if (projectParam === undefined) return { project: undefined, action };
  const project = resolveProject(world, auth.user, projectParam, token);
  if (!auth.user.organizationIds.includes(project.project.organizationId)) {
    throw errors.permissionDenied("You don't have access to the project.");
  }
  return { project, action };
}

function checkKeyScoping(
  world: World,
  auth: Authenticated,
  projectParam: string | undefined,
  token: string | null,
): void {
  const { scopedTeams, scopedOrganizations } = auth.key;
  if (projectParam === undefined) return;
  if (scopedTeams && scopedTeams.length > 0) {
    const project = resolveProject(world, auth.user, projectParam, token);
    if (!scopedTeams.includes(project.project.id)) {
      throw errors.permissionDenied(
        `API key does not have access to the requested project: ID ${project.project.id}.`,
      );
    }
  }
  if (scopedOrganizations && scopedOrganizations.length > 0) {
    const project = resolveProject(world, auth.user, projectParam, token);
    if (!scopedOrganizations.includes(project.project.organizationId)) {
      throw errors.permissionDenied(
        `API key does not have access to the requested organization: ID ${project.project.organizationId}.`,
      );
    }
  }
}

/** Projects a key may see in project listings (its user's organisations, narrowed by key scoping). */
export function visibleProjects(world: World, auth: Authenticated): ProjectData[] {
  return [...world.data.values()].filter((d) => {
    const p = d.project;
    if (!auth.user.organizationIds.includes(p.organizationId)) return false;
    if (auth.key.scopedTeams?.length && !auth.key.scopedTeams.includes(p.id)) return false;
    if (
      auth.key.scopedOrganizations?.length &&
      !auth.key.scopedOrganizations.includes(p.organizationId)
    )
      return false;
    return true;
  });
}

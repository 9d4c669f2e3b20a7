// Route table for /api/: path patterns, the DRF action per method, scopes and throttle class of each viewset.
import type { Incoming, Reply } from "./http-util";
import type { ProjectData, World } from "./store";
import type { ApiKey, User } from "./types";

export interface Ctx {
  world: World;
  req: Incoming;
  params: Record<string, string>;
  key: ApiKey;
  user: User;
  /** The project from the path (`:project`), after `@current` and access checks. */
  project: ProjectData | undefined;
  action: string;
  services: Services;
}

/** Long-lived helpers handlers need besides the state (set up by the server). */
export interface Services {
  query: import("./query-jobs").QueryService;
}

export type Handler = (ctx: Ctx) => Reply | Promise<Reply>;

export interface MethodSpec {
  action: string;
  /** `required_scopes` on the action; otherwise derived from the scope object and the action. */
  scopes?: string[];
  handler: Handler;
}

export interface Route {
  pattern: string;
  segments: string[];
  /** `scope_object` of the viewset. */
  scopeObject: string;
  /** False for a viewset without APIScopePermission (personal_api_keys/): no scope is checked. */
  scopeCheck: boolean;
  /** A detail route (has a pk); decides whether an unmapped PATCH counts as action "patch". */
  detail: boolean;
  throttle: "default" | "query" | "none";
  /** Status for authentication failures (viewsets whose first authenticator sends no WWW-Authenticate). */
  authFailureStatus: 401 | 403;
  readActions: string[];
  writeActions: string[];
  methods: Partial<Record<string, MethodSpec>>;
}

export type RouteInit = Partial<Omit<Route, "pattern" | "segments" | "methods" | "scopeObject">> & {
  scopeObject: string;
};

const DEFAULT_READ = ["list", "retrieve"];
const DEFAULT_WRITE = ["create", "update", "partial_update", "patch", "destroy"];

export function route(
  pattern: string,
  init: RouteInit,
  methods: Partial<Record<string, MethodSpec>>,
): Route {
  return {
    pattern,
    segments: pattern.split("/").filter(Boolean),
    detail: false,
    scopeCheck: true,
    throttle: "default",
    authFailureStatus: 401,
    readActions: DEFAULT_READ,
    writeActions: DEFAULT_WRITE,
    ...init,
    methods,
  };
}

/** Routes a path for `/api/projects/:project/…` and, when asked, the `/api/environments/:project/…` alias. */
export function projectRoutes(
  tail: string,
  init: RouteInit,
  methods: Partial<Record<string, MethodSpec>>,
  environments = false,
): Route[] {
  const routes = [route(`/api/projects/:project/${tail}`, init, methods)];
  if (environments) routes.push(route(`/api/environments/:project/${tail}`, init, methods));
  return routes;
}

export class Router {
  constructor(private readonly routes: Route[]) {}

  /** Matches a path with or without its trailing slash (DRF's `trailing_slash = "/?"`). */
  match(path: string): { route: Route; params: Record<string, string> } | null {
    const trimmed = path.endsWith("/") ? path.slice(0, -1) : path;
    if (trimmed.includes("//")) return null;
    const parts = trimmed.split("/").slice(1);
    for (const r of this.routes) {
      if (r.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const seg = r.segments[i] as string;
        const part = parts[i] as string;
        if (seg.startsWith(":")) {
          if (part === "") {
            ok = false;
            break;
          }
          params[seg.slice(1)] = safeDecode(part);
        } else if (seg !== part) {
          ok = false;
          break;
        }
      }
      if (ok) return { route: r, params };
    }
    return null;
  }
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** APIScopePermission `_get_action`: DRF leaves the action empty for an unmapped method, except list-level PATCH. */
export function actionFor(r: Route, method: string): string | null {
  const spec = r.methods[method === "HEAD" ? "GET" : method];
  if (spec) return spec.action;
  if (method === "PATCH" && !r.detail) return "patch";
  return null;
}

/** APIScopePermission `_get_required_scopes`. `null` = the action does not support personal API keys. */
export function requiredScopes(r: Route, method: string, action: string | null): string[] | null {
  const spec = r.methods[method === "HEAD" ? "GET" : method];
  if (spec?.scopes) return spec.scopes;
  if (action !== null && r.writeActions.includes(action)) return [`${r.scopeObject}:write`];
  if ((action !== null && r.readActions.includes(action)) || method === "OPTIONS")
    return [`${r.scopeObject}:read`];
  return null;
}

/** The path's project; every project-nested route has one after `authorize`. */
export function projectOf(ctx: Ctx): ProjectData {
  if (!ctx.project) throw new Error(`route ${ctx.req.url.pathname} has no :project`);
  return ctx.project;
}

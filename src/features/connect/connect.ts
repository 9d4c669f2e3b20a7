// Connecting a document to PostHog: check the key before keeping it, pick a project, learn what the key may do.
import type { PostHogClient } from "../../api";
import { unreachableReason } from "../../api/errors";
import { isPostHogError } from "../../api/posthog-error";
import { UserFacingError } from "../../shared/failures";
import type { ConnectionView, HostChoice, ProjectView } from "../../shared/rpc";
import { grants } from "../../shared/scopes";
import {
  type DocumentProject,
  forgetKey,
  keyHint,
  readKey,
  readProject,
  type SettingsStores,
  saveKey,
  saveProject,
} from "./settings";

export interface ClientInput {
  host: string;
  apiKey: string;
  projectId: number;
}

/** `failFast`: a host that cannot be resolved or refuses the connection fails at once, without retries. */
export type ClientFactory = (input: ClientInput, options?: { failFast?: boolean }) => PostHogClient;

/**
 * Calls that do not touch a project (users/@me, the projects list) still go through a client built for
 * one; this id is never used in a URL by them.
 */
const NO_PROJECT_YET = 1;

export interface ConnectDeps {
  stores: SettingsStores;
  makeClient: ClientFactory;
}

/** The connection as the sidebar sees it, or null when this person has no key for this document's host. */
export function connectionView(deps: ConnectDeps): ConnectionView | null {
  const key = readKey(deps.stores);
  if (!key) return null;
  const project = readProject(deps.stores);
  const sameHost = project !== null && project.host === key.host;
  return {
    host: key.host,
    keyHint: keyHint(key.apiKey),
    projectId: sameHost ? project.projectId : null,
    projectName: sameHost ? project.projectName : null,
    canQuery: sameHost ? project.canQuery : false,
    scopes: key.scopes ?? null,
  };
}

/** Checks the key against the host (users/@me), keeps it only then, and lists the projects it can see. */
export function connect(
  deps: ConnectDeps,
  input: { host: HostChoice; apiKey: string },
): { connection: ConnectionView; projects: ProjectView[] } {
  const apiKey = typeof input.apiKey === "string" ? input.apiKey.trim() : "";
  const host = typeof input.host === "string" ? input.host.trim() : "";
  // The host was just typed: a wrong one should fail at once, not after retries.
  const client = deps.makeClient({ host, apiKey, projectId: NO_PROJECT_YET }, { failFast: true });
  const region =
    client.connection.region === "self-hosted"
      ? client.connection.origin
      : client.connection.region;
  try {
    client.projects.me();
  } catch (error) {
    throw keyRefused(error, region);
  }
  const scopes = keyScopes(client);
  const projects = projectsOf(client);
  saveKey(deps.stores, { host: region, apiKey, scopes });
  const view = connectionView(deps);
  if (!view) throw new UserFacingError("internal", "The key could not be saved. Try again.");
  return { connection: view, projects };
}

function projectsOf(client: PostHogClient): ProjectView[] {
  return client.projects
    .listAll({ maxPages: 10 })
    .items.map((p): ProjectView => ({ id: p.id, name: p.name }));
}

/**
 * The key's scopes from `personal_api_keys/@current/` (no scope needed), so the sidebar can offer only what the
 * key allows; null when this PostHog has no such endpoint (older self-hosted versions).
 */
function keyScopes(client: PostHogClient): string[] | null {
  try {
    return client.personalApiKeys.current().scopes;
  } catch (error) {
    if (isPostHogError(error) && (error.code === "not_found" || error.code === "forbidden"))
      return null;
    throw error;
  }
}

/** The projects the saved key can see, so "change project" never asks for the key again. */
export function listProjects(deps: ConnectDeps): ProjectView[] {
  const key = readKey(deps.stores);
  if (!key) throw new UserFacingError("not_connected", "Connect to PostHog first.");
  return projectsOf(deps.makeClient({ ...key, projectId: NO_PROJECT_YET }));
}

/** Remembers the project for this document, after checking the key may read its groups. */
export function selectProject(deps: ConnectDeps, projectId: number): ConnectionView {
  const key = readKey(deps.stores);
  if (!key) throw new UserFacingError("not_connected", "Connect to PostHog first.");
  const client = deps.makeClient({ ...key, projectId });
  const project = client.projects.get();
  client.groupTypes.list();
  // The key's scopes may have changed in PostHog since connecting: read them again.
  const scopes = keyScopes(client);
  saveKey(deps.stores, { ...key, scopes });
  const saved: DocumentProject = {
    host: key.host,
    projectId: project.id,
    projectName: project.name,
    // Known scopes without query:read spare the probe; unknown ones (older PostHog) are probed.
    canQuery: scopes && !grants(scopes, "query:read") ? false : probeQuery(client),
  };
  saveProject(deps.stores, saved);
  const view = connectionView(deps);
  if (!view) throw new UserFacingError("internal", "The project could not be saved. Try again.");
  return view;
}

/** Forgets this person's key. The document keeps its project, which holds nothing secret. */
export function disconnect(deps: ConnectDeps): void {
  forgetKey(deps.stores);
}

/** A client for this document's project, or a clear refusal. */
export function projectClient(deps: ConnectDeps): {
  client: PostHogClient;
  project: DocumentProject;
} {
  const key = readKey(deps.stores);
  if (!key)
    throw new UserFacingError(
      "not_connected",
      "Connect to PostHog first (Extensions → PostHog for Sheets).",
    );
  const project = readProject(deps.stores);
  if (!project || project.host !== key.host) {
    throw new UserFacingError(
      "no_project",
      "Choose a PostHog project for this spreadsheet in the sidebar.",
    );
  }
  return { client: deps.makeClient({ ...key, projectId: project.projectId }), project };
}

/** One cheap count query tells whether the key has `query:read`, which makes pulls much faster. */
function probeQuery(client: PostHogClient): boolean {
  try {
    client.query.countGroups({ groupTypeIndex: 0 });
    return true;
  } catch (error) {
    if (client.query.shouldFallBackToRest(error)) return false;
    throw error;
  }
}

function keyRefused(error: unknown, region: string): unknown {
  if (!isPostHogError(error)) return error;
  if (error.code === "invalid_key" || error.code === "not_authenticated") {
    const other = region === "us" ? "EU" : region === "eu" ? "US" : null;
    const elsewhere = other
      ? ` If your PostHog project is on ${other} Cloud, choose ${other} Cloud.`
      : "";
    return new UserFacingError(
      "invalid_key",
      `PostHog did not accept this key. Check that you pasted the whole personal API key.${elsewhere}`,
      "apiKey",
    );
  }
  const unreachable = unreachableReason(error);
  if (unreachable)
    return new UserFacingError(
      "network",
      `The add-on could not reach ${region === "us" || region === "eu" ? "PostHog" : region}: ${unreachable}. Check the host, then try again.`,
      "host",
    );
  return error;
}

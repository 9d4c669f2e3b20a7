// Where the connection lives: the key (with its host) in the person's own properties, the project in the document's.
import type { KeyValueStore } from "../../platform/ports";

const KEY = "posthog.apiKey";
const KEY_HOST = "posthog.apiKeyHost";
const KEY_SCOPES = "posthog.apiKeyScopes";
const PROJECT = "posthog.project";

/** The document's choice of project; shared with every editor, so it holds nothing secret. */
export interface DocumentProject {
  host: string;
  projectId: number;
  projectName: string;
  canQuery: boolean;
}

export interface SavedKey {
  host: string;
  apiKey: string;
  /** The key's scopes as `personal_api_keys/@current/` gave them at connect; null when PostHog did not say. */
  scopes?: string[] | null;
}

export interface SettingsStores {
  /** PropertiesService.getUserProperties(): the only place the key may be kept. */
  user: KeyValueStore;
  /** PropertiesService.getDocumentProperties(): null outside a document. */
  document: KeyValueStore | null;
}

export function readKey(stores: SettingsStores): SavedKey | null {
  const apiKey = stores.user.get(KEY);
  const host = stores.user.get(KEY_HOST);
  return apiKey && host ? { apiKey, host, scopes: readScopes(stores.user.get(KEY_SCOPES)) } : null;
}

function readScopes(text: string | null): string[] | null {
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((s): s is string => typeof s === "string") : null;
  } catch {
    return null;
  }
}

export function saveKey(stores: SettingsStores, key: SavedKey): void {
  stores.user.put(KEY, key.apiKey);
  stores.user.put(KEY_HOST, key.host);
  if (key.scopes) stores.user.put(KEY_SCOPES, JSON.stringify(key.scopes));
  else stores.user.remove(KEY_SCOPES);
}

export function forgetKey(stores: SettingsStores): void {
  stores.user.remove(KEY);
  stores.user.remove(KEY_HOST);
  stores.user.remove(KEY_SCOPES);
}

export function readProject(stores: SettingsStores): DocumentProject | null {
  const text = stores.document?.get(PROJECT);
  if (!text) return null;
  try {
    const value = JSON.parse(text) as DocumentProject;
    return typeof value.projectId === "number" && typeof value.host === "string" ? value : null;
  } catch {
    return null;
  }
}

export function saveProject(stores: SettingsStores, project: DocumentProject): void {
  stores.document?.put(PROJECT, JSON.stringify(project));
}

/** "••••abcd": all the sidebar ever shows of a key. */
export function keyHint(apiKey: string): string {
  return `••••${apiKey.slice(-4)}`;
}

// Where the connection lives: the key (with its host) in the person's own properties, the project in the document's.
import type { KeyValueStore } from "../platform/ports";

const KEY = "posthog.apiKey";
const KEY_HOST = "posthog.apiKeyHost";
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
  return apiKey && host ? { apiKey, host } : null;
}

export function saveKey(stores: SettingsStores, key: SavedKey): void {
  stores.user.put(KEY, key.apiKey);
  stores.user.put(KEY_HOST, key.host);
}

export function forgetKey(stores: SettingsStores): void {
  stores.user.remove(KEY);
  stores.user.remove(KEY_HOST);
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

// Adapters for custom functions: properties read once, the document cache as a CachePort, SHA-256, the client.
import { createPostHogClient, type PostHogClient } from "../api";
import type { ClientInput } from "../features/connect/connect";
import type { CachePort } from "../features/formulas/cache";
import { FORMULA_RETRY } from "../features/formulas/run";
import type { KeyValueStore } from "./ports";
import { clientOptions } from "./posthog.gas";

/**
 * A property store read with one `getProperties()` call (a custom function reads several keys of it).
 * Read-only: custom functions may not write the owner's properties.
 */
export function snapshotStore(properties: GoogleAppsScript.Properties.Properties): KeyValueStore {
  const values = properties.getProperties();
  const readOnly = (): never => {
    throw new Error("This store is read-only.");
  };
  return {
    get: (key) => {
      const value = values[key];
      return typeof value === "string" ? value : null;
    },
    put: readOnly,
    remove: readOnly,
  };
}

/** The document's cache, opened on first use (a cell that is refused never touches it). Null outside a document. */
export function documentCachePort(): CachePort {
  let cache: GoogleAppsScript.Cache.Cache | null | undefined;
  const open = () => {
    if (cache === undefined) cache = CacheService.getDocumentCache();
    return cache;
  };
  return {
    get: (key) => open()?.get(key) ?? null,
    getAll: (keys) => open()?.getAll(keys) ?? {},
    putAll: (values, ttlSeconds) => open()?.putAll(values, ttlSeconds),
  };
}

/**
 * The client for custom functions: retries sized for Sheets' 30 s, and the same rate budget (the owner's
 * user cache, the same bucket) as the sidebar's client, so formulas and pulls share one pacer per key.
 */
export function makeFormulaClient(input: ClientInput): PostHogClient {
  return createPostHogClient({ ...clientOptions(input), retry: FORMULA_RETRY });
}

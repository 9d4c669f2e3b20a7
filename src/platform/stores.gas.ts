// KeyValueStore, CachePort and Lock adapters over PropertiesService, CacheService and LockService.
import type { CachePort } from "../features/formulas/cache";
import type { KeyValueStore, Lock } from "./ports";

export function propertiesStore(properties: GoogleAppsScript.Properties.Properties): KeyValueStore {
  return {
    get: (key) => properties.getProperty(key),
    put: (key, value) => {
      properties.setProperty(key, value);
    },
    remove: (key) => {
      properties.deleteProperty(key);
    },
  };
}

/** The person's own properties: the only place the personal API key may live. */
export const userStore = (): KeyValueStore =>
  propertiesStore(PropertiesService.getUserProperties());

/** Shared by every editor of this document: never a secret. Null outside a document. */
export function documentStore(): KeyValueStore | null {
  const properties = PropertiesService.getDocumentProperties();
  return properties ? propertiesStore(properties) : null;
}

/** A cache that forgets after `ttlSeconds` (at most 21,600). */
export function cacheStore(
  cache: GoogleAppsScript.Cache.Cache,
  ttlSeconds = 21_600,
): KeyValueStore {
  return {
    get: (key) => cache.get(key),
    put: (key, value) => cache.put(key, value, ttlSeconds),
    remove: (key) => cache.remove(key),
  };
}

export function lockAdapter(lock: GoogleAppsScript.Lock.Lock): Lock {
  return { tryAcquire: (ms) => lock.tryLock(ms), release: () => lock.releaseLock() };
}

/** Keeps two pulls or pushes of one document apart. Null outside a document. */
export function documentLock(): Lock | null {
  const lock = LockService.getDocumentLock();
  return lock ? lockAdapter(lock) : null;
}

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

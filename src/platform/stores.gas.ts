// KeyValueStore and Lock adapters over PropertiesService, CacheService and LockService.
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

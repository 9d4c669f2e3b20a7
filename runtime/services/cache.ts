// CacheService: script, user and document caches; 250-char keys, 100 KB values, 6 h TTL, 1,000 items (Cache reference).

import { utf8Length } from "../bytes.ts";
import { gasError, messages } from "../errors.ts";
import type { ServiceEnv } from "./env.ts";
import { storeFor } from "./env.ts";

export const CACHE_KEY_MAX_CHARS = 250;
export const CACHE_VALUE_MAX_BYTES = 100 * 1024;
export const CACHE_DEFAULT_TTL_S = 600;
export const CACHE_MAX_TTL_S = 21_600;
export const CACHE_MAX_ITEMS = 1_000;
/** "stores the 900 items farthest from expiration" once over 1,000 (Cache reference). */
export const CACHE_KEEP_ITEMS = 900;

interface Entry {
  value: string;
  expiresAt: number;
}

/** One cache's contents; expiry follows the runtime clock (virtual sleeps included). */
export class CacheStore {
  readonly entries = new Map<string, Entry>();
  constructor(private readonly now: () => number) {}

  read(key: string): string | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return null;
    }
    return entry.value;
  }

  write(pairs: [string, string][], ttlSeconds: number): void {
    const expiresAt = this.now() + ttlSeconds * 1000;
    for (const [k, v] of pairs) {
      this.entries.delete(k);
      this.entries.set(k, { value: v, expiresAt });
    }
    if (this.entries.size > CACHE_MAX_ITEMS) this.evict();
  }

  private evict(): void {
    const now = this.now();
    for (const [k, e] of this.entries) if (e.expiresAt <= now) this.entries.delete(k);
    if (this.entries.size <= CACHE_MAX_ITEMS) return;
    // Newest first among equal expiries, so a fresh put survives its own eviction.
    const ranked = [...this.entries.entries()]
      .map(([k, e], i) => ({ k, e, i }))
      .sort((a, b) => b.e.expiresAt - a.e.expiresAt || b.i - a.i)
      .slice(0, CACHE_KEEP_ITEMS)
      .sort((a, b) => a.i - b.i);
    this.entries.clear();
    for (const { k, e } of ranked) this.entries.set(k, e);
  }

  /** Live keys (Node-side inspection). */
  keys(): string[] {
    const now = this.now();
    return [...this.entries.entries()].filter(([, e]) => e.expiresAt > now).map(([k]) => k);
  }
}

function checkKey(key: unknown): string {
  if (key === null || key === undefined) throw gasError(messages.invalidArgument("key"));
  const k = String(key);
  if (k.length > CACHE_KEY_MAX_CHARS) throw gasError(messages.argumentTooLarge("key"));
  return k;
}

function checkValue(value: unknown): string {
  const v = String(value);
  if (utf8Length(v) > CACHE_VALUE_MAX_BYTES) throw gasError(messages.argumentTooLarge("value"));
  return v;
}

function checkTtl(ttl: unknown): number {
  if (ttl === undefined || ttl === null) return CACHE_DEFAULT_TTL_S;
  const seconds = Number(ttl);
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw gasError(messages.invalidArgument("expirationInSeconds"));
  }
  // "The maximum time the value remains in the cache is 6 hours" (Cache reference): longer TTLs are capped.
  return Math.min(Math.max(seconds, 1), CACHE_MAX_TTL_S);
}

export class GasCache {
  constructor(
    private readonly env: ServiceEnv,
    private readonly store: CacheStore,
  ) {}

  private use(method: string): void {
    this.env.kernel.call("Cache", method, { storage: true });
  }

  get(key: unknown): string | null {
    this.use("get");
    return this.store.read(checkKey(key));
  }
  getAll(keys: unknown): Record<string, string> {
    this.use("getAll");
    if (!Array.isArray(keys)) throw gasError(messages.invalidArgument("keys"));
    const out: Record<string, string> = {};
    for (const key of keys) {
      const k = checkKey(key);
      const v = this.store.read(k);
      if (v !== null) out[k] = v;
    }
    return out;
  }
  put(key: unknown, value: unknown, expirationInSeconds?: unknown): void {
    this.use("put");
    this.store.write([[checkKey(key), checkValue(value)]], checkTtl(expirationInSeconds));
  }
  putAll(values: unknown, expirationInSeconds?: unknown): void {
    this.use("putAll");
    if (values === null || typeof values !== "object")
      throw gasError(messages.invalidArgument("values"));
    const pairs = Object.entries(values as Record<string, unknown>).map(
      ([k, v]) => [checkKey(k), checkValue(v)] as [string, string],
    );
    this.store.write(pairs, checkTtl(expirationInSeconds));
  }
  remove(key: unknown): void {
    this.use("remove");
    this.store.entries.delete(checkKey(key));
  }
  removeAll(keys: unknown): void {
    this.use("removeAll");
    if (!Array.isArray(keys)) throw gasError(messages.invalidArgument("keys"));
    for (const key of keys) this.store.entries.delete(checkKey(key));
  }
  toString(): string {
    return "Cache";
  }
}

export function createCacheService(env: ServiceEnv) {
  const { state, execution } = env;
  const use = (method: string) => env.kernel.call("CacheService", method, { storage: true });
  const newStore = () => new CacheStore(() => state.clock.now());
  return {
    getScriptCache(): GasCache {
      use("getScriptCache");
      return new GasCache(env, state.scriptCache);
    },
    /** In a custom function: the spreadsheet owner's cache, like user properties (inferred). */
    getUserCache(): GasCache {
      use("getUserCache");
      let user = execution.user;
      if (execution.authMode === "CUSTOM_FUNCTION" && execution.documentId !== null) {
        user = state.documentOwner(execution.documentId) ?? user;
      }
      return new GasCache(env, storeFor(state.userCaches, user, newStore));
    },
    /** null outside a document. */
    getDocumentCache(): GasCache | null {
      use("getDocumentCache");
      if (execution.documentId === null) return null;
      return new GasCache(env, storeFor(state.documentCaches, execution.documentId, newStore));
    },
  };
}

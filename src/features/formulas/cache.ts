// The formulas' cache over the document's CacheService: hashed keys under 250 characters, values split under 100 KB.
//
// Every entry lives under a namespace of the key that fetched it (a digest, never the key), the host, the project,
// the document's refresh generation and the formula's refresh argument, so entries are never shared across
// documents (the document cache is per document), owners' keys, projects or refreshes.

/** The part of CacheService's Cache the formulas use; getAll and putAll are one round trip each. */
export interface CachePort {
  get(key: string): string | null;
  getAll(keys: string[]): Record<string, string>;
  putAll(values: Record<string, string>, ttlSeconds: number): void;
}

/** One cached value and when it was fetched (ms since the epoch). */
export interface Cached<T> {
  at: number;
  value: T;
}

export interface FormulaCacheOptions {
  port: CachePort;
  /** Hex digest of a text (SHA-256 via Utilities.computeDigest on Apps Script). */
  digest: (text: string) => string;
  namespace: string;
  /**
   * How long entries live (CacheService keeps them at most 6 h and may drop them sooner).
   * @default 3600
   */
  ttlSeconds?: number;
  /**
   * Largest stored value in UTF-8 bytes; CacheService refuses more than 100 KB.
   * @default 96000
   */
  chunkBytes?: number;
  /** A short unique id, so the chunks of two writes of one entry never mix. */
  newId: () => string;
}

export const DEFAULT_TTL_SECONDS = 3600;
export const DEFAULT_CHUNK_BYTES = 96_000;
const KEY_PREFIX = "phf1:";

export interface FormulaCache {
  /** The stored value, or null when absent, expired, partly evicted or unreadable. */
  read<T>(parts: readonly unknown[]): Cached<T> | null;
  /** Several stored values in one round trip (entries that fit one chunk; a chunked one costs its own). */
  readMany<T>(list: ReadonlyArray<readonly unknown[]>): Array<Cached<T> | null>;
  /** Stores a value (best effort: a cache that refuses it changes nothing for the caller). */
  write<T>(parts: readonly unknown[], value: T, at: number): void;
  /** Stores several values in one round trip, all or none (best effort, like write). */
  writeMany(items: ReadonlyArray<{ parts: readonly unknown[]; value: unknown }>, at: number): void;
}

export function createFormulaCache(options: FormulaCacheOptions): FormulaCache {
  const { port, digest, namespace, newId } = options;
  const ttl = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const keyOf = (parts: readonly unknown[]) =>
    KEY_PREFIX + digest(`${namespace}\u0000${JSON.stringify(parts)}`);

  function writeMany(
    items: ReadonlyArray<{ parts: readonly unknown[]; value: unknown }>,
    at: number,
  ): void {
    try {
      const values: Record<string, string> = {};
      for (const { parts, value } of items) {
        const key = keyOf(parts);
        const text = JSON.stringify({ at, v: value });
        const chunks = splitUtf8(text, chunkBytes - 16);
        if (chunks.length === 1) {
          values[key] = `v${text}`;
          continue;
        }
        const id = newId();
        values[key] = `c${chunks.length}:${id}`;
        chunks.forEach((chunk, i) => {
          values[chunkKey(key, id, i)] = chunk;
        });
      }
      port.putAll(values, ttl);
    } catch {
      // Caching is an optimisation: a full or failing cache only costs a request next time.
    }
  }

  return {
    read<T>(parts: readonly unknown[]): Cached<T> | null {
      try {
        const key = keyOf(parts);
        return decode<T>(port, key, port.get(key));
      } catch {
        return null;
      }
    },

    readMany<T>(list: ReadonlyArray<readonly unknown[]>): Array<Cached<T> | null> {
      try {
        const keys = list.map(keyOf);
        const heads = keys.length > 0 ? port.getAll(keys) : {};
        return keys.map((key) => decode<T>(port, key, heads[key] ?? null));
      } catch {
        return list.map(() => null);
      }
    },

    write<T>(parts: readonly unknown[], value: T, at: number): void {
      writeMany([{ parts, value }], at);
    },

    writeMany,
  };
}

function chunkKey(key: string, id: string, i: number): string {
  return `${key}.${id}.${i}`;
}

/** A stored head made into its value: null when absent, partly evicted or unreadable. */
function decode<T>(port: CachePort, key: string, head: string | null): Cached<T> | null {
  try {
    const text = head === null ? null : assemble(port, key, head);
    if (text === null) return null;
    const parsed = JSON.parse(text) as { at?: unknown; v?: unknown };
    return typeof parsed.at === "number" ? { at: parsed.at, value: parsed.v as T } : null;
  } catch {
    return null;
  }
}

/** The whole text of an entry: inline (`v…`), or the chunks a header (`c<n>:<id>`) names, all of them or nothing. */
function assemble(port: CachePort, key: string, head: string): string | null {
  if (head.startsWith("v")) return head.slice(1);
  const match = /^c(\d+):(.+)$/.exec(head);
  if (!match) return null;
  const count = Number(match[1]);
  const id = match[2] as string;
  const keys = Array.from({ length: count }, (_, i) => chunkKey(key, id, i));
  const found = port.getAll(keys);
  const pieces = keys.map((k) => found[k]);
  return pieces.every((p) => typeof p === "string") ? pieces.join("") : null;
}

/** Cuts text into pieces of at most `maxBytes` UTF-8 bytes each, never inside a surrogate pair. */
export function splitUtf8(text: string, maxBytes: number): string[] {
  const pieces: string[] = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const pair = code >= 0xd800 && code <= 0xdbff && i + 1 < text.length;
    const size = pair ? 4 : code < 0x80 ? 1 : code < 0x800 ? 2 : 3;
    if (bytes + size > maxBytes && i > start) {
      pieces.push(text.slice(start, i));
      start = i;
      bytes = 0;
    }
    bytes += size;
    if (pair) i++;
  }
  pieces.push(text.slice(start));
  return pieces;
}

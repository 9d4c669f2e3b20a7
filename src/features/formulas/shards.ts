// A big cached listing kept as small shards (by a hash of the key) behind a small index entry, so that a warm cell
// reads the index and the one shard holding its key (two cache entries, a few KB) whatever the size of the type.
import type { Cached } from "./cache";
import { underLock } from "./cached";
import type { FormulaContext } from "./context";

/** One listed key and its value (absent: the group has no value). */
export type Entry = [key: string] | [key: string, value: unknown];

/** Average characters of entry JSON a shard aims at; far under the 32 KB a warm cell may read. */
export const SHARD_TARGET_CHARS = 8_000;
/** No shard is left bigger than this (more shards are made instead). */
export const SHARD_MAX_CHARS = 24_000;
/** Most shards of one listing (1 MB of listing at the target size). */
const MAX_SHARDS = 256;

/** The index entry: how many shards, plus what the listing's owner keeps about it (`meta`). */
export interface ShardIndex<M> {
  shards: number;
  meta: M;
}

/** FNV-1a over the key's UTF-16 code units: a stable, even spread of keys over `shards`. */
export function shardOf(key: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shards;
}

/** Splits entries into as few shards as keep each under {@link SHARD_MAX_CHARS} (at the target on average). */
export function splitShards(entries: readonly Entry[]): Entry[][] {
  const sizes = entries.map((e) => JSON.stringify(e).length + 1);
  const total = sizes.reduce((a, b) => a + b, 0);
  let count = Math.max(1, Math.ceil(total / SHARD_TARGET_CHARS));
  for (;;) {
    const shards: Entry[][] = Array.from({ length: count }, () => []);
    const chars = new Array<number>(count).fill(0);
    entries.forEach((entry, i) => {
      const s = shardOf(entry[0], count);
      shards[s]?.push(entry);
      chars[s] = (chars[s] ?? 0) + (sizes[i] ?? 0);
    });
    if (count >= MAX_SHARDS || chars.every((c) => c <= SHARD_MAX_CHARS)) return shards;
    count = Math.min(MAX_SHARDS, count * 2);
  }
}

/** Where shard `i` of a listing stored at `at` lives: the index's time is part of it, so writes never mix. */
function shardParts(base: readonly unknown[], at: number, count: number, i: number) {
  return [...base, "shard", at, count, i];
}

/** A listing found (index) or just fetched (its entries in memory too). */
export interface ShardedListing<M> {
  index: Cached<ShardIndex<M>>;
  fresh: Map<string, Entry> | null;
}

/** The index under `base`, else `fetch()`'s listing stored as shards + index (one cell fetches; the others wait). */
export function sharedListing<M>(
  ctx: FormulaContext,
  base: readonly unknown[],
  fetch: () => { meta: M; entries: Entry[] },
): ShardedListing<M> {
  const probe = (): ShardedListing<M> | null => {
    const index = cachedIndex<M>(ctx, base);
    return index ? { index, fresh: null } : null;
  };
  return underLock(ctx, probe, () => {
    const [stored] = storeListings(ctx, [{ base, ...fetch() }], []);
    return stored as ShardedListing<M>;
  });
}

/**
 * Stores listings as shards + indexes in one round trip (with copies of some indexes under other names), and
 * returns them with their entries in memory.
 */
export function storeListings<M>(
  ctx: FormulaContext,
  listings: ReadonlyArray<{ base: readonly unknown[]; meta: M; entries: Entry[] }>,
  aliases: ReadonlyArray<{ alias: readonly unknown[]; of: number }>,
): Array<ShardedListing<M>> {
  const at = ctx.env.clock();
  const items: Array<{ parts: readonly unknown[]; value: unknown }> = [];
  const stored = listings.map(({ base, meta, entries }) => {
    const shards = splitShards(entries);
    const index: ShardIndex<M> = { shards: shards.length, meta };
    shards.forEach((value, i) => {
      items.push({ parts: shardParts(base, at, shards.length, i), value });
    });
    items.push({ parts: [...base, "index"], value: index });
    return { index: { at, value: index }, fresh: new Map(entries.map((e) => [e[0], e])) };
  });
  for (const { alias, of } of aliases)
    items.push({ parts: [...alias, "index"], value: stored[of]?.index.value });
  ctx.cache.writeMany(items, at);
  return stored;
}

/** The index under `base` if cached (no fetch). */
export function cachedIndex<M>(
  ctx: FormulaContext,
  base: readonly unknown[],
): Cached<ShardIndex<M>> | null {
  return ctx.cache.read<ShardIndex<M>>([...base, "index"]);
}

/** Stores a copy of an index under another name (a second spelling of the same listing). */
export function aliasIndex<M>(
  ctx: FormulaContext,
  alias: readonly unknown[],
  index: Cached<ShardIndex<M>>,
): void {
  ctx.cache.write([...alias, "index"], index.value, index.at);
}

/**
 * The entries of `keys` (a key absent from the map is not in the listing), read from the few shards holding
 * them in one round trip; null when one of those shards was evicted (the caller fetches again).
 */
export function readKeys<M>(
  ctx: FormulaContext,
  base: readonly unknown[],
  listing: ShardedListing<M>,
  keys: readonly string[],
): Map<string, Entry> | null {
  if (listing.fresh) return listing.fresh;
  const { at, value } = listing.index;
  const wanted = [...new Set(keys.map((k) => shardOf(k, value.shards)))];
  const shards = ctx.cache.readMany<Entry[]>(
    wanted.map((i) => shardParts(base, at, value.shards, i)),
  );
  const found = new Map<string, Entry>();
  for (const shard of shards) {
    if (!shard) return null;
    for (const entry of shard.value) found.set(entry[0], entry);
  }
  return found;
}

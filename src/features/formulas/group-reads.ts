// How =POSTHOG_GROUP finds values cheaply: a cached listing of the type shared by every cell, or one query for a range.
//
// - With `query:read`, a single cell reads the listing of its property: every group's key and that property's
//   value, from one query, cached for the document (1,000 cells of one property cost one query per cache period)
//   as small shards behind an index (shards.ts): a warm cell reads two entries of a few KB, whatever the type's size.
//   A range of keys is one query for exactly those keys (unless the listings it needs are already cached).
// - Without it, the listing is the REST groups list (100 groups a request, all properties), bounded.
// - A listing too big to cache whole is marked incomplete; keys missing from it are then read by key.
import type { PostHogClient } from "../../api";
import type { GroupType } from "../../api/types";
import type { GroupTypeRef } from "./args";
import { cached, resolveGroupType, withRestFallback } from "./cached";
import type { FormulaContext } from "./context";
import {
  aliasIndex,
  cachedIndex,
  type Entry,
  readKeys,
  type ShardedListing,
  sharedListing,
} from "./shards";

/** The pseudo-property giving the time a value was fetched from PostHog. */
export const FETCHED_AT = "$fetched_at";
/** Characters of listing JSON kept per listing (about ten cache chunks). */
export const LISTING_MAX_CHARS = 1_000_000;
/** REST pages (100 groups each) read for a listing without `query:read`. */
export const REST_LISTING_PAGES = 20;
/** PostHog refuses longer group keys. */
const MAX_KEY_CHARS = 400;

export interface FoundGroup {
  /** When its data was fetched (ms since the epoch). */
  at: number;
  properties: Record<string, unknown>;
}

export interface GroupValues {
  /** The type the reference named. */
  type: GroupType;
  /** Each asked key: its group, or null when the type has no group with that key. */
  groups: Map<string, FoundGroup | null>;
  /** Asked properties that no group of the type has. */
  unknown: Set<string>;
}

/** Reads `properties` of `keys` of the type `ref` names; `single` (one cell) prefers the shared listing over a query by key. */
export function readGroupValues(
  ctx: FormulaContext,
  ref: GroupTypeRef,
  keys: readonly string[],
  properties: readonly string[],
  single: boolean,
): GroupValues {
  return withRestFallback(ctx, () => read(ctx, ref, keys, properties, single));
}

function read(
  ctx: FormulaContext,
  ref: GroupTypeRef,
  keys: readonly string[],
  properties: readonly string[],
  single: boolean,
): GroupValues {
  const real = properties.filter((p) => p !== FETCHED_AT);
  // Only $fetched_at asked: a listing of an absent property still tells which keys exist.
  const wanted = real.length > 0 ? real : [FETCHED_AT];
  const groups = new Map<string, FoundGroup | null>();
  const valid = keys.filter((k) => {
    if (k.length <= MAX_KEY_CHARS) return true;
    groups.set(k, null);
    return false;
  });
  const sources = sourcesFor(ctx, ref, wanted, valid, single || !ctx.canQuery);
  let type = sources?.[0]?.meta.type;
  const typeOf = () => {
    type ??= resolveGroupType(ctx, ref);
    return type;
  };
  const pending = sources ? fromListings(sources, valid, groups) : valid;
  if (pending.length > 0) fetchPending(ctx, typeOf(), pending, wanted, groups);
  const found = [...groups.values()].some((g) => g !== null);
  const unknown = new Set(found ? real.filter((p) => isUnknown(ctx, ref, p, groups)) : []);
  return { type: typeOf(), groups, unknown };
}

/** What a listing's index keeps besides its shards. */
interface ListingMeta {
  type: GroupType;
  /** Every group of the type is in it, so a key that is not does not exist. */
  complete: boolean;
  /** Some group has a value (a property's listing). */
  present: boolean;
  /** The property names the groups have (the REST listing), or null when too many to keep. */
  names: string[] | null;
}

/** Most property names a REST listing's index keeps. */
const MAX_INDEX_NAMES = 500;

type Source = { at: number; meta: ListingMeta; property: string | null; map: Map<string, Entry> };

/** The listings covering `properties`, with the entries of `keys`: fetched when `fetch`, else only cached ones (null if any is not). */
function sourcesFor(
  ctx: FormulaContext,
  ref: GroupTypeRef,
  properties: readonly string[],
  keys: readonly string[],
  fetch: boolean,
): Source[] | null {
  const names: Array<string | null> = ctx.canQuery ? [...properties] : [null];
  const sources: Source[] = [];
  for (const property of names) {
    const found = listingOf(ctx, ref, property, fetch);
    const map = found ? readKeys(ctx, found.base, found.listing, keys) : null;
    if (!found || !map) return null;
    const { at, value } = found.listing.index;
    sources.push({ at, meta: value.meta, property, map });
  }
  return sources;
}

/**
 * The listing of `property` (null: the REST listing of every property) of the type `ref` names. A warm cell finds
 * it through the index stored under the words it was written with (one entry); otherwise the type is resolved
 * and its listing found or fetched, and that index copied under those words for the next cell.
 */
function listingOf(
  ctx: FormulaContext,
  ref: GroupTypeRef,
  property: string | null,
  fetch: boolean,
): { base: unknown[]; listing: ShardedListing<ListingMeta> } | null {
  const mode = ctx.canQuery ? "q" : "r";
  const alias = ["listing-as", mode, ref.text, property];
  const aliased = cachedIndex<ListingMeta>(ctx, alias);
  if (aliased) {
    const base = ["listing", mode, aliased.value.meta.type.group_type_index, property];
    return { base, listing: { index: aliased, fresh: null } };
  }
  const type = resolveGroupType(ctx, ref);
  const base = ["listing", mode, type.group_type_index, property];
  let listing: ShardedListing<ListingMeta>;
  if (fetch) {
    listing = sharedListing(ctx, base, () => fetchListing(ctx, type, property));
  } else {
    const index = cachedIndex<ListingMeta>(ctx, base);
    if (!index) return null;
    listing = { index, fresh: null };
  }
  aliasIndex(ctx, alias, listing.index);
  return { base, listing };
}

/** Fills `groups` from the listings; returns the keys they cannot settle (absent from an incomplete listing). */
function fromListings(
  sources: Source[],
  keys: readonly string[],
  groups: Map<string, FoundGroup | null>,
) {
  const complete = sources.every((s) => s.meta.complete);
  const pending: string[] = [];
  for (const key of keys) {
    const hits = sources.map((s) => s.map.get(key));
    if (hits.every((h) => h !== undefined)) {
      const properties: Record<string, unknown> = {};
      hits.forEach((entry, i) => {
        const source = sources[i];
        if (!entry || entry.length < 2 || !source) return;
        if (source.property === null)
          Object.assign(properties, entry[1] as Record<string, unknown>);
        else properties[source.property] = entry[1];
      });
      const at = Math.min(...sources.map((s) => s.at));
      groups.set(key, { at, properties });
    } else if (complete && hits.every((h) => h === undefined)) {
      groups.set(key, null);
    } else {
      pending.push(key);
    }
  }
  return pending;
}

/** Reads keys the listings could not settle by key: one query for all of them, or one REST `find` each. */
function fetchPending(
  ctx: FormulaContext,
  type: GroupType,
  keys: string[],
  properties: readonly string[],
  groups: Map<string, FoundGroup | null>,
): void {
  const sorted = [...keys].sort();
  const mode = ctx.canQuery ? "q" : "r";
  const parts = ["keys", mode, type.group_type_index, sorted, properties];
  const fetched = cached(ctx, parts, () => fetchByKeys(ctx, type, sorted, properties));
  const byKey = new Map(fetched.value);
  for (const key of keys) {
    const found = byKey.get(key);
    groups.set(key, found ? { at: fetched.at, properties: found } : null);
  }
}

function fetchByKeys(
  ctx: FormulaContext,
  type: GroupType,
  keys: string[],
  properties: readonly string[],
): Array<[string, Record<string, unknown>]> {
  const client = ctx.client();
  const groupTypeIndex = type.group_type_index;
  if (ctx.canQuery) {
    return client.query
      .readGroupsByKeys({ groupTypeIndex, keys, properties })
      .map((row) => [row.key, row.properties]);
  }
  const outcomes = client.groups.findMany(keys.map((groupKey) => ({ groupTypeIndex, groupKey })));
  const found: Array<[string, Record<string, unknown>]> = [];
  outcomes.forEach((outcome, i) => {
    if (outcome.ok)
      found.push([keys[i] as string, pick(outcome.value.data.group_properties, properties)]);
    else if (outcome.error.code !== "not_found") throw outcome.error;
  });
  return found;
}

function pick(
  all: Record<string, unknown>,
  properties: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of properties) if (p in all) out[p] = all[p];
  return out;
}

/** One listing: a query for one property's column, or the REST list with every property; cut to fit the cache. */
export function fetchListing(
  ctx: FormulaContext,
  type: GroupType,
  property: string | null,
): { meta: ListingMeta; entries: Entry[] } {
  const client: PostHogClient = ctx.client();
  const groupTypeIndex = type.group_type_index;
  const rows: Array<[string, Record<string, unknown>]> = [];
  let complete: boolean;
  if (property !== null) {
    const result = client.query.readGroups({ groupTypeIndex, properties: [property], maxPages: 1 });
    for (const row of result.items) rows.push([row.key, row.properties]);
    complete = !result.partial;
  } else {
    const result = client.groups.listAll({ groupTypeIndex, maxPages: REST_LISTING_PAGES });
    for (const group of result.items) rows.push([group.group_key, group.group_properties]);
    complete = !result.partial;
  }
  const entries: Entry[] = [];
  const names = new Set<string>();
  let chars = 0;
  for (const [key, properties] of rows) {
    const value = property === null ? properties : properties[property];
    const entry: Entry = value === undefined ? [key] : [key, value];
    chars += JSON.stringify(entry).length + 1;
    if (chars > LISTING_MAX_CHARS) {
      complete = false;
      break;
    }
    entries.push(entry);
    if (property === null) for (const name of Object.keys(properties)) names.add(name);
  }
  const present = entries.some((e) => e.length > 1);
  const meta: ListingMeta = {
    type,
    complete,
    present,
    names: property === null && names.size <= MAX_INDEX_NAMES ? [...names] : null,
  };
  return { meta, entries };
}

/** True when no group of the type has `property` (known from a complete listing's index). */
function isUnknown(
  ctx: FormulaContext,
  ref: GroupTypeRef,
  property: string,
  groups: Map<string, FoundGroup | null>,
): boolean {
  for (const group of groups.values()) if (group && property in group.properties) return false;
  const found = listingOf(ctx, ref, ctx.canQuery ? property : null, true);
  const meta = found?.listing.index.value.meta;
  if (!meta?.complete) return false;
  return ctx.canQuery ? !meta.present : meta.names !== null && !meta.names.includes(property);
}

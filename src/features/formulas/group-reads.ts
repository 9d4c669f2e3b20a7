// How =POSTHOG_GROUP finds values cheaply: a cached listing of the type shared by every cell, or one query for a range.
//
// - With `query:read`, a single cell reads the listing of its property: every group's key and that property's
//   value, from one query, cached for the document (1,000 cells of one property cost one query per cache period).
//   A range of keys is one query for exactly those keys (unless the listings it needs are already cached).
// - Without it, the listing is the REST groups list (100 groups a request, all properties), bounded.
// - A listing too big to cache whole is marked incomplete; keys missing from it are then read by key.
import type { PostHogClient } from "../../api";
import type { GroupType } from "../../api/types";
import type { Cached } from "./cache";
import { cached, shared, withRestFallback } from "./cached";
import type { FormulaContext } from "./context";

/** The pseudo-property giving the time a value was fetched from PostHog. */
export const FETCHED_AT = "$fetched_at";
/** Characters of listing JSON kept per listing (about ten cache chunks). */
export const LISTING_MAX_CHARS = 1_000_000;
/** REST pages (100 groups each) read for a listing without `query:read`. */
export const REST_LISTING_PAGES = 20;
/** PostHog refuses longer group keys. */
const MAX_KEY_CHARS = 400;

/** A type's groups: each key with one property's value (query) or all properties (REST). */
export interface Listing {
  /** Every group of the type is in it, so a key that is not does not exist. */
  complete: boolean;
  entries: Array<[key: string] | [key: string, value: unknown]>;
}

export interface FoundGroup {
  /** When its data was fetched (ms since the epoch). */
  at: number;
  properties: Record<string, unknown>;
}

export interface GroupValues {
  /** Each asked key: its group, or null when the type has no group with that key. */
  groups: Map<string, FoundGroup | null>;
  /** Asked properties that no group of the type has. */
  unknown: Set<string>;
}

/** Reads `properties` of `keys`; `single` (one cell) prefers the shared listing over a query by key. */
export function readGroupValues(
  ctx: FormulaContext,
  type: GroupType,
  keys: readonly string[],
  properties: readonly string[],
  single: boolean,
): GroupValues {
  return withRestFallback(ctx, () => read(ctx, type, keys, properties, single));
}

function read(
  ctx: FormulaContext,
  type: GroupType,
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
  const listings = listingsFor(ctx, type, wanted, single || !ctx.canQuery);
  const pending = listings ? fromListings(listings, valid, groups) : valid;
  if (pending.length > 0) fetchPending(ctx, type, pending, wanted, groups);
  const found = [...groups.values()].some((g) => g !== null);
  const unknown = new Set(found ? real.filter((p) => isUnknown(ctx, type, p, groups)) : []);
  return { groups, unknown };
}

type Source = { listing: Cached<Listing>; property: string | null };

/** The listings covering `properties`: fetched when `fetch`, else only those already cached (null if any is not). */
function listingsFor(
  ctx: FormulaContext,
  type: GroupType,
  properties: readonly string[],
  fetch: boolean,
): Source[] | null {
  const names: Array<string | null> = ctx.canQuery ? [...properties] : [null];
  const sources: Source[] = [];
  for (const property of names) {
    const parts = listingParts(ctx, type, property);
    const listing = fetch
      ? shared(ctx, parts, () => fetchListing(ctx, type, property))
      : ctx.cache.read<Listing>(parts);
    if (!listing) return null;
    sources.push({ listing, property });
  }
  return sources;
}

function listingParts(ctx: FormulaContext, type: GroupType, property: string | null) {
  return ctx.canQuery
    ? ["listing", "q", type.group_type_index, property]
    : ["listing", "r", type.group_type_index];
}

/** Fills `groups` from the listings; returns the keys they cannot settle (absent from an incomplete listing). */
function fromListings(
  sources: Source[],
  keys: readonly string[],
  groups: Map<string, FoundGroup | null>,
) {
  const maps = sources.map((s) => ({
    ...s,
    map: new Map(s.listing.value.entries.map((e) => [e[0], e])),
  }));
  const complete = maps.every((m) => m.listing.value.complete);
  const pending: string[] = [];
  for (const key of keys) {
    const hits = maps.map((m) => m.map.get(key));
    if (hits.every((h) => h !== undefined)) {
      const properties: Record<string, unknown> = {};
      hits.forEach((entry, i) => {
        const source = maps[i];
        if (!entry || entry.length < 2 || !source) return;
        if (source.property === null)
          Object.assign(properties, entry[1] as Record<string, unknown>);
        else properties[source.property] = entry[1];
      });
      const at = Math.min(...maps.map((m) => m.listing.at));
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
): Listing {
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
  const entries: Listing["entries"] = [];
  let chars = 0;
  for (const [key, properties] of rows) {
    const value = property === null ? properties : properties[property];
    const entry: Listing["entries"][number] = value === undefined ? [key] : [key, value];
    chars += JSON.stringify(entry).length + 1;
    if (chars > LISTING_MAX_CHARS) return { complete: false, entries };
    entries.push(entry);
  }
  return { complete, entries };
}

/** True when no group of the type has `property` (known from a complete listing). */
function isUnknown(
  ctx: FormulaContext,
  type: GroupType,
  property: string,
  groups: Map<string, FoundGroup | null>,
): boolean {
  for (const group of groups.values()) if (group && property in group.properties) return false;
  const name = ctx.canQuery ? property : null;
  const listing = shared(ctx, listingParts(ctx, type, name), () => fetchListing(ctx, type, name));
  if (!listing.value.complete) return false;
  return !listing.value.entries.some(
    (e) =>
      e.length > 1 &&
      (name !== null || (typeof e[1] === "object" && e[1] !== null && property in e[1])),
  );
}

// Page iteration apart from collection: an iterator follows cursors, a collector gathers pages within limits.
import { checkOptionalInt } from "./validate";

/** One page: its items and the cursor of the next page (null when this was the last). */
export interface Page<T, C> {
  items: T[];
  next: C | null;
}

/** Bounds for collecting pages. */
export interface PageLimits {
  /**
   * Stop after this many pages.
   * @default 100
   */
  maxPages?: number;
  /**
   * Stop once at least this many items are collected (whole pages are kept, so a few more may arrive).
   * @default Infinity
   */
  maxItems?: number;
}

/** What a collector gathered. When `partial`, `cursor` resumes exactly after the last page collected. */
export interface PageResult<T, C> {
  items: T[];
  /** True when the limits stopped collection before PostHog ran out of pages. */
  partial: boolean;
  /** Where to resume (pass it back as the start); null when everything was read. */
  cursor: C | null;
  pages: number;
}

/** Yields pages from `start` (null = the first page) until a page has no next cursor. */
export function* iteratePages<T, C>(
  fetchPage: (cursor: C | null) => Page<T, C>,
  start: C | null = null,
): Generator<Page<T, C>, void, undefined> {
  let cursor = start;
  do {
    const page = fetchPage(cursor);
    yield page;
    cursor = page.next;
  } while (cursor !== null);
}

/** Gathers pages from the iterator until the end or a limit. */
export function collectPages<T, C>(
  fetchPage: (cursor: C | null) => Page<T, C>,
  start: C | null = null,
  limits: PageLimits = {},
): PageResult<T, C> {
  const maxPages = checkOptionalInt(limits.maxPages, "maxPages", 1) ?? 100;
  const maxItems =
    limits.maxItems === undefined
      ? Infinity
      : (checkOptionalInt(limits.maxItems, "maxItems", 1) as number);
  const items: T[] = [];
  let pages = 0;
  for (const page of iteratePages(fetchPage, start)) {
    items.push(...page.items);
    pages++;
    if (page.next === null) break;
    if (pages >= maxPages || items.length >= maxItems)
      return { items, partial: true, cursor: page.next, pages };
  }
  return { items, partial: false, cursor: null, pages };
}

/** Page options of a limit/offset list. */
export interface OffsetOptions {
  /**
   * Items per page.
   * @default 100
   */
  limit?: number;
  /**
   * Items to skip.
   * @default 0
   */
  offset?: number;
}

/** The envelope of limit/offset endpoints (metrics, cohorts, property definitions, projects, cohort persons). */
export interface OffsetEnvelope<T> {
  results: T[];
  next?: string | null;
  previous?: string | null;
  count?: number;
}

/**
 * Pages of a limit/offset endpoint: the cursor is the next offset, advanced by what arrived
 * (PostHog's `next` link is only read as "there is more"; its host is never contacted).
 */
export function offsetPager<T>(
  load: (limit: number, offset: number) => OffsetEnvelope<T>,
  pageSize: number,
) {
  return (offset: number | null): Page<T, number> => {
    const from = offset ?? 0;
    const envelope = load(pageSize, from);
    const more = Boolean(envelope.next) && envelope.results.length > 0;
    return { items: envelope.results, next: more ? from + envelope.results.length : null };
  };
}

/** How to collect a limit/offset listing: page size, where to start, and the usual bounds. */
export type OffsetCollectOptions = PageLimits & {
  /** @default 100 */
  pageSize?: number;
  /** @default 0 */
  offset?: number;
};

/** Collects a limit/offset listing within its bounds; the result's `cursor` is the next offset. */
export function collectOffsetPages<T>(
  load: (limit: number, offset: number) => OffsetEnvelope<T>,
  options: OffsetCollectOptions,
): PageResult<T, number> {
  const pager = offsetPager(load, checkOptionalInt(options.pageSize, "pageSize", 1) ?? 100);
  return collectPages(pager, checkOptionalInt(options.offset, "offset", 0) ?? null, options);
}

/** The envelope of `…/activity/` endpoints: page-based, 10 per page by default. */
export interface ActivityEnvelope<T> {
  results: T[];
  next: string | null;
  previous: string | null;
  total_count: number;
}

/** Pages of an activity endpoint: the cursor is the next page number (1-based). */
export function activityPager<T>(
  load: (page: number, limit: number) => ActivityEnvelope<T>,
  limit: number,
) {
  return (page: number | null): Page<T, number> => {
    const current = page ?? 1;
    const envelope = load(current, limit);
    const more = Boolean(envelope.next) && envelope.results.length > 0;
    return { items: envelope.results, next: more ? current + 1 : null };
  };
}

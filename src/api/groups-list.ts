// The groups list: fixed pages of 100, newest first, a forward-only cursor in an absolute `next` link.
import type { ApiContext } from "./context";
import { badResponse } from "./errors";
import { collectPages, type Page, type PageLimits, type PageResult } from "./paginate";
import type { RequestSpec } from "./request";
import { foundEarlier, searchSpellings } from "./search-text";
import type { Group } from "./types";
import { parseQuery, projectPath, sameOrigin, splitUrl } from "./url";
import { checkGroupTypeIndex } from "./validate";

/** Filters of the groups list. */
export interface GroupListOptions {
  groupTypeIndex: number;
  /** Case-insensitive match anywhere in the JSON of the properties (names too), or the exact key. */
  search?: string;
  /** Case-insensitive substring of the key. */
  groupKey?: string;
  /** Resume from this cursor (from a previous page or `PageResult.cursor`). */
  cursor?: string;
}

/** One page of groups: always up to 100, newest first. */
export interface GroupPage {
  results: Group[];
  /** PostHog's absolute `next` link, or null on the last page. */
  next: string | null;
  /** The `cursor` value inside `next`, to resume later; null on the last page. */
  cursor: string | null;
}

/** Where the next page is: PostHog's link when it is on our origin, and the cursor inside it. */
interface NextRef {
  url: string | null;
  cursor: string;
}

export function createGroupListApi(ctx: ApiContext) {
  const { connection, requester } = ctx;
  const path = () => projectPath(connection.projectId, "groups");

  function listParams(options: GroupListOptions, cursor: string | undefined) {
    return {
      group_type_index: checkGroupTypeIndex(options.groupTypeIndex),
      search: options.search || undefined,
      group_key: options.groupKey || undefined,
      cursor,
    };
  }

  /**
   * Fetches one page. The list ignores `limit`/`offset`: pages are a fixed 100, and the cursor only
   * goes forward (posthog-api.md §5.1). A `next` link on another origin is never contacted: the
   * cursor inside it is replayed against our own host instead.
   */
  function fetchPage(
    options: GroupListOptions,
    ref: NextRef | null,
  ): Page<Group, NextRef> & { raw: string | null } {
    const spec: RequestSpec =
      ref?.url != null
        ? { method: "GET", url: ref.url, expect: "results" }
        : {
            method: "GET",
            path: path(),
            query: listParams(options, ref?.cursor ?? options.cursor),
            expect: "results",
          };
    const { data } = requester.send<{ results: Group[]; next?: string | null }>(spec);
    const raw = data.next ?? null;
    const next = raw === null ? null : readNext(raw);
    if (next && ref && next.cursor === ref.cursor) {
      throw badResponse(
        { method: "GET", path: path() },
        200,
        "the groups list did not move forward",
      );
    }
    return { items: data.results, next, raw };
  }

  function readNext(link: string): NextRef {
    const absolute = link.startsWith("/") ? `${connection.origin}${link}` : link;
    const cursor = parseQuery(splitUrl(absolute)?.query ?? "").cursor;
    if (!cursor)
      throw badResponse({ method: "GET", path: path() }, 200, "a next link without a cursor");
    return { url: sameOrigin(absolute, connection.origin) ? absolute : null, cursor };
  }

  const startRef = (options: GroupListOptions): NextRef | null =>
    options.cursor ? { url: null, cursor: options.cursor } : null;

  function listAll(options: GroupListOptions & PageLimits): PageResult<Group, string> {
    const result = collectPages(
      (ref: NextRef | null) => fetchPage(options, ref),
      startRef(options),
      options,
    );
    return { ...result, cursor: result.cursor?.cursor ?? null };
  }

  return {
    /** One page of groups of a type. */
    list(options: GroupListOptions): GroupPage {
      const page = fetchPage(options, startRef(options));
      return { results: page.items, next: page.raw, cursor: page.next?.cursor ?? null };
    },

    /** Iterates pages lazily from `options.cursor` (or the start). */
    *pages(options: GroupListOptions): Generator<GroupPage, void, undefined> {
      let ref = startRef(options);
      do {
        const page = fetchPage(options, ref);
        yield { results: page.items, next: page.raw, cursor: page.next?.cursor ?? null };
        ref = page.next;
      } while (ref !== null);
    },

    /** Collects pages until the end or a limit; `cursor` on a partial result resumes via `options.cursor`. */
    listAll,

    /**
     * Like listAll, for a search that may need several spellings (non-ASCII text is stored escaped by REST
     * writes, raw by ingestion): one listing per spelling, each group once, up to `maxItems` in all.
     */
    listMatching(options: GroupListOptions & PageLimits): { items: Group[]; partial: boolean } {
      const spellings = options.search ? searchSpellings(options.search) : [""];
      const items: Group[] = [];
      let partial = false;
      for (const [i, search] of spellings.entries()) {
        const left = options.maxItems === undefined ? undefined : options.maxItems - items.length;
        if (left !== undefined && left <= 0) return { items, partial: true };
        const result = listAll({
          ...options,
          ...(search ? { search } : {}),
          ...(left !== undefined ? { maxItems: left } : {}),
        });
        items.push(
          ...result.items.filter(
            (g) => !foundEarlier(g.group_key, g.group_properties, spellings, i),
          ),
        );
        partial ||= result.partial;
      }
      return { items, partial };
    },
  };
}

// Bulk group reads through the query API: keyset pages, key lists (≤3 queries side by side), and counts.
import type { ApiContext } from "./context";
import { badResponse } from "./errors";
import { collectPages, type Page, type PageLimits, type PageResult } from "./paginate";
import {
  createQueryRunner,
  type HogQLRequest,
  type HogQLResponse,
  responseOf,
  shouldFallBackToRest,
} from "./query";
import {
  countQuery,
  type GroupRow,
  type GroupSelect,
  keysetQuery,
  keysQuery,
  MAX_KEY_BYTES,
  parseRow,
  splitKeys,
} from "./query-sql";
import { MAX_QUERY_CONCURRENCY } from "./request";
import { projectPath } from "./url";

/** Options of a keyset read. */
export interface GroupPageOptions extends GroupSelect {
  /** Read keys after this one ("" or absent: from the start). */
  after?: string;
  /**
   * Rows per query; PostHog never returns more than 50,000.
   * @default 50000
   */
  pageSize?: number;
  /**
   * Start the query and poll for it instead of waiting on one request (for large pages).
   * @default false
   */
  async?: boolean;
}

/** One keyset page; `after` is set when the page was full, so more may follow. */
export interface GroupRowsPage {
  rows: GroupRow[];
  after: string | null;
  /** Length of the answer that carried the rows, as text. */
  bytes: number;
}

/** Options of a key-list read. */
export interface GroupKeysOptions extends GroupSelect {
  keys: readonly string[];
  /**
   * Queries sent side by side (PostHog runs at most 3 per project).
   * @default 3
   */
  concurrency?: number;
  /**
   * Key text per query, in bytes.
   * @default 100000
   */
  maxKeyBytes?: number;
}

export function createQueryApi(ctx: ApiContext) {
  const runner = createQueryRunner(ctx);
  const path = projectPath(ctx.connection.projectId, "query");

  function rowsOf(response: HogQLResponse, select: GroupSelect): GroupRow[] {
    return response.results.map((row) => {
      const parsed = parseRow(row, select);
      if (!parsed)
        throw badResponse({ method: "POST", path }, 200, "a group row did not match the query");
      return parsed;
    });
  }

  function readPage(options: GroupPageOptions): GroupRowsPage {
    const request = keysetQuery(options, options.after ?? "", options.pageSize);
    const { response, bytes } = runner.runMeasured(request, { async: options.async === true });
    const rows = rowsOf(response, options);
    // PostHog clamps LIMIT silently and reports no hasMore, so only a short page proves the end.
    const last = rows[rows.length - 1];
    return { rows, after: rows.length >= request.pageSize && last ? last.key : null, bytes };
  }

  return {
    /** Runs any HogQL query (placeholders in `values`). */
    run: (request: HogQLRequest): HogQLResponse => runner.run(request),

    /** One keyset page of groups, in key order. */
    readGroupsPage: readPage,

    /** Reads pages until a short page or a limit; a partial result's `cursor` is the `after` to resume from. */
    readGroups(options: GroupPageOptions & PageLimits): PageResult<GroupRow, string> {
      const fetch = (after: string | null): Page<GroupRow, string> => {
        const page = readPage({ ...options, after: after ?? "" });
        return { items: page.rows, next: page.after };
      };
      return collectPages(fetch, options.after || null, options);
    },

    /** The groups among `keys` (missing keys are simply absent), in key order per chunk. */
    readGroupsByKeys(options: GroupKeysOptions): GroupRow[] {
      const chunks = splitKeys(options.keys, options.maxKeyBytes ?? MAX_KEY_BYTES);
      const requests = chunks.map((keys) => keysQuery(options, keys));
      const width = Math.min(
        MAX_QUERY_CONCURRENCY,
        Math.max(1, options.concurrency ?? MAX_QUERY_CONCURRENCY),
      );
      const specs = requests.map((request) => runner.spec(request, ctx.newId(), "force_blocking"));
      const outcomes = ctx.requester.sendAll<unknown>(specs, { concurrency: width });
      return outcomes.flatMap((outcome, i) => {
        if (outcome.ok)
          return rowsOf(
            responseOf(outcome.value.status, outcome.value.data, { method: "POST", path }),
            options,
          );
        if (outcome.error.status === 504)
          return rowsOf(runner.runAsync(requests[i] as HogQLRequest), options);
        throw outcome.error;
      });
    },

    /** How many groups of a type (matching `search`, if given). */
    countGroups(select: GroupSelect): number {
      const response = runner.run(countQuery(select));
      const total = Number(response.results[0]?.[0]);
      if (!Number.isFinite(total))
        throw badResponse({ method: "POST", path }, 200, "the count is not a number");
      return total;
    },

    /** True when an error means "no query:read": read through the REST groups list instead. */
    shouldFallBackToRest,
  };
}

/** The query resource. */
export type QueryApi = ReturnType<typeof createQueryApi>;

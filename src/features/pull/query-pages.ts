// How many groups a query page asks for: sized from the measured bytes per row so no answer nears Apps
// Script's 50 MB response limit (docs/apps-script.md, "UrlFetch limits"), halved after a size failure.

import { isPostHogError } from "../../api/errors";
import { MAX_QUERY_ROWS } from "../../api/query-sql";
import { UserFacingError } from "../../shared/failures";
import { countOf } from "../../shared/wording";

/** The first page of a pull: small, so its answer measures the rows before a large page is risked. */
export const PROBE_ROWS = 1_000;
/**
 * Text a page's answer may reach. UTF-8 needs at most 3 bytes per UTF-16 unit, so 10 M units stay under
 * 30 MB, well inside the 50 MB limit, and download in seconds, well inside the 60 s fetch timeout.
 */
export const TARGET_PAGE_CHARS = 10_000_000;
/** Halvings tried on one page before the pull stops with a message: 50,000 rows become 3,125. */
export const MAX_HALVINGS = 4;

/** Rows per page for rows of `charsPerRow`, at most `cap`. */
export function pageSizeFor(charsPerRow: number, cap = MAX_QUERY_ROWS): number {
  const fit = Math.floor(TARGET_PAGE_CHARS / Math.max(1, charsPerRow));
  return Math.max(1, Math.min(cap, MAX_QUERY_ROWS, fit));
}

/** Failures a smaller page may avoid: too large for Apps Script, too slow to answer, too heavy for PostHog. */
export function isSizeFailure(error: unknown): boolean {
  return (
    isPostHogError(error) &&
    (error.code === "response_too_large" ||
      error.code === "timeout" ||
      error.code === "query_too_heavy")
  );
}

/** Why a page failed for its size, in a few words. */
function sizeReason(error: unknown): string {
  if (!isPostHogError(error)) return "PostHog could not answer.";
  if (error.code === "response_too_large")
    return "The answer was larger than Google Apps Script accepts (50 MB).";
  if (error.code === "timeout") return "PostHog did not answer in time.";
  return error.status === 513
    ? "PostHog ran out of memory reading them."
    : "PostHog estimated the read would take too long.";
}

/** What the person reads when even the smallest page tried fails. */
export function pageTooHeavy(error: unknown, rows: number): UserFacingError {
  const why = sizeReason(error);
  return new UserFacingError(
    "page_too_large",
    `PostHog could not return even ${countOf(rows, "group")} at a time. ${why} ` +
      "Pick fewer columns in the pull form, or add a search, then pull again.",
  );
}

/** What a pull remembers between pages (and executions) about their size. */
export interface PageSizing {
  /** Rows the next page asks for. */
  size: number;
  /** The largest page that passed after a size failure: no later page asks for more. */
  ceiling?: number;
}

/** The sizing of a pull's first page: the probe. */
export const FIRST_PAGE: PageSizing = { size: PROBE_ROWS };

/**
 * Reads one page (async above the probe size), halving on a size failure, and says how large the next page
 * may be from the answer's measured text per row. After a failure, no later page asks for more than passed.
 */
export function readSized<T extends { rows: unknown[]; bytes: number }>(
  read: (size: number, async: boolean) => T,
  sizing: PageSizing,
  cap: number,
): { value: T; sizing: PageSizing } {
  const limit = Math.min(cap, sizing.ceiling ?? cap);
  let rows = Math.max(1, Math.min(sizing.size, limit));
  for (let halvings = 0; ; halvings++) {
    try {
      const value = read(rows, rows > PROBE_ROWS);
      const ceiling = halvings > 0 ? rows : sizing.ceiling;
      const measured = value.rows.length > 0 ? value.bytes / value.rows.length : null;
      const size = measured === null ? rows : pageSizeFor(measured, Math.min(cap, ceiling ?? cap));
      return { value, sizing: ceiling === undefined ? { size } : { size, ceiling } };
    } catch (error) {
      if (!isSizeFailure(error)) throw error;
      if (halvings >= MAX_HALVINGS || rows === 1) throw pageTooHeavy(error, rows);
      rows = Math.max(1, Math.floor(rows / 2));
    }
  }
}

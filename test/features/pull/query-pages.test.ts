// Query page sizing: from the measured text per row, halved after a size failure, then a clear message.
import { describe, expect, it } from "vitest";
import { PostHogError } from "../../../src/api/errors";
import {
  FIRST_PAGE,
  MAX_HALVINGS,
  PROBE_ROWS,
  pageSizeFor,
  readSized,
  TARGET_PAGE_CHARS,
} from "../../../src/features/pull/query-pages";

const heavy = () =>
  new PostHogError({
    code: "query_too_heavy",
    status: 513,
    message: "This read ran out of memory.",
  });

/** A fake page reader: rows of `perRow` characters, failing above `maxRows`; records what it was asked. */
function reader(perRow: number, maxRows = Infinity, fail = heavy) {
  const asked: Array<{ size: number; async: boolean }> = [];
  const read = (size: number, async: boolean) => {
    asked.push({ size, async });
    if (size > maxRows) throw fail();
    return { rows: Array.from({ length: size }, () => 0), bytes: size * perRow };
  };
  return { read, asked };
}

describe("query page sizing", () => {
  it("keeps a page's text under the target, and at most 50,000 rows", () => {
    expect(pageSizeFor(3_000)).toBe(Math.floor(TARGET_PAGE_CHARS / 3_000));
    expect(pageSizeFor(3_000) * 3_000 * 3).toBeLessThan(50 * 1024 * 1024);
    expect(pageSizeFor(50)).toBe(50_000);
    expect(pageSizeFor(50, 10_000)).toBe(10_000);
  });

  it("reads the probe blocking, then sizes the next page from it and reads that async", () => {
    const { read, asked } = reader(3_000);
    const first = readSized(read, FIRST_PAGE, 50_000);
    expect(first.sizing).toEqual({ size: pageSizeFor(3_000) });
    readSized(read, first.sizing, 50_000);
    expect(asked).toEqual([
      { size: PROBE_ROWS, async: false },
      { size: pageSizeFor(3_000), async: true },
    ]);
  });

  it("halves after a size failure and never grows past the page that passed, on later pages too", () => {
    const { read, asked } = reader(100, 10_000);
    const page = readSized(read, { size: 40_000 }, 50_000);
    expect(asked.map((a) => a.size)).toEqual([40_000, 20_000, 10_000]);
    expect(page.value.rows).toHaveLength(10_000);
    expect(page.sizing).toEqual({ size: 10_000, ceiling: 10_000 });
    const later = readSized(read, page.sizing, 50_000);
    expect(asked.at(-1)?.size).toBe(10_000);
    expect(later.sizing).toEqual({ size: 10_000, ceiling: 10_000 });
  });

  it("stops with a clear message after a few halvings", () => {
    const { read, asked } = reader(100, 0);
    expect(() => readSized(read, { size: 50_000 }, 50_000)).toThrow(
      expect.objectContaining({ code: "page_too_large" }),
    );
    expect(asked).toHaveLength(MAX_HALVINGS + 1);
    try {
      readSized(reader(100, 0).read, { size: 50_000 }, 50_000);
    } catch (error) {
      expect((error as Error).message).toMatch(
        /even 3,125 groups at a time\. PostHog ran out of memory reading them\./,
      );
    }
  });

  it("lets other failures through at once", () => {
    const quota = () =>
      new PostHogError({ code: "quota_exceeded", status: 402, message: "used up" });
    const { read, asked } = reader(100, 0, quota);
    expect(() => readSized(read, { size: 50_000 }, 50_000)).toThrow(
      expect.objectContaining({ code: "quota_exceeded" }),
    );
    expect(asked).toHaveLength(1);
  });
});

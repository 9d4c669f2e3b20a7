// The groups source's REST path for a non-ASCII search: one listing per spelling, resumable between fetches.
import { describe, expect, it } from "vitest";
import type { PostHogClient } from "../../../src/api/index.ts";
import type { Group } from "../../../src/api/types.ts";
import { groupsSource } from "../../../src/features/pull/sources-groups.ts";

/** A groups list serving `pages` per search term, one page a call, and counting the calls. */
function fakeList(pages: Record<string, Group[][]>) {
  const calls: Array<{ search: string | undefined; cursor: string | undefined }> = [];
  const client = {
    groups: {
      list(options: { search?: string; cursor?: string }) {
        calls.push({ search: options.search, cursor: options.cursor });
        const all = pages[options.search ?? ""] ?? [];
        const at = Number(options.cursor ?? 0);
        const next = at + 1 < all.length ? String(at + 1) : null;
        return { results: all[at] ?? [], next, cursor: next };
      },
    },
  } as unknown as PostHogClient;
  return { client, calls };
}

const group = (key: string, properties: Record<string, unknown>): Group => ({
  group_type_index: 0,
  group_key: key,
  group_properties: properties,
  created_at: "2026-01-01T00:00:00Z",
});

describe("groups source, REST, non-ASCII search", () => {
  it("lists the raw spelling, then the escaped ones, across fetches, each group once", () => {
    const { client, calls } = fakeList({
      münchen: [[group("raw-1", { city: "München" })], [group("raw-2", { city: "münchen" })]],
      "m\\u00fcnchen": [[group("rest-1", { city: "München" })]],
      // The upper-case spelling finds rest-1 again (it holds both), and rest-2.
      "M\\u00dcNCHEN": [[group("rest-1", { city: "München" }), group("rest-2", { c: "MÜNCHEN" })]],
    });
    const source = groupsSource(
      { entity: "groups", groupTypeIndex: 0, search: "münchen" },
      client,
      { canQuery: false, restPagesPerFetch: 1 },
      "Companies",
      [],
    );
    const keys: string[] = [];
    let cursor: string | null = null;
    let fetches = 0;
    do {
      const page = source.fetch(cursor);
      keys.push(...page.records.map((r) => r.key));
      cursor = page.next === null ? null : String(page.next);
      fetches++;
    } while (cursor !== null && fetches < 10);
    expect(keys).toEqual(["raw-1", "raw-2", "rest-1", "rest-2"]);
    expect(calls.map((c) => c.search)).toEqual([
      "münchen",
      "münchen",
      "m\\u00fcnchen",
      "M\\u00dcNCHEN",
    ]);
    expect(fetches).toBe(4);
  });

  it("keeps PostHog's own cursor for an ASCII search", () => {
    const { client, calls } = fakeList({ acme: [[group("a", {})], [group("b", {})]] });
    const source = groupsSource(
      { entity: "groups", groupTypeIndex: 0, search: "acme" },
      client,
      { canQuery: false, restPagesPerFetch: 1 },
      "Companies",
      [],
    );
    expect(source.fetch(null).next).toBe("1");
    expect(source.fetch("1").next).toBeNull();
    expect(calls.map((c) => c.search)).toEqual(["acme", "acme"]);
  });
});

// The groups source of a pull: query API pages (keyset on the key) with query:read, else the REST list of 100.
import type { PostHogClient } from "../../api";
import { MAX_QUERY_ROWS } from "../../api/query-sql";
import { foundEarlier, searchSpellings } from "../../api/search-text";
import type { PullRequest } from "../../shared/rpc";
import { CREATED_HEADER, KEY_HEADER } from "../../sheets/columns";
import type { TableRecord } from "../../sheets/records";
import { FIRST_PAGE, readSized } from "./query-pages";
import { page, plain, type Source, type SourceOptions } from "./source-page";

export function groupsSource(
  request: Extract<PullRequest, { entity: "groups" }>,
  client: PostHogClient,
  options: SourceOptions,
  title: string,
  defaultColumns: string[],
): Source {
  const base = {
    title: request.search ? `${title} matching ${request.search}` : title,
    fixedHeaders: [KEY_HEADER, CREATED_HEADER],
    defaultColumns,
  };
  const asked = request.columns && request.columns.length > 0 ? request.columns : undefined;
  if (options.canQuery) {
    return {
      ...base,
      mode: "query",
      fetch: (cursor, sizing) => {
        const cap = options.queryPageSize ?? MAX_QUERY_ROWS;
        const sized = readSized(
          (size, async) =>
            client.query.readGroupsPage({
              groupTypeIndex: request.groupTypeIndex,
              ...(asked ? { properties: asked } : {}),
              ...(request.search ? { search: request.search } : {}),
              after: cursor ?? "",
              pageSize: size,
              async,
            }),
          sizing ?? FIRST_PAGE,
          cap,
        );
        const result = sized.value;
        return {
          ...page(
            result.rows,
            (g) => plain(g.key, [g.key, g.createdAt], g.properties),
            result.after,
          ),
          sizing: sized.sizing,
        };
      },
    };
  }
  // A non-ASCII search also lists its JSON-escaped spellings (REST writes store them so), one after another;
  // the cursor then carries the spelling it is at: "<n>:<PostHog's cursor>".
  const spellings = request.search ? searchSpellings(request.search) : [""];
  const several = spellings.length > 1;
  return {
    ...base,
    mode: "rest",
    fetch: (cursor) => {
      const records: TableRecord[] = [];
      let [pass, next] = several ? splitPass(cursor) : [0, cursor];
      // The groups list has fixed pages of 100 and a forward cursor (posthog-api.md §5.1).
      for (let i = 0; i < (options.restPagesPerFetch ?? 20) && pass < spellings.length; i++) {
        const search = spellings[pass];
        const result = client.groups.list({
          groupTypeIndex: request.groupTypeIndex,
          ...(search ? { search } : {}),
          ...(next ? { cursor: next } : {}),
        });
        for (const g of result.results)
          if (!foundEarlier(g.group_key, g.group_properties, spellings, pass))
            records.push(
              plain(g.group_key, [g.group_key, g.created_at], pick(g.group_properties, asked)),
            );
        next = result.cursor;
        if (next === null) pass++;
      }
      if (pass >= spellings.length) return { records, next: null };
      return { records, next: several ? `${pass}:${next ?? ""}` : next };
    },
  };
}

function splitPass(cursor: string | null): [number, string | null] {
  const at = cursor?.indexOf(":") ?? -1;
  if (!cursor || at < 0) return [0, cursor];
  return [Number(cursor.slice(0, at)) || 0, cursor.slice(at + 1) || null];
}

function pick(
  properties: Record<string, unknown>,
  asked: readonly string[] | undefined,
): Record<string, unknown> {
  if (!asked) return properties ?? {};
  const picked: Record<string, unknown> = {};
  for (const name of asked) if (properties && name in properties) picked[name] = properties[name];
  return picked;
}

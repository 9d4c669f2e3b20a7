// A small stateful PostHog behind the memory transport: group types, groups (REST list, find, the query API's
// keyset, key-list and count shapes), cohorts and their persons, property definitions; with request counters.
// It answers only the shapes src/api sends (src/api/query-sql.ts for SQL), and refuses anything else loudly.
import type { HttpRequest, HttpResponse } from "../../src/api/transport.ts";
import type {
  Cohort,
  CohortPerson,
  Group,
  GroupType,
  GroupUsageMetric,
  PropertyDefinition,
} from "../../src/api/types.ts";
import { fakeClock } from "./fake-clock.ts";
import { eventsQuery, type FakeEvent, warehouseQuery } from "./fake-events.ts";
import { jsonReply as json, memoryClient, notFound } from "./memory-client.ts";
import { memoryTransport } from "./memory-transport.ts";

export const FAKE_KEY = "phx_fakekey1234567890abcdefgh";
export const FAKE_PROJECT = 4242;
const ORIGIN = "https://us.posthog.com";
const P = `/api/projects/${FAKE_PROJECT}`;
/** The groups list's fixed page of 100 (docs/posthog-api.md, "groups/ list"; posthog/api/group.py). */
const GROUPS_PAGE = 100;

export interface FakeGroup {
  key: string;
  createdAt: string;
  /** What `max(updated_at)` answers for the schedule's cheap check. */
  updatedAt: string;
  properties: Record<string, unknown>;
}

export interface FakePostHog {
  types: GroupType[];
  /** Groups by group type index, in insertion order. */
  groups: Map<number, FakeGroup[]>;
  cohorts: Cohort[];
  members: Map<number, CohortPerson[]>;
  definitions: Map<number, PropertyDefinition[]>;
  /** Group usage metrics by group type index. */
  metrics: Map<number, GroupUsageMetric[]>;
  /** Events, for the usage-metric query (fake-events.ts). */
  events: FakeEvent[];
  /** Data-warehouse tables by name: rows of column → value (a time column as ISO text). */
  warehouse: Map<string, Record<string, unknown>[]>;
  /** False: the key lacks query:read (403 on /query/). "quota": the month's query allowance is spent (402). */
  query: boolean | "quota";
  /** Every request, and counts by "METHOD path-kind" (e.g. "GET groups", "POST query"). */
  requests: HttpRequest[];
  counts: Map<string, number>;
  count(kind: string): number;
  handle(request: HttpRequest): HttpResponse;
  addGroups(index: number, groups: Array<Partial<FakeGroup> & { key: string }>): void;
}

function queryOf(url: string): Record<string, string> {
  const at = url.indexOf("?");
  if (at < 0) return {};
  return Object.fromEntries(
    url
      .slice(at + 1)
      .split("&")
      .filter(Boolean)
      .map(
        (p) =>
          p.split("=").map((x) => decodeURIComponent(x.replace(/\+/g, " "))) as [string, string],
      ),
  );
}

/** PostHog's `search`: the properties' JSON text contains it (any case), or the key equals it (any case). */
function matches(g: FakeGroup, search: string | undefined): boolean {
  if (!search) return true;
  const lower = search.toLowerCase();
  return (
    JSON.stringify(g.properties).toLowerCase().includes(lower) || g.key.toLowerCase() === lower
  );
}

export function fakePostHog(): FakePostHog {
  const fake: FakePostHog = {
    types: [],
    groups: new Map(),
    cohorts: [],
    members: new Map(),
    definitions: new Map(),
    metrics: new Map(),
    events: [],
    warehouse: new Map(),
    query: true,
    requests: [],
    counts: new Map(),
    count: (kind) => fake.counts.get(kind) ?? 0,
    addGroups(index, groups) {
      const list = fake.groups.get(index) ?? [];
      for (const g of groups)
        list.push({
          createdAt: "2026-01-01T00:00:00Z",
          updatedAt: "2026-01-01T00:00:00Z",
          properties: {},
          ...g,
        });
      fake.groups.set(index, list);
    },
    handle(request) {
      fake.requests.push(request);
      const path = request.url.replace(ORIGIN, "").replace(/\?.*$/, "");
      if (!path.startsWith(`${P}/`)) throw new Error(`fake PostHog: unknown path ${path}`);
      const rest = path.slice(P.length + 1).replace(/\/$/, "");
      const segments = rest.split("/");
      const kind = `${request.method} ${segments.filter((s) => !/^\d+$/.test(s)).join("/")}`;
      fake.counts.set(kind, (fake.counts.get(kind) ?? 0) + 1);
      const q = queryOf(request.url);
      switch (kind) {
        case "GET groups_types":
          return json(200, fake.types);
        case "GET groups":
          return groupsList(Number(q.group_type_index), q.search, q.cursor);
        case "GET groups/find": {
          const g = (fake.groups.get(Number(q.group_type_index)) ?? []).find(
            (x) => x.key === q.group_key,
          );
          return g ? json(200, toGroup(Number(q.group_type_index), g)) : notFound();
        }
        case "POST query":
          return runQuery(JSON.parse(request.body ?? "{}"));
        case "GET cohorts":
          return offsetPage(fake.cohorts, q);
        case "GET cohorts/persons": {
          const members = fake.members.get(Number(segments[1]));
          return members ? offsetPage(members, q) : notFound();
        }
        case "GET groups/property_values":
          return propertyValues(Number(q.group_type_index), q.key ?? "");
        case "GET groups_types/metrics":
          return offsetPage(fake.metrics.get(Number(segments[1])) ?? [], q);
        case "GET property_definitions":
          return offsetPage(fake.definitions.get(Number(q.group_type_index)) ?? [], q);
        default:
          throw new Error(`fake PostHog: unscripted ${request.method} ${path}`);
      }
    },
  };

  const toGroup = (index: number, g: FakeGroup): Group => ({
    group_type_index: index,
    group_key: g.key,
    group_properties: g.properties,
    created_at: g.createdAt,
  });

  function groupsList(index: number, search?: string, cursor?: string): HttpResponse {
    const all = (fake.groups.get(index) ?? []).filter((g) => matches(g, search));
    const from = cursor ? Number(atob(cursor)) : 0;
    const page = all.slice(from, from + GROUPS_PAGE);
    const more = from + GROUPS_PAGE < all.length;
    const next = more
      ? `${ORIGIN}${P}/groups/?group_type_index=${index}${search ? `&search=${encodeURIComponent(search)}` : ""}&cursor=${btoa(String(from + GROUPS_PAGE))}`
      : null;
    return json(200, { next, previous: null, results: page.map((g) => toGroup(index, g)) });
  }

  /** The most common values of a property, with how many groups hold each (newer PostHog's {results} shape). */
  function propertyValues(index: number, key: string): HttpResponse {
    const counts = new Map<string, { name: unknown; count: number }>();
    for (const g of fake.groups.get(index) ?? []) {
      if (!(key in g.properties)) continue;
      const id = JSON.stringify(g.properties[key]);
      const entry = counts.get(id) ?? { name: g.properties[key], count: 0 };
      entry.count++;
      counts.set(id, entry);
    }
    const results = [...counts.values()].sort((a, b) => b.count - a.count).slice(0, 20);
    return json(200, { results, refreshing: false });
  }

  function offsetPage<T>(items: T[], q: Record<string, string>): HttpResponse {
    const limit = Number(q.limit ?? 100);
    const offset = Number(q.offset ?? 0);
    const more = offset + limit < items.length;
    return json(200, {
      count: items.length,
      next: more ? `${ORIGIN}/next?offset=${offset + limit}` : null,
      previous: null,
      results: items.slice(offset, offset + limit),
    });
  }

  function runQuery(body: { query?: { query?: string; values?: Record<string, unknown> } }) {
    if (fake.query === false)
      return json(403, {
        type: "authentication_error",
        code: "permission_denied",
        detail: "API key missing required scope 'query:read'",
        attr: null,
      });
    if (fake.query === "quota")
      return json(402, {
        type: "quota_limited",
        code: "api_queries_quota_exceeded",
        detail: "Monthly query quota exceeded",
        attr: null,
      });
    const sql = body.query?.query ?? "";
    const values = body.query?.values ?? {};
    if (/ FROM events /.test(sql))
      return json(200, { results: eventsQuery(sql, values, fake.events), columns: [] });
    const table = fake.warehouse.get(/ FROM (\w+) WHERE /.exec(sql)?.[1] ?? "");
    if (table) return json(200, { results: warehouseQuery(sql, values, table), columns: [] });
    const index = Number(values.index);
    const term = typeof values.term === "string" ? values.term : undefined;
    let rows = (fake.groups.get(index) ?? []).filter((g) => matches(g, term));
    if (sql.startsWith("SELECT count()")) {
      const changed =
        rows
          .map((g) => g.updatedAt)
          .sort()
          .pop() ?? null;
      const row: unknown[] = [rows.length];
      if (sql.includes("max(updated_at)")) row.push(changed);
      return json(200, { results: [row], columns: ["total"] });
    }
    const limit = Number(/LIMIT (\d+)$/.exec(sql)?.[1] ?? 50_000);
    rows = [...rows].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    if (Array.isArray(values.keys))
      rows = rows.filter((g) => (values.keys as string[]).includes(g.key));
    else rows = rows.filter((g) => g.key > String(values.after ?? ""));
    const names = Object.keys(values)
      .filter((k) => /^p\d+$/.test(k))
      .map((k) => String(values[k]));
    const results = rows.slice(0, limit).map((g) => {
      const head: unknown[] = [g.key, g.createdAt];
      if (!sql.includes("JSONExtractRaw")) return [...head, JSON.stringify(g.properties)];
      // JSONExtractRaw gives the value's JSON text, or "" when the property is absent.
      return [
        ...head,
        ...names.map((n) => (n in g.properties ? JSON.stringify(g.properties[n]) : "")),
      ];
    });
    return json(200, { results, columns: [] });
  }

  return fake;
}

/** A PostHog client over the fake, on a fake clock whose sleeps advance it; one request costs `msPerRequest`. */
export function fakeClient(
  fake: FakePostHog,
  options: { clock?: ReturnType<typeof fakeClock>; msPerRequest?: number } = {},
) {
  const time = options.clock ?? fakeClock();
  const transport = memoryTransport((request) => {
    time.advance(options.msPerRequest ?? 0);
    return fake.handle(request);
  });
  const client = memoryClient(
    transport,
    { host: "us", apiKey: FAKE_KEY, projectId: FAKE_PROJECT },
    time,
  );
  return { client, transport, time };
}

// Helpers for the query API's unit tests: the request body the client sends, and a scripted page of rows.
import type { HttpRequest } from "../../src/api/transport";
import { P } from "./fake-transport";

export const QUERY = `${P}/query/`;

export interface Body {
  query: { kind: string; query: string; values: Record<string, unknown> };
  refresh: string;
  name: string;
  client_query_id: string;
}

export const bodyOf = (r: HttpRequest | undefined): Body => JSON.parse(r?.body ?? "{}") as Body;

/** A 200 answer with one row per key (whole properties selected). */
export const rows = (...keys: string[]) => ({
  status: 200,
  body: {
    results: keys.map((k) => [k, "2026-01-01T00:00:00Z", JSON.stringify({ name: k })]),
    columns: ["key", "created_at", "properties"],
  },
});

// The shape every pull source shares: a page of table records and a cursor to resume from.

import type { TableRecord } from "../../sheets/records";
import type { PageSizing } from "./query-pages";

export interface SourcePage {
  records: TableRecord[];
  /** Where the next page starts; null when this was the last. */
  next: string | null;
  /** How large the next page should be (query pages, sized from this one's measured answer). */
  sizing?: PageSizing;
}

export interface Source {
  /** The sheet's name, e.g. "Companies". */
  title: string;
  fixedHeaders: string[];
  /** Property columns to show first (the group type's default columns). */
  defaultColumns: string[];
  /** "query" or "rest" for groups, "rest" for the rest. */
  mode: "query" | "rest";
  /** `sizing`: what the previous page said about the next one's size, if anything. */
  fetch(cursor: string | null, sizing?: PageSizing): SourcePage;
}

export interface SourceOptions {
  canQuery: boolean;
  /** Most rows a query page asks for (pages are sized from measured rows below it). @default 50000 */
  queryPageSize?: number;
  /** REST pages read per fetch (100 groups each for the groups list). @default 20 */
  restPagesPerFetch?: number;
}

export const page = <T>(
  items: T[],
  toRecord: (item: T) => TableRecord,
  next: number | string | null,
): SourcePage => ({
  records: items.map(toRecord),
  next: next === null ? null : String(next),
});

export const plain = (
  key: string,
  fixed: unknown[],
  properties: Record<string, unknown> = {},
): TableRecord => ({ key, fixed, properties });

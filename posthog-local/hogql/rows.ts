// Row selection for groups queries: ClickHouse ILIKE, and walking the pre-sorted views in the requested order.
import { compareCodePoints } from "../ids";
import type { GroupRow } from "../types";
import type { ColumnName, GroupsQuery } from "./parser";

/** ClickHouse (I)LIKE: % and _ wildcards, backslash escapes, case-insensitive. */
export function ilike(pattern: string): (row: GroupRow) => boolean {
  const plain = /^%([^%_\\]*)%$/.exec(pattern);
  if (plain) {
    const needle = (plain[1] as string).toLowerCase();
    return (row) => lowerJson(row).includes(needle);
  }
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === "\\" && i + 1 < pattern.length) source += escapeRegex(pattern[++i] as string);
    else if (c === "%") source += "[\\s\\S]*";
    else if (c === "_") source += "[\\s\\S]";
    else source += escapeRegex(c);
  }
  const re = new RegExp(`^${source}$`, "iu");
  return (row) => re.test(row.json);
}

function lowerJson(row: GroupRow): string {
  if (row.lowerJson === undefined) row.lowerJson = row.json.toLowerCase();
  return row.lowerJson;
}

function escapeRegex(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** Uses the pre-sorted views for the two documented orders; sorts only for anything else. */
export function pickRows(
  listOrder: readonly GroupRow[],
  keyOrder: () => readonly GroupRow[],
  orderBy: GroupsQuery["orderBy"],
  after: string | null,
  keep: (row: GroupRow) => boolean,
  wanted: number,
): GroupRow[] {
  const spec = orderBy.map((o) => `${o.column} ${o.desc ? "desc" : "asc"}`).join(",");
  const out: GroupRow[] = [];
  const take = (rows: readonly GroupRow[], from: number, step: 1 | -1) => {
    for (let i = from; i >= 0 && i < rows.length && out.length < wanted; i += step) {
      const row = rows[i] as GroupRow;
      if (keep(row)) out.push(row);
    }
    return out;
  };
  if (spec === "key asc") {
    const rows = keyOrder();
    return take(rows, after === null ? 0 : firstAbove(rows, after), 1);
  }
  if (spec === "key desc") return take(keyOrder(), keyOrder().length - 1, -1);
  if (spec === "" || spec === "created_at desc,key desc") return take(listOrder, 0, 1);
  const all = listOrder.filter(keep);
  all.sort((a, b) => {
    for (const o of orderBy) {
      const d = compareBy(o.column, a, b);
      if (d !== 0) return o.desc ? -d : d;
    }
    return 0;
  });
  return all.slice(0, wanted);
}

function compareBy(column: ColumnName, a: GroupRow, b: GroupRow): number {
  if (column === "created_at") return a.createdAtUs - b.createdAtUs;
  if (column === "updated_at") return a.updatedAtUs - b.updatedAtUs;
  if (column === "properties") return compareCodePoints(a.json, b.json);
  if (column === "index") return 0;
  return compareCodePoints(a.key, b.key);
}

function firstAbove(rows: readonly GroupRow[], after: string): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareCodePoints((rows[mid] as GroupRow).key, after) > 0) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

// =POSTHOG_GROUP (values of groups by key) and =POSTHOG_GROUPS (a table of a type's groups).
import type { GroupType } from "../../api/types";
import { KEY_HEADER } from "../../sheets/columns";
import { groupTypeRef, singleValue, textList, textOf } from "./args";
import { cached, resolveGroupType, withRestFallback } from "./cached";
import type { FormulaContext } from "./context";
import { FETCHED_AT, readGroupValues } from "./group-reads";
import { groupLayout } from "./layout";
import { fail, quote } from "./messages";
import { type FormulaCell, type FormulaResult, formulaCell, table } from "./values";

/** Most groups =POSTHOG_GROUPS lists; a last row says when there were more. */
export const MAX_TABLE_ROWS = 2_000;
/** Most columns =POSTHOG_GROUPS makes when it shows every property. */
const MAX_TABLE_COLUMNS = 100;

export function groupValues(
  ctx: FormulaContext,
  groupType: unknown,
  groupKey: unknown,
  property: unknown,
): FormulaResult {
  const ref = groupTypeRef(groupType);
  const layout = groupLayout(groupKey, property);
  if (layout.keys.length === 0) fail("argument", "group_key is empty");
  if (layout.properties.length === 0) fail("argument", "property is empty");
  const { type, groups, unknown } = readGroupValues(
    ctx,
    ref,
    layout.keys,
    layout.properties,
    layout.single,
  );
  const cell = (key: string | null, prop: string | null): FormulaCell => {
    if (key === null || prop === null) return "";
    const group = groups.get(key);
    if (!group) return `PostHog: unknown ${type.group_type} ${quote(key)}`;
    if (prop === FETCHED_AT) return new Date(group.at);
    if (unknown.has(prop)) return `PostHog: unknown property ${quote(prop)}`;
    return formulaCell(group.properties[prop]);
  };
  if (layout.single) {
    const only = layout.at(0, 0);
    return cell(only.key, only.property);
  }
  return Array.from({ length: layout.rows }, (_, r) =>
    Array.from({ length: layout.columns }, (_, c) => {
      const at = layout.at(r, c);
      return cell(at.key, at.property);
    }),
  );
}

interface GroupTable {
  rows: Array<[string, Record<string, unknown>]>;
  truncated: boolean;
}

export function groupTable(
  ctx: FormulaContext,
  groupType: unknown,
  search: unknown,
  properties: unknown,
): FormulaResult {
  const type = resolveGroupType(ctx, groupTypeRef(groupType));
  const term = textOf(singleValue(search, "search"));
  const asked = textList(properties);
  const real = asked.filter((p) => p !== FETCHED_AT);
  const data = withRestFallback(ctx, () =>
    cached(ctx, ["groups", ctx.canQuery ? "q" : "r", type.group_type_index, term, real], () =>
      readTable(ctx, type, term, real),
    ),
  );
  const columns = asked.length > 0 ? asked : allProperties(data.value.rows);
  const rows = data.value.rows.map(([key, values]): FormulaCell[] => [
    key,
    ...columns.map((c) => (c === FETCHED_AT ? new Date(data.at) : formulaCell(values[c]))),
  ]);
  if (data.value.truncated)
    rows.push([`PostHog: only the first ${MAX_TABLE_ROWS} groups; narrow the search`]);
  return table([KEY_HEADER, ...columns], rows);
}

function readTable(
  ctx: FormulaContext,
  type: GroupType,
  term: string,
  properties: readonly string[],
): GroupTable {
  const client = ctx.client();
  const groupTypeIndex = type.group_type_index;
  const filter = term === "" ? {} : { search: term };
  let rows: Array<[string, Record<string, unknown>]>;
  if (ctx.canQuery) {
    const select = properties.length > 0 ? { properties } : {};
    const page = client.query.readGroupsPage({
      groupTypeIndex,
      ...filter,
      ...select,
      pageSize: MAX_TABLE_ROWS + 1,
    });
    rows = page.rows.map((row) => [row.key, row.properties]);
  } else {
    // listMatching: a non-ASCII search also finds the values REST writes stored escaped.
    const result = client.groups.listMatching({
      groupTypeIndex,
      ...filter,
      maxItems: MAX_TABLE_ROWS + 1,
      maxPages: Math.ceil(MAX_TABLE_ROWS / 100) + 1,
    });
    rows = result.items
      .map((g): [string, Record<string, unknown>] => [
        g.group_key,
        only(g.group_properties, properties),
      ])
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
  return { rows: rows.slice(0, MAX_TABLE_ROWS), truncated: rows.length > MAX_TABLE_ROWS };
}

function only(
  all: Record<string, unknown>,
  properties: readonly string[],
): Record<string, unknown> {
  if (properties.length === 0) return all;
  return Object.fromEntries(properties.filter((p) => p in all).map((p) => [p, all[p]]));
}

/** Every property name the rows have, in order of first appearance. */
function allProperties(rows: GroupTable["rows"]): string[] {
  const names = new Set<string>();
  for (const [, properties] of rows) {
    for (const name of Object.keys(properties)) {
      if (names.size >= MAX_TABLE_COLUMNS) return [...names];
      names.add(name);
    }
  }
  return [...names];
}

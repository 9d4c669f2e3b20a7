// The column layout of a groups sheet: the key and creation time first, then the type's default columns, then A→Z.

/** Columns every groups sheet starts with; they are PostHog's, not properties. */
export const KEY_HEADER = "group_key";
export const CREATED_HEADER = "created_at";

export interface PropertyColumn {
  /** The header cell's text. */
  header: string;
  /** The group property it shows. */
  property: string;
}

/**
 * Property columns in display order: the group type's `default_columns` that name properties first
 * (PostHog may prefix them with `properties.`), then the rest alphabetically. A property whose name
 * clashes with a fixed header gets a `property:` prefix so no header means two things.
 */
export function layoutColumns(
  properties: Iterable<string>,
  defaultColumns: readonly string[] = [],
): PropertyColumn[] {
  const names = new Set(properties);
  const first = defaultColumns
    .map((column) => column.replace(/^properties\./, ""))
    .filter((name, index, all) => names.has(name) && all.indexOf(name) === index);
  const rest = [...names].filter((name) => !first.includes(name)).sort(compareNames);
  return [...first, ...rest].map((property) => ({ property, header: headerFor(property) }));
}

function headerFor(property: string): string {
  return property === KEY_HEADER || property === CREATED_HEADER || property.startsWith("property:")
    ? `property:${property}`
    : property;
}

/** Case-insensitive A→Z, ties broken by code points, so the order never depends on the locale. */
function compareNames(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x !== y) return x < y ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The header row of a groups sheet. */
export function headerRow(columns: readonly PropertyColumn[]): string[] {
  return [KEY_HEADER, CREATED_HEADER, ...columns.map((c) => c.header)];
}

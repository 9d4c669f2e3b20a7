// A pulled row before it becomes cells: its key, the entity's fixed fields, and its free-form properties.

/** One row of a pulled sheet. `key` identifies it (group key, cohort id, person uuid…). */
export interface TableRecord {
  key: string;
  /** Values of the entity's fixed columns, in their order. */
  fixed: unknown[];
  /** Free-form properties (group or person properties); each becomes a column of its own. */
  properties: Record<string, unknown>;
}

/** How one kind of pulled sheet looks. */
export interface TableShape {
  /** Headers of the fixed columns; the first one holds the key. */
  fixedHeaders: string[];
  /** The properties' columns come after the fixed ones, in this order. */
  defaultColumns?: string[];
}

/** The properties shown: the ones asked for, or every one any record has. */
export function propertyNames(records: Iterable<TableRecord>, asked?: readonly string[]): string[] {
  if (asked && asked.length > 0) return [...asked];
  const names = new Set<string>();
  for (const record of records) for (const name of Object.keys(record.properties)) names.add(name);
  return [...names];
}

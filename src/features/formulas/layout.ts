// The shape of =POSTHOG_GROUP's answer: which key and which property each output cell shows.
import { type Grid, gridOf, textOf } from "./args";
import { fail } from "./messages";

/** Where each output cell's value comes from; `null` for a blank key or property cell (the output stays blank). */
export interface GroupLayout {
  rows: number;
  columns: number;
  /** The distinct non-empty keys, in reading order. */
  keys: string[];
  /** The distinct non-empty property names, in reading order. */
  properties: string[];
  /** The key and property of output cell (r, c). */
  at(r: number, c: number): { key: string | null; property: string | null };
  /** True when the answer is one cell (one key, one property). */
  single: boolean;
}

/**
 * - one key, one property: one cell;
 * - a range of keys, one property: the same shape as the keys;
 * - one key, a range of properties: the same shape as the properties;
 * - a column of keys and a row (or column) of properties: a row per key, a column per property;
 * - a row of keys and a column of properties: a column per key, a row per property.
 */
export function groupLayout(keyArg: unknown, propertyArg: unknown): GroupLayout {
  const keys = gridOf(keyArg);
  const props = gridOf(propertyArg);
  const keyAt = (i: number) => nameAt(keys, i);
  const propAt = (i: number) => nameAt(props, i);
  const base = {
    keys: distinct(keys),
    properties: distinct(props),
    single: keys.cells.length === 1 && props.cells.length === 1,
  };
  if (props.cells.length === 1) {
    return {
      ...base,
      rows: keys.rows,
      columns: keys.columns,
      at: (r, c) => ({ key: keyAt(r * keys.columns + c), property: propAt(0) }),
    };
  }
  if (keys.cells.length === 1) {
    return {
      ...base,
      rows: props.rows,
      columns: props.columns,
      at: (r, c) => ({ key: keyAt(0), property: propAt(r * props.columns + c) }),
    };
  }
  if (keys.rows > 1 && keys.columns > 1)
    fail("argument", "with several properties, group_key must be one column (or one row) of keys");
  if (props.rows > 1 && props.columns > 1)
    fail("argument", "property must be one row (or one column) of names");
  if (keys.rows === 1 && props.columns === 1) {
    return {
      ...base,
      rows: props.cells.length,
      columns: keys.cells.length,
      at: (r, c) => ({ key: keyAt(c), property: propAt(r) }),
    };
  }
  return {
    ...base,
    rows: keys.cells.length,
    columns: props.cells.length,
    at: (r, c) => ({ key: keyAt(r), property: propAt(c) }),
  };
}

function nameAt(grid: Grid, i: number): string | null {
  const text = textOf(grid.cells[i]);
  return text === "" ? null : text;
}

function distinct(grid: Grid): string[] {
  return [...new Set(grid.cells.map(textOf).filter((t) => t !== ""))];
}

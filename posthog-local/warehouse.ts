// A project's data-warehouse tables as HogQL reads a synced table: named, typed columns and rows of plain values.
import type { V } from "./hogql/eval";

/** A row: column name → value (a DateTime column holds a `Dt`). */
export type WarehouseRow = Record<string, V>;

/**
 * One table (products/data_warehouse DataWarehouseTable): HogQL exposes it by its name as `FROM <name>`, with its
 * columns typed as ClickHouse types (the runner's tests use String, DateTime64(3, 'UTC') and Float64).
 */
export interface WarehouseTable {
  name: string;
  columns: Record<string, string>;
  rows: WarehouseRow[];
}

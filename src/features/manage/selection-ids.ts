// Reads selected cells as cohort members: which kind of id the column holds.
import type { IdKind } from "../../shared/manage-rpc";
import type { CellValue } from "../../sheets/cells";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Header names (lower case) that say what the column holds; such a first cell is not an id. */
const HEADERS: Record<string, IdKind> = {
  person_id: "person_id",
  person_uuid: "person_id",
  uuid: "person_id",
  "person .id": "person_id",
  email: "email",
  "e-mail": "email",
  distinct_id: "distinct_id",
  distinct_ids: "distinct_id",
  "distinct-id": "distinct_id",
};

export interface SelectedIds {
  kind: IdKind | null;
  ids: string[];
}

const text = (value: CellValue | undefined): string =>
  value === undefined || value === null || value instanceof Date ? "" : String(value).trim();

/**
 * The ids in one selected column (empty cells skipped, duplicates kept once). A known header as the first
 * cell (or `header`, the column's header in row 1) decides the kind; else every id a UUID → person ids,
 * every id an email → emails, anything else → distinct ids.
 */
export function idsFromCells(values: CellValue[][], header?: CellValue): SelectedIds {
  const cells = values.map((row) => text(row[0]));
  const named = HEADERS[(cells[0] ?? "").toLowerCase()];
  const body = named ? cells.slice(1) : cells;
  const ids = [...new Set(body.filter((v) => v !== ""))];
  if (ids.length === 0) return { kind: null, ids };
  const hinted = named ?? HEADERS[text(header).toLowerCase()];
  if (hinted === "person_id" && ids.every((id) => UUID.test(id))) return { kind: hinted, ids };
  if (hinted === "email" || hinted === "distinct_id") return { kind: hinted, ids };
  if (ids.every((id) => UUID.test(id))) return { kind: "person_id", ids };
  if (ids.every((id) => EMAIL.test(id))) return { kind: "email", ids };
  return { kind: "distinct_id", ids };
}

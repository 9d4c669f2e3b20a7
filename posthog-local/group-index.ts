// The ClickHouse side of one group type: rows sorted for the list, writes that arrive after a lag.
import { compareCodePoints } from "./ids";
import { pythonJsonDumps } from "./python-json";
import type { GroupRow } from "./types";

interface Pending {
  visibleAt: number;
  seq: number;
  row: GroupRow;
}

/** True when `a` sorts before `b` in `ORDER BY created_at DESC, key DESC`. */
function before(a: GroupRow, b: GroupRow): boolean {
  return (
    a.createdAtUs > b.createdAtUs ||
    (a.createdAtUs === b.createdAtUs && compareCodePoints(a.key, b.key) > 0)
  );
}

function listOrder(a: GroupRow, b: GroupRow): number {
  return before(a, b) ? -1 : before(b, a) ? 1 : 0;
}

export class GroupIndex {
  private rows: GroupRow[] = [];
  private readonly byKey = new Map<string, { row: GroupRow; seq: number }>();
  private keyOrder: GroupRow[] | null = null;
  private pending: Pending[] = [];
  private seq = 0;

  /** Replaces the contents in one go (seeding): rows become visible at once. */
  load(rows: GroupRow[]): void {
    this.rows = [...rows].sort(listOrder);
    this.byKey.clear();
    for (const row of this.rows) this.byKey.set(row.key, { row, seq: 0 });
    this.keyOrder = null;
    this.pending = [];
  }

  /** A new version of a group, visible from `visibleAt` (ms, server clock). */
  enqueue(row: GroupRow, visibleAt: number): void {
    this.pending.push({ visibleAt, seq: ++this.seq, row });
  }

  /** Applies every write whose time has come; newer versions win (argMax over _timestamp). */
  flush(now: number): void {
    if (this.pending.length === 0) return;
    const due = this.pending.filter((p) => p.visibleAt <= now);
    if (due.length === 0) return;
    this.pending = this.pending.filter((p) => p.visibleAt > now);
    const bulk = due.length > 64; // many rows at once (a big /batch/): re-sort once instead of splicing each
    for (const p of due) {
      const existing = this.byKey.get(p.row.key);
      if (existing && existing.seq > p.seq) continue;
      if (existing && !bulk) this.remove(existing.row);
      if (!bulk) this.insert(p.row);
      this.byKey.set(p.row.key, { row: p.row, seq: p.seq });
    }
    if (bulk) this.rows = [...this.byKey.values()].map((e) => e.row).sort(listOrder);
    this.keyOrder = null;
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  get size(): number {
    return this.rows.length;
  }

  get(key: string): GroupRow | undefined {
    return this.byKey.get(key)?.row;
  }

  /** Rows in list order (`created_at DESC, key DESC`). Do not mutate. */
  ordered(): readonly GroupRow[] {
    return this.rows;
  }

  /** Rows in `key ASC` order (code point order, like ClickHouse), cached between writes. */
  keyOrdered(): readonly GroupRow[] {
    if (!this.keyOrder)
      this.keyOrder = [...this.rows].sort((a, b) => compareCodePoints(a.key, b.key));
    return this.keyOrder;
  }

  /** Index of the first row strictly after the keyset cursor `(created_at, key)`. */
  seek(createdAtUs: number, key: string): number {
    let lo = 0;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const row = this.rows[mid] as GroupRow;
      const after =
        row.createdAtUs < createdAtUs ||
        (row.createdAtUs === createdAtUs && compareCodePoints(row.key, key) < 0);
      if (after) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  private position(row: GroupRow): number {
    let lo = 0;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(this.rows[mid] as GroupRow, row)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private insert(row: GroupRow): void {
    this.rows.splice(this.position(row), 0, row);
  }

  private remove(row: GroupRow): void {
    const at = this.position(row);
    for (let i = at; i < this.rows.length && i <= at + 1; i++) {
      if (this.rows[i]?.key === row.key) {
        this.rows.splice(i, 1);
        return;
      }
    }
    const index = this.rows.findIndex((r) => r.key === row.key);
    if (index !== -1) this.rows.splice(index, 1);
  }
}

/** Who wrote a ClickHouse row: the REST API (Python's json.dumps) or ingestion (the Node workers). */
export type RowWriter = "api" | "ingestion";

/** A ClickHouse row for a set of properties written at `atMs`, its JSON text as that writer stores it. */
export function groupRow(
  key: string,
  createdAtUs: number,
  properties: GroupRow["properties"],
  atMs: number,
  writer: RowWriter = "ingestion",
): GroupRow {
  return {
    key,
    createdAtUs,
    updatedAtUs: Math.floor(atMs / 1000) * 1_000_000,
    properties,
    // posthog/models/group/util.py raw_create_group_ch: json.dumps (non-ASCII escaped); ingestion's
    // upsertGroupClickhouse: JSON.stringify (raw). See docs/posthog-api.md, "Ingestion, stored JSON and cohorts".
    json: writer === "api" ? pythonJsonDumps(properties) : JSON.stringify(properties),
  };
}

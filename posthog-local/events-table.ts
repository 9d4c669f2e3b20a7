// The ClickHouse `events` table of one project: rows in arrival order, captured rows visible only after the lag.
import type { Props } from "./types";

/**
 * One row of `events` as HogQL reads it (posthog/hogql/database/schema/events.py): `$group_0`…`$group_4`
 * are plain String columns, '' when the event names no group of that type.
 */
export interface EventRow {
  uuid: string;
  event: string;
  /** Milliseconds since the epoch (ClickHouse DateTime64(6, 'UTC'), kept at ms precision). */
  timestampMs: number;
  distinctId: string;
  /** The person's UUID, resolved from the distinct id at ingestion. */
  personId: string;
  properties: Props;
  groups: [string, string, string, string, string];
}

interface Pending {
  visibleAt: number;
  row: EventRow;
}

export class EventTable {
  private visible: EventRow[] = [];
  private pending: Pending[] = [];

  /** Replaces the contents in one go (seeding): rows become visible at once. */
  load(rows: EventRow[]): void {
    this.visible = rows;
    this.pending = [];
  }

  /** A captured event, visible to queries from `visibleAt` (ms, server clock). */
  enqueue(row: EventRow, visibleAt: number): void {
    this.pending.push({ visibleAt, row });
  }

  flush(now: number): void {
    if (this.pending.length === 0) return;
    const due = this.pending.filter((p) => p.visibleAt <= now);
    if (due.length === 0) return;
    this.pending = this.pending.filter((p) => p.visibleAt > now);
    for (const p of due) this.visible.push(p.row);
  }

  /** Visible rows. Do not mutate. */
  rows(): readonly EventRow[] {
    return this.visible;
  }

  get pendingCount(): number {
    return this.pending.length;
  }
}

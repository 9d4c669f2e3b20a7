// The push queue: one hidden-sheet row per item (the item, its result, PostHog's value on a conflict), read once a chunk.

import type { SheetHandle } from "../../sheets/workbook";
import type { PushItem } from "./diff";

/**
 * An item's state: "" waits to be sent; "?" was sent but its outcome is unknown (re-read before re-sending);
 * "~" was sent through capture and waits to be confirmed; anything else is final ("sent", "conflict",
 * "failed: reason").
 */
export type ItemResult = string;

export interface QueueEntry {
  item: PushItem;
  result: ItemResult;
  /** PostHog's value when the item is a conflict (JSON text). */
  posthog: string;
}

export const PENDING = "";
export const UNKNOWN = "?";
export const UNCONFIRMED = "~";

export function isFinal(result: ItemResult): boolean {
  return result !== PENDING && result !== UNKNOWN && result !== UNCONFIRMED;
}

const text = (value: string): string => (value === "" ? "" : `'${value}`);
const row = (e: QueueEntry): string[] => [
  text(JSON.stringify(e.item)),
  text(e.result),
  text(e.posthog),
];

export function writeQueue(
  sheet: SheetHandle,
  entries: readonly QueueEntry[],
  from = 0,
  to = entries.length,
): void {
  if (to <= from) return;
  sheet.writeAt(from + 1, 1, entries.slice(from, to).map(row));
}

export function readQueue(sheet: SheetHandle, total: number): QueueEntry[] {
  if (total === 0) return [];
  return sheet.readRows(1, total, 3).map((cells) => ({
    item: JSON.parse(String(cells[0])) as PushItem,
    result: String(cells[1] ?? ""),
    posthog: String(cells[2] ?? ""),
  }));
}

/** Writes back the rows between the first and last index given (one call). */
export function saveEntries(
  sheet: SheetHandle,
  entries: readonly QueueEntry[],
  indices: readonly number[],
): void {
  if (indices.length === 0) return;
  writeQueue(sheet, entries, Math.min(...indices), Math.max(...indices) + 1);
}

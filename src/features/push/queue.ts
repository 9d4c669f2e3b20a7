// The push queue: one hidden-sheet row per item (the item, its state, the state's detail), read once a chunk.
// The only place that turns an item's state into cells and back.

import { UserFacingError } from "../../shared/failures";
import type { CellValue } from "../../sheets/cells";
import type { SheetHandle } from "../../sheets/workbook";
import type { PushItem } from "./diff";

/** Where an item stands. Only `pending`, `unknown` and `unconfirmed` can still change within a push. */
export type ItemState =
  /** Waits to be sent. */
  | { state: "pending" }
  /** Was on the wire when the execution died, or the answer was lost: re-read before it is sent again. */
  | { state: "unknown" }
  /** Sent through capture (fast mode): PostHog accepted it but has not shown it yet. */
  | { state: "unconfirmed" }
  /** PostHog shows it (or already had it). */
  | { state: "sent" }
  /** PostHog changed the property since the pull; `posthog` is what it has now (as shown to people). */
  | { state: "conflict"; posthog: string }
  | { state: "failed"; reason: string };

export interface QueueEntry {
  item: PushItem;
  result: ItemState;
}

export const PENDING: ItemState = { state: "pending" };
export const UNKNOWN: ItemState = { state: "unknown" };
export const UNCONFIRMED: ItemState = { state: "unconfirmed" };
export const SENT: ItemState = { state: "sent" };
export const failed = (reason: string): ItemState => ({ state: "failed", reason });

export function isFinal(result: ItemState): boolean {
  return result.state !== "pending" && result.state !== "unknown" && result.state !== "unconfirmed";
}

/** Indices of the entries in this state. */
export function indicesIn(entries: readonly QueueEntry[], state: ItemState["state"]): number[] {
  return entries.flatMap((e, i) => (e.result.state === state ? [i] : []));
}

/** The state's detail: PostHog's value on a conflict, the reason of a failure. */
const detail = (result: ItemState): string =>
  result.state === "conflict" ? result.posthog : result.state === "failed" ? result.reason : "";

const text = (value: string): string => (value === "" ? "" : `'${value}`);
const row = (e: QueueEntry): string[] => [
  text(JSON.stringify(e.item)),
  text(e.result.state),
  text(detail(e.result)),
];

/**
 * A state from its two cells. The version before the typed states wrote one string ("" pending, "?" unknown,
 * "~" unconfirmed, "sent", "conflict" with PostHog's value beside it, "failed: reason"): those are read too, so
 * a push in flight across an upgrade carries on. Anything else is refused rather than guessed.
 */
export function parseState(stateCell: CellValue, detailCell: CellValue): ItemState {
  const state = String(stateCell ?? "");
  const more = String(detailCell ?? "");
  switch (state) {
    case "":
    case "pending":
      return PENDING;
    case "?":
    case "unknown":
      return UNKNOWN;
    case "~":
    case "unconfirmed":
      return UNCONFIRMED;
    case "sent":
      return SENT;
    case "conflict":
      return { state: "conflict", posthog: more };
    case "failed":
      return failed(more);
  }
  if (state.startsWith("failed: ")) return failed(state.slice("failed: ".length));
  throw new UserFacingError(
    "queue_unreadable",
    `The push queue holds a state this version does not know ("${state.slice(0, 40)}"). Delete the hidden "PostHog push queue" sheet and push again.`,
  );
}

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
    result: parseState(cells[1] ?? "", cells[2] ?? ""),
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

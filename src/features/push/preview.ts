// Preview of a push: the diff shown as counts and the first items, changed cells marked, and a record the push checks.

import type { KeyValueStore } from "../../platform/ports";
import { UserFacingError } from "../../shared/failures";
import type { PushItemView, PushPreview } from "../../shared/push-rpc";
import type { TableRecord } from "../../sheets/records";
import { type PulledSheetMeta, readMeta } from "../../sheets/sheet-meta";
import { readSnapshot } from "../../sheets/snapshot";
import type { SheetHandle, Workbook } from "../../sheets/workbook";
import { type DiffOptions, diffSheet, type PushDiff, type PushItem } from "./diff";
import type { PushDeps } from "./push-job";

const PREVIEW_KEY = "posthog.pushPreview";
/** Items and blocked edits returned to the sidebar at most. */
export const PREVIEW_LIMIT = 200;
/** The highlight of a changed cell. */
export const MARK_COLOR = "#fff2cc";
/** Notes the add-on writes start with this, so it can take them away again (and never touch the person's). */
export const NOTE_PREFIX = "PostHog had: ";

/** What the push checks: the same sheet, the same options, the same items. */
export interface PreviewRecord {
  id: string;
  sheetId: number;
  origin: "sheet" | "undo";
  includeRemovals: boolean;
  fingerprint: string;
}

/** A pulled groups sheet with its meta and snapshot, or a refusal in plain words. */
export function pulledGroupsSheet(
  workbook: Workbook,
  sheet: SheetHandle | null,
): { sheet: SheetHandle; meta: PulledSheetMeta; snapshot: TableRecord[] } {
  const meta = sheet ? readMeta(workbook, sheet) : null;
  if (!sheet || !meta || meta.request.entity !== "groups") {
    throw new UserFacingError(
      "not_a_groups_sheet",
      "Open a groups sheet pulled from PostHog to push its edits.",
    );
  }
  const snapshotSheet = workbook.sheetByName(meta.snapshotSheet);
  if (!snapshotSheet)
    throw new UserFacingError(
      "no_snapshot",
      "This sheet's snapshot is gone, so its edits cannot be told apart. Refresh it (discarding edits) and edit again.",
    );
  return { sheet, meta, snapshot: readSnapshot(snapshotSheet.read().values) };
}

/** Reads a pulled groups sheet and its snapshot from the workbook and diffs them (`diffSheet` does the comparing). */
export function readSheetDiff(
  workbook: Workbook,
  sheet: SheetHandle | null,
  options: DiffOptions,
): { sheet: SheetHandle; meta: PulledSheetMeta; diff: PushDiff } {
  const found = pulledGroupsSheet(workbook, sheet);
  const diffOptions = { timeZone: workbook.timeZone(), ...options };
  return { ...found, diff: diffSheet(found.sheet.read(), found.meta, found.snapshot, diffOptions) };
}

/** A short, stable digest of the items (FNV-1a over their JSON): equal items, equal fingerprint. */
export function fingerprint(items: readonly PushItem[]): string {
  const text = JSON.stringify(items.map((i) => [i.kind, i.key, i.property, i.old, i.value]));
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${hash.toString(16)}-${items.length}-${text.length}`;
}

/** A value as the sidebar and the log show it. */
export function showValue(value: unknown): string {
  if (value === null || value === undefined) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

export function itemView(item: PushItem): PushItemView {
  return {
    kind: item.kind,
    key: item.key,
    property: item.property,
    old: showValue(item.old),
    new: showValue(item.value),
  };
}

/** Previews a sheet's edits: marks their cells, saves the record the push checks, returns what the sidebar shows. */
export function previewEdits(
  deps: Pick<PushDeps, "workbook" | "jobs" | "newId">,
  target: SheetHandle | null,
  includeRemovals: boolean,
): PushPreview {
  const { sheet, diff } = readSheetDiff(deps.workbook, target, { includeRemovals });
  markCells(sheet, diff.items);
  const record: PreviewRecord = {
    id: deps.newId(),
    sheetId: sheet.id,
    origin: "sheet",
    includeRemovals,
    fingerprint: fingerprint(diff.items),
  };
  return recordPreview(deps.jobs, record, sheet.name(), diff);
}

/** Saves the preview for the push to check, and returns what the sidebar shows. */
export function recordPreview(
  store: KeyValueStore,
  record: PreviewRecord,
  sheetName: string,
  diff: PushDiff,
): PushPreview {
  store.put(PREVIEW_KEY, JSON.stringify(record));
  const count = (kind: PushItem["kind"]) => diff.items.filter((i) => i.kind === kind).length;
  return {
    previewId: record.id,
    sheetName,
    origin: record.origin,
    includeRemovals: record.includeRemovals,
    counts: {
      sets: count("set"),
      removals: count("remove"),
      creates: count("create"),
      blocked: diff.blocked.length,
      ...(diff.emptyDeclared ? { empty: diff.emptyDeclared } : {}),
    },
    items: diff.items.slice(0, PREVIEW_LIMIT).map(itemView),
    blocked: diff.blocked.slice(0, PREVIEW_LIMIT).map((b) => ({
      key: b.key,
      property: b.property,
      row: b.row,
      reason: b.reason,
    })),
  };
}

export function loadPreview(store: KeyValueStore): PreviewRecord | null {
  const text = store.get(PREVIEW_KEY);
  return text ? (JSON.parse(text) as PreviewRecord) : null;
}

export function forgetPreview(store: KeyValueStore): void {
  store.remove(PREVIEW_KEY);
}

/**
 * Marks the cells a push would change (background and a note with PostHog's old value) after taking
 * away the add-on's earlier marks. Two reads and two writes, whatever the number of cells.
 */
export function markCells(sheet: SheetHandle, items: readonly PushItem[]): void {
  const { notes, backgrounds } = sheet.readMarks();
  const nextBackgrounds: Array<Array<string | null>> = backgrounds.map((row) => [...row]);
  let changed = unmarkGrid(notes, nextBackgrounds);
  for (const item of items) {
    const r = item.row - 1;
    const c = item.column - 1;
    if (item.kind === "create" || r < 0 || c < 0 || !notes[r] || notes[r][c] === undefined)
      continue;
    notes[r][c] = `${NOTE_PREFIX}${item.old === null ? "(nothing)" : showValue(item.old)}`;
    (nextBackgrounds[r] as Array<string | null>)[c] = MARK_COLOR;
    changed = true;
  }
  if (changed) sheet.writeMarks(notes, nextBackgrounds);
}

/** Takes the add-on's marks away (after a push, or before a new preview). */
export function unmarkCells(sheet: SheetHandle): void {
  const { notes, backgrounds } = sheet.readMarks();
  const next: Array<Array<string | null>> = backgrounds.map((row) => [...row]);
  if (unmarkGrid(notes, next)) sheet.writeMarks(notes, next);
}

function unmarkGrid(notes: string[][], backgrounds: Array<Array<string | null>>): boolean {
  let changed = false;
  notes.forEach((row, r) => {
    row.forEach((note, c) => {
      if (!note.startsWith(NOTE_PREFIX)) return;
      row[c] = "";
      if (backgrounds[r]?.[c] === MARK_COLOR) (backgrounds[r] as Array<string | null>)[c] = null;
      changed = true;
    });
  });
  return changed;
}

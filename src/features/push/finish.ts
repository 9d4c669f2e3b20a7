// The end of a push: each row's status, the snapshot following what was written, the log, and the marks taken away.
import { toCell } from "../../sheets/cells";
import type { TableRecord } from "../../sheets/records";
import { readMeta } from "../../sheets/sheet-meta";
import {
  FIRST_RECORD_ROW,
  layoutRow,
  readLayout,
  readSnapshot,
  snapshotRows,
} from "../../sheets/snapshot";
import { keyText } from "../../sheets/table";
import type { SheetHandle, Workbook } from "../../sheets/workbook";
import type { PushItem } from "./diff";
import { appendLog, type LogRow, logCell, readLog, writeResults } from "./log";
import { unmarkCells } from "./preview";
import type { PushDeps, PushJob } from "./push-job";
import type { ItemState, QueueEntry } from "./queue";

export const STATUS_HEADER = "PostHog status";
export { LOG_HEADER, LOG_SHEET } from "./log";

export function finishPush(
  deps: PushDeps,
  job: PushJob,
  target: SheetHandle,
  entries: readonly QueueEntry[],
): void {
  const sent = itemsIn(entries, "sent");
  // A pending update is expected to land: the snapshot takes it now, and a later check puts back the old value
  // if PostHog never shows it (pending.ts), so the edit then shows in the next preview again.
  const pending = itemsIn(entries, "unconfirmed");
  if (job.origin === "undo") writeBack(deps.workbook, target, [...sent, ...pending]);
  writeStatuses(deps.workbook, target, entries);
  updateSnapshot(deps.workbook, target, [...sent, ...pending]);
  appendLog(
    deps.workbook,
    entries.map((entry) => logRow(deps, job, target, entry)),
  );
  unmarkCells(target);
  target.activate();
}

const itemsIn = (entries: readonly QueueEntry[], state: ItemState["state"]): PushItem[] =>
  entries.filter((e) => e.result.state === state).map((e) => e.item);

/** The text a push's result shows in the log (and, with the property, in the status column). */
export function resultText(result: ItemState): string {
  switch (result.state) {
    case "unconfirmed":
      return "pending";
    case "conflict":
      return `conflict: PostHog has ${result.posthog || "nothing"}`;
    case "failed":
      return `failed: ${result.reason}`;
    default:
      return result.state;
  }
}

/** One cell of the status column for one item. */
function statusText({ item, result }: QueueEntry): string {
  const what = item.property || "new group";
  if (result.state === "sent") return "sent";
  if (result.state === "conflict")
    return `conflict: ${what} (PostHog has ${result.posthog || "nothing"})`;
  return `${resultText(result)} (${what})`;
}

/**
 * The status column at the right edge: one cell a row, for the rows this push touched (or, when `only` is
 * given, for the rows of those keys only: a later check of pending updates leaves the other rows alone).
 */
export function writeStatuses(
  workbook: Workbook,
  target: SheetHandle,
  entries: readonly QueueEntry[],
  only?: ReadonlySet<string>,
): void {
  const content = target.read();
  const header = (content.values[0] ?? []).map((h) => String(h));
  const meta = readMeta(workbook, target);
  const keyAt = header.indexOf(meta?.fixedHeaders[0] ?? "group_key");
  if (keyAt < 0 || content.values.length < 2) return;
  let at = header.indexOf(STATUS_HEADER);
  if (at < 0) {
    at = header.length;
    target.writeAt(1, at + 1, [[STATUS_HEADER]]);
  }
  const byKey = new Map<string, string[]>();
  for (const entry of entries)
    byKey.set(entry.item.key, [...(byKey.get(entry.item.key) ?? []), statusText(entry)]);
  const statuses = content.values.slice(1).map((row) => {
    const key = keyText(row[keyAt]);
    const texts = only && !only.has(key) ? undefined : byKey.get(key);
    if (!texts) return [String(row[at] ?? "") ? `'${String(row[at])}` : ""];
    const problems = texts.filter((t) => t !== "sent");
    return [`'${problems.length > 0 ? problems.join("; ") : "sent"}`];
  });
  target.writeAt(2, at + 1, statuses);
}

/** The snapshot follows what PostHog really has now, so the next preview shows only new edits. */
function updateSnapshot(workbook: Workbook, target: SheetHandle, sent: readonly PushItem[]): void {
  editSnapshot(workbook, target, sent, (records, byKey) => applyItems(records, byKey, sent));
}

/** Puts back the pulled values of updates PostHog never showed: the next preview offers them again. */
export function revertSnapshot(
  workbook: Workbook,
  target: SheetHandle,
  failed: readonly PushItem[],
): void {
  editSnapshot(workbook, target, failed, (records, byKey) => {
    for (const item of failed) {
      const record = byKey.get(item.key);
      if (!record) continue;
      if (item.kind === "create") records.splice(records.indexOf(record), 1);
      else if (item.old === null || item.old === undefined) delete record.properties[item.property];
      else record.properties[item.property] = item.old;
    }
  });
}

function editSnapshot(
  workbook: Workbook,
  target: SheetHandle,
  items: readonly PushItem[],
  edit: (records: TableRecord[], byKey: Map<string, TableRecord>) => void,
): void {
  const meta = readMeta(workbook, target);
  const sheet = meta ? workbook.sheetByName(meta.snapshotSheet) : null;
  if (!sheet || items.length === 0) return;
  const values = sheet.read().values;
  const layout = readLayout(values[0]);
  const records = readSnapshot(values);
  const before = records.length;
  edit(records, new Map(records.map((r) => [r.key, r])));
  const rows = snapshotRows(records).rows;
  // A record taken away (a create that never landed) would leave its old last row behind: rewrite the records,
  // keeping the layout row above them.
  if (records.length < before) sheet.replaceAll(layout ? [layoutRow(layout), ...rows] : rows);
  else sheet.write(layout ? FIRST_RECORD_ROW : 1, rows);
}

function applyItems(
  records: TableRecord[],
  byKey: Map<string, TableRecord>,
  sent: readonly PushItem[],
): void {
  for (const item of sent) {
    if (item.kind === "create") {
      const record: TableRecord = {
        key: item.key,
        fixed: [item.key, null],
        properties: { ...(item.value as Record<string, unknown>) },
      };
      records.push(record);
      byKey.set(item.key, record);
      continue;
    }
    const record = byKey.get(item.key);
    if (!record) continue;
    if (item.kind === "remove") delete record.properties[item.property];
    else record.properties[item.property] = item.value;
  }
}

/** An undo changes PostHog behind the sheet's back: its cells are put back too. */
function writeBack(workbook: Workbook, target: SheetHandle, sent: readonly PushItem[]): void {
  const meta = readMeta(workbook, target);
  if (!meta) return;
  const content = target.read();
  const header = (content.values[0] ?? []).map((h) => String(h));
  const keyAt = header.indexOf(meta.fixedHeaders[0] ?? "");
  const rowOf = new Map(content.values.map((row, r) => [keyText(row[keyAt]), r + 1]));
  for (const item of sent) {
    const column = meta.columns.find((c) => c.property === item.property);
    const at = column ? header.indexOf(column.header) : -1;
    const row = rowOf.get(item.key);
    if (at < 0 || !row || row === 1) continue;
    target.writeAt(row, at + 1, [[item.kind === "remove" ? "" : toCell(item.value).cell]]);
  }
}

const json = (value: unknown): string =>
  value === null || value === undefined ? "" : `'${JSON.stringify(value)}`;

/** One log row per item, whatever its result: the log tells what happened, not what was hoped. */
function logRow(deps: PushDeps, job: PushJob, target: SheetHandle, entry: QueueEntry): LogRow {
  const { item, result } = entry;
  return {
    When: new Date(deps.clock()),
    Who: `'${deps.who}`,
    Sheet: `'${target.name()}`,
    Push: `'${job.id}`,
    Change: job.origin === "undo" ? `undo ${item.kind}` : item.kind,
    "Group key": `'${item.key}`,
    Property: item.property ? `'${item.property}` : "",
    "Old value": json(item.old),
    "New value": item.kind === "remove" ? "" : json(item.value),
    Result: `'${resultText(result)}`,
    // The sheet's id survives a rename: undo finds the sheet's pushes by it.
    "Sheet id": target.id,
  };
}

/** A later check settled pending updates: their log rows (still "pending") take the result. */
export function settleLog(
  workbook: Workbook,
  pushId: string,
  settled: readonly QueueEntry[],
): void {
  const log = readLog(workbook);
  // A log whose Result column was renamed cannot be settled: the status column still shows the outcome.
  if (!log || settled.length === 0 || log.at("Result") < 0) return;
  const resultOf = new Map(settled.map((e) => [`${e.item.key}\u0000${e.item.property}`, e.result]));
  const results = log.rows.map((row) => {
    const now = logCell(log, row, "Result");
    const result =
      String(logCell(log, row, "Push")) === pushId && String(now) === "pending"
        ? resultOf.get(
            `${keyText(logCell(log, row, "Group key"))}\u0000${String(logCell(log, row, "Property"))}`,
          )
        : undefined;
    if (result) return `'${resultText(result)}`;
    return typeof now === "string" && now !== "" ? `'${now}` : now;
  });
  writeResults(log, results);
}

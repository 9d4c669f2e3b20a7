// The end of a push: each row's status, the snapshot following what was written, the log, and the marks taken away.
import { toCell } from "./cells";
import type { PushItem } from "./push-diff";
import type { PushDeps, PushJob } from "./push-job";
import { unmarkCells } from "./push-preview";
import type { QueueEntry } from "./push-queue";
import type { TableRecord } from "./records";
import { readMeta } from "./sheet-meta";
import { firstRecordRow, readSnapshot, snapshotRows } from "./snapshot";
import { keyText } from "./table";
import type { SheetHandle, Workbook } from "./workbook";

export const STATUS_HEADER = "PostHog status";
export const LOG_SHEET = "PostHog push log";
export const LOG_HEADER = [
  "When",
  "Who",
  "Sheet",
  "Push",
  "Change",
  "Group key",
  "Property",
  "Old value",
  "New value",
  "Result",
];

export function finishPush(
  deps: PushDeps,
  job: PushJob,
  target: SheetHandle,
  entries: readonly QueueEntry[],
): void {
  const sent = entries.filter((e) => e.result === "sent").map((e) => e.item);
  if (job.origin === "undo") writeBack(deps.workbook, target, sent);
  writeStatuses(deps.workbook, target, entries);
  updateSnapshot(deps.workbook, target, sent);
  appendLog(deps, job, target.name(), entries);
  unmarkCells(target);
  target.activate();
}

/** The status column at the right edge: one cell a row, for the rows this push touched. */
function writeStatuses(
  workbook: Workbook,
  target: SheetHandle,
  entries: readonly QueueEntry[],
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
  for (const { item, result, posthog } of entries) {
    const what = item.property || "new group";
    const text =
      result === "conflict"
        ? `conflict: ${what} (PostHog has ${posthog || "nothing"})`
        : result === "sent"
          ? "sent"
          : `${result} (${what})`;
    byKey.set(item.key, [...(byKey.get(item.key) ?? []), text]);
  }
  const statuses = content.values.slice(1).map((row) => {
    const texts = byKey.get(keyText(row[keyAt]));
    if (!texts) return [String(row[at] ?? "") ? `'${String(row[at])}` : ""];
    const problems = texts.filter((t) => t !== "sent");
    return [`'${problems.length > 0 ? problems.join("; ") : "sent"}`];
  });
  target.writeAt(2, at + 1, statuses);
}

/** The snapshot follows what PostHog really has now, so the next preview shows only new edits. */
function updateSnapshot(workbook: Workbook, target: SheetHandle, sent: readonly PushItem[]): void {
  const meta = readMeta(workbook, target);
  const sheet = meta ? workbook.sheetByName(meta.snapshotSheet) : null;
  if (!sheet || sent.length === 0) return;
  const values = sheet.read().values;
  const records = readSnapshot(values);
  const byKey = new Map(records.map((r) => [r.key, r]));
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
  sheet.write(firstRecordRow(values), snapshotRows(records).rows);
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
function appendLog(
  deps: PushDeps,
  job: PushJob,
  sheetName: string,
  entries: readonly QueueEntry[],
): void {
  const log = deps.workbook.sheetByName(LOG_SHEET) ?? deps.workbook.insert(LOG_SHEET);
  let next = log.lastRow() + 1;
  if (next === 1) {
    log.write(1, [LOG_HEADER]);
    next = 2;
  }
  const when = new Date(deps.clock());
  const rows = entries.map(({ item, result, posthog }) => [
    when,
    `'${deps.who}`,
    `'${sheetName}`,
    `'${job.id}`,
    job.origin === "undo" ? `undo ${item.kind}` : item.kind,
    `'${item.key}`,
    item.property ? `'${item.property}` : "",
    json(item.old),
    item.kind === "remove" ? "" : json(item.value),
    `'${result === "conflict" ? `conflict: PostHog has ${posthog || "nothing"}` : result}`,
  ]);
  log.write(next, rows);
}

// "History of this account": PostHog's activity log for the selected group, the push log and the recorded history,
// merged in time order into a sheet of its own, each entry marked with its source, times in the spreadsheet's zone.
import type { PostHogClient } from "../../api";
import type { ActivityEntry } from "../../api/types";
import type { AccountHistoryView } from "../../shared/history-rpc";
import { type CellValue, toCell } from "../../sheets/cells";
import { readMeta } from "../../sheets/sheet-meta";
import { keyText } from "../../sheets/table";
import { freeSheetName, type Workbook } from "../../sheets/workbook";
import { type GroupDeps, selectedGroupRow } from "../manage/group";
import { columnsOf, LOG_SHEET, logCell, readLog } from "../push/log";
import { HISTORY_SHEET, timeOf } from "./history-sheet";
import { logValue } from "./record";

export interface AccountHistoryDeps extends Pick<GroupDeps, "workbook" | "selection"> {
  readonly client: PostHogClient;
  /** A time as "2026-11-22 10:00:05 CET" in the given time zone (Utilities.formatDate on Apps Script). */
  formatTime: (date: Date, timeZone: string) => string;
}

export type HistorySource = "PostHog activity" | "push log" | "recorded";

export interface HistoryEntry {
  at: number;
  source: HistorySource;
  who: string;
  property: string;
  old: unknown;
  value: unknown;
  /** A metric column's recorded value: drawn as a trend. */
  metric?: boolean;
}

/** How many activity entries are read at most (PostHog pages them 10 by default; 100 a page here). */
export const ACTIVITY_LIMIT = 500;

const text = (cell: unknown): string => (cell === null || cell === undefined ? "" : String(cell));

/** One entry per change of each activity log entry (an entry without changes stays one line). */
export function activityEntries(entries: readonly ActivityEntry[]): HistoryEntry[] {
  return entries.flatMap((entry) => {
    const changes = Array.isArray(entry.detail?.changes)
      ? (entry.detail.changes as Array<Record<string, unknown>>)
      : [];
    const who = text(entry.user?.email) || text(entry.user?.first_name) || "PostHog";
    const name = text(entry.detail?.name);
    const base = { at: Date.parse(entry.created_at), source: "PostHog activity" as const, who };
    if (changes.length === 0)
      return [{ ...base, property: name || entry.activity, old: "", value: entry.activity }];
    return changes.map((c) => ({
      ...base,
      property: name || text(c.field) || entry.activity,
      old: c.before ?? "",
      value: c.action === "deleted" ? "" : (c.after ?? ""),
    }));
  });
}

/** The push log's rows for this account: its key, pushed from a sheet of its group type. */
export function pushEntries(
  workbook: Workbook,
  groupTypeIndex: number,
  key: string,
): HistoryEntry[] {
  const log = readLog(workbook);
  if (!log) return [];
  const typeOf = new Map<number, number | null>();
  const sheetType = (id: number): number | null => {
    if (!typeOf.has(id)) {
      const sheet = workbook.sheetById(id);
      const meta = sheet ? readMeta(workbook, sheet) : null;
      typeOf.set(id, meta?.request.entity === "groups" ? meta.request.groupTypeIndex : null);
    }
    return typeOf.get(id) ?? null;
  };
  return log.rows
    .filter(
      (row) =>
        keyText(logCell(log, row, "Group key")) === key &&
        sheetType(Number(logCell(log, row, "Sheet id"))) === groupTypeIndex,
    )
    .map((row) => {
      const result = text(logCell(log, row, "Result"));
      const value = logValue(logCell(log, row, "New value"));
      return {
        at: timeOf(logCell(log, row, "When")),
        source: "push log" as const,
        who: text(logCell(log, row, "Who")),
        property: text(logCell(log, row, "Property")) || "(new group)",
        old: logValue(logCell(log, row, "Old value")),
        // What PostHog did not take says so.
        value: result.startsWith("sent") ? value : `${text(value)} (${result})`,
      };
    });
}

/**
 * The recorded history's rows for this account. Rows the recorder took from the push log are left out while that
 * log exists: it gives them itself.
 */
export function recordedEntries(
  workbook: Workbook,
  groupTypeIndex: number,
  key: string,
): HistoryEntry[] {
  const sheet = workbook.sheetByName(HISTORY_SHEET);
  if (!sheet) return [];
  const [header = [], ...rows] = sheet.read().values;
  const at = columnsOf(header);
  const cell = (row: CellValue[], name: string) => (at(name) < 0 ? "" : (row[at(name)] ?? ""));
  const pushLogged = workbook.sheetByName(LOG_SHEET) !== null;
  return rows
    .filter(
      (row) =>
        Number(cell(row, "Group type")) === groupTypeIndex &&
        keyText(cell(row, "Group key")) === key &&
        !(pushLogged && text(cell(row, "Source")).startsWith("push")),
    )
    .map((row) => ({
      at: timeOf(cell(row, "Time seen")),
      source: "recorded" as const,
      who: text(cell(row, "Who")),
      property: text(cell(row, "Property")) || "(account)",
      old: cell(row, "Old value"),
      value: cell(row, "New value"),
      ...(cell(row, "Kind") === "metric" ? { metric: true } : {}),
    }));
}

const ORDER: Record<HistorySource, number> = { "PostHog activity": 0, "push log": 1, recorded: 2 };

/** Oldest first; at the same instant PostHog's own log, then the push, then what a refresh saw. */
export function mergeHistory(...sources: HistoryEntry[][]): HistoryEntry[] {
  return sources
    .flat()
    .filter((e) => Number.isFinite(e.at))
    .sort((a, b) => a.at - b.at || ORDER[a.source] - ORDER[b.source]);
}

/** Each metric's recorded numbers in time order (the value before the first change leads). */
export function metricSeries(entries: readonly HistoryEntry[]): Map<string, number[]> {
  const series = new Map<string, number[]>();
  for (const e of entries) {
    if (!e.metric) continue;
    const values = series.get(e.property) ?? [];
    if (values.length === 0 && typeof e.old === "number" && Number.isFinite(e.old))
      values.push(e.old);
    if (typeof e.value === "number" && Number.isFinite(e.value)) values.push(e.value);
    series.set(e.property, values);
  }
  return new Map([...series].filter(([, values]) => values.length > 0));
}

/** A1 name of a 1-based column. */
function columnName(n: number): string {
  let name = "";
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26))
    name = String.fromCharCode(65 + ((c - 1) % 26)) + name;
  return name;
}

export const ACCOUNT_HEADER = ["When", "Source", "Who", "Property", "Old value", "New value"];
/** The trends start two columns right of the entries. */
const TREND_COLUMN = ACCOUNT_HEADER.length + 2;

/**
 * The trend block: per metric its name, a SPARKLINE over the numbers written next to it, then the numbers. The
 * formula is built from our own cell addresses only; the numbers are written as numbers, never as formula text.
 */
export function trendRows(series: Map<string, number[]>): CellValue[][] {
  const rows: CellValue[][] = [["Metric", "Trend", "Values"]];
  [...series].forEach(([name, values], i) => {
    const row = i + 2;
    const first = columnName(TREND_COLUMN + 2);
    const last = columnName(TREND_COLUMN + 1 + values.length);
    rows.push([toCell(name).cell, `=SPARKLINE(${first}${row}:${last}${row})`, ...values]);
  });
  return rows;
}

/** Reads the three sources for the selected row's group and writes them to a new sheet; answers what it wrote. */
export function accountHistory(deps: AccountHistoryDeps): AccountHistoryView {
  const { groupTypeIndex, groupKey } = selectedGroupRow(deps);
  const workbook = deps.workbook;
  const activity = deps.client.groups.allActivity({
    groupTypeIndex,
    groupKey,
    limit: 100,
    maxItems: ACTIVITY_LIMIT,
  });
  const entries = mergeHistory(
    activityEntries(activity.items),
    pushEntries(workbook, groupTypeIndex, groupKey),
    recordedEntries(workbook, groupTypeIndex, groupKey),
  );
  const timeZone = workbook.timeZone();
  const table: CellValue[][] = [
    ACCOUNT_HEADER,
    ...entries.map((e) => [
      `'${deps.formatTime(new Date(e.at), timeZone)}`,
      e.source,
      toCell(e.who).cell,
      toCell(e.property).cell,
      toCell(e.old).cell,
      toCell(e.value).cell,
    ]),
  ];
  const trends = trendRows(metricSeries(entries));
  const drawn = trends.length > 1 ? trends : [];
  const values = Array.from({ length: Math.max(table.length, drawn.length) }, (_, r) => {
    const left = table[r] ?? [];
    const right = drawn[r] ?? [];
    return right.length > 0
      ? [...left, ...Array<CellValue>(TREND_COLUMN - 1 - left.length).fill(""), ...right]
      : left;
  });
  const sheet = workbook.insert(freeSheetName(workbook, `History ${groupKey}`));
  sheet.replaceAll(values);
  sheet.activate();
  return {
    sheetName: sheet.name(),
    groupKey,
    entries: entries.length,
    bySource: {
      activity: entries.filter((e) => e.source === "PostHog activity").length,
      push: entries.filter((e) => e.source === "push log").length,
      recorded: entries.filter((e) => e.source === "recorded").length,
    },
    trends: drawn.length > 0 ? drawn.length - 1 : 0,
    activityPartial: activity.partial,
  };
}

// "History of this account": PostHog's activity, the push log and the recorded history merged in time order, each
// entry with its source, and a SPARKLINE over a metric's recorded numbers.
import { describe, expect, it } from "vitest";
import type { PostHogClient } from "../../../src/api/index.ts";
import type { ActivityEntry } from "../../../src/api/types.ts";
import {
  accountHistory,
  activityEntries,
  mergeHistory,
  metricSeries,
  trendRows,
} from "../../../src/features/history/account.ts";
import { HISTORY_HEADER, HISTORY_SHEET } from "../../../src/features/history/history-sheet.ts";
import { startPull } from "../../../src/features/pull/pull-job.ts";
import { appendLog, type LOG_HEADER } from "../../../src/features/push/log.ts";
import type { CellValue } from "../../../src/sheets/cells.ts";
import type { ActiveSelection } from "../../../src/sheets/selection.ts";
import { companies, pullWorld } from "../../fakes/pull-deps.ts";

const T = Date.UTC(2026, 0, 10, 9, 0, 0);
const MIN = 60_000;

const activity = (
  at: number,
  who: string,
  name: string,
  before: unknown,
  after: unknown,
): ActivityEntry => ({
  id: String(at),
  user: { email: who },
  activity: "update_property",
  scope: "Group",
  item_id: "c0001",
  detail: { name, changes: [{ type: "Group", action: "changed", field: name, before, after }] },
  created_at: new Date(at).toISOString(),
});

function world() {
  const w = pullWorld(companies(3));
  startPull(w.deps(), { entity: "groups", groupTypeIndex: 0 });
  const sheet = w.workbook.sheet("Companies");
  const selection: ActiveSelection = {
    sheetName: "Companies",
    range: "C3",
    row: 3,
    column: 3,
    values: [[""]],
    headers: sheet.read().values[0] ?? [],
    readRow: (r) => sheet.read().values[r - 1] ?? [],
  };
  const asked: unknown[] = [];
  const client = {
    groups: {
      allActivity: (input: unknown) => {
        asked.push(input);
        return {
          items: [
            activity(T + 5 * MIN, "bo@example.com", "plan", "free", "pro"),
            activity(T, "bo@example.com", "tier", null, 1),
          ],
          partial: false,
          cursor: null,
          pages: 1,
        };
      },
    },
  } as unknown as PostHogClient;
  const deps = {
    workbook: w.workbook,
    selection: () => selection,
    client,
    formatTime: (d: Date, zone: string) => `${d.toISOString().slice(0, 19)} ${zone}`,
  };
  return { w, sheet, deps, asked };
}

const logRow = (
  at: number,
  key: string,
  property: string,
  old: string,
  value: string,
  sheetId: number,
) => {
  const cells: Record<(typeof LOG_HEADER)[number], unknown> = {
    When: new Date(at),
    Who: "'ana@example.com",
    Sheet: "'Companies",
    Push: "'p1",
    Change: "set",
    "Group key": `'${key}`,
    Property: `'${property}`,
    "Old value": `'${JSON.stringify(old)}`,
    "New value": `'${JSON.stringify(value)}`,
    Result: "'sent",
    "Sheet id": sheetId,
  };
  return cells as never;
};

const recorded = (
  at: number,
  key: string,
  property: string,
  old: CellValue,
  value: CellValue,
  kind = "property",
  source = "refresh",
): CellValue[] => [
  new Date(at),
  1000,
  0,
  `'${key}`,
  `'${property}`,
  old,
  value,
  kind,
  source,
  "",
  "'Companies",
];

describe("History of this account", () => {
  it("merges PostHog's activity, the push log and the recorded history in time order, each marked", () => {
    const { w, sheet, deps, asked } = world();
    appendLog(w.workbook, [
      logRow(T + 2 * MIN, "c0001", "name", "Company 1", "Acme", sheet.id),
      logRow(T + 3 * MIN, "c0002", "name", "Company 2", "Other", sheet.id),
    ]);
    w.workbook
      .insert(HISTORY_SHEET)
      .write(1, [
        [...HISTORY_HEADER],
        recorded(T + 1 * MIN, "c0001", "seats", 10, 12),
        recorded(T + 2 * MIN, "c0001", "name", "'Company 1", "'Acme", "property", "push (set)"),
        recorded(T + 9 * MIN, "c0001", "plan", "'pro", "'enterprise"),
        recorded(T + 9 * MIN, "c0002", "plan", "'free", "'pro"),
      ]);
    const view = accountHistory(deps);
    expect(asked).toEqual([{ groupTypeIndex: 0, groupKey: "c0001", limit: 100, maxItems: 500 }]);
    expect(view).toMatchObject({
      groupKey: "c0001",
      entries: 5,
      bySource: { activity: 2, push: 1, recorded: 2 },
    });
    const rows = w.workbook.sheet(view.sheetName).read().values;
    expect(rows).toEqual([
      ["When", "Source", "Who", "Property", "Old value", "New value"],
      ["2026-01-10T09:00:00 Etc/UTC", "PostHog activity", "bo@example.com", "tier", "", 1],
      ["2026-01-10T09:01:00 Etc/UTC", "recorded", "", "seats", 10, 12],
      ["2026-01-10T09:02:00 Etc/UTC", "push log", "ana@example.com", "name", "Company 1", "Acme"],
      ["2026-01-10T09:05:00 Etc/UTC", "PostHog activity", "bo@example.com", "plan", "free", "pro"],
      ["2026-01-10T09:09:00 Etc/UTC", "recorded", "", "plan", "pro", "enterprise"],
    ]);
  });

  it("draws a metric's recorded numbers as a SPARKLINE over cells holding those numbers", () => {
    const { w, deps } = world();
    w.workbook
      .insert(HISTORY_SHEET)
      .write(1, [
        [...HISTORY_HEADER],
        recorded(T, "c0001", "events_7d", 3, 5, "metric"),
        recorded(T + MIN, "c0001", "events_7d", 5, 8, "metric"),
        recorded(T + 2 * MIN, "c0001", '=HYPERLINK("x")', 1, 2, "metric"),
      ]);
    const view = accountHistory(deps);
    expect(view.trends).toBe(2);
    const sheet = w.workbook.sheet(view.sheetName);
    const content = sheet.read();
    expect(content.values[0]?.slice(7, 10)).toEqual(["Metric", "Trend", "Values"]);
    expect(content.values[1]?.slice(7)).toEqual(["events_7d", "", 3, 5, 8]);
    expect(content.formulas[1]?.[8]).toBe("=SPARKLINE(J2:L2)");
    // A metric named like a formula stays text; only the add-on's own SPARKLINE is a formula.
    expect(content.values[2]?.[7]).toBe('=HYPERLINK("x")');
    expect(content.formulas[2]?.[7]).toBe("");
    expect(content.formulas[2]?.[8]).toBe("=SPARKLINE(J3:K3)");
  });

  it("orders entries of the same instant: PostHog's log, then the push, then the refresh", () => {
    const at = T;
    const merged = mergeHistory(
      [{ at, source: "recorded", who: "", property: "a", old: "", value: 1 }],
      [{ at, source: "push log", who: "", property: "a", old: "", value: 1 }],
      activityEntries([activity(at, "x", "a", null, 1)]),
    );
    expect(merged.map((e) => e.source)).toEqual(["PostHog activity", "push log", "recorded"]);
  });

  it("takes numbers only into a trend", () => {
    const series = metricSeries([
      { at: 1, source: "recorded", who: "", property: "m", old: "n/a", value: 2, metric: true },
      { at: 2, source: "recorded", who: "", property: "m", old: 2, value: "=1+1", metric: true },
      { at: 3, source: "recorded", who: "", property: "p", old: 1, value: 2 },
    ]);
    expect([...series]).toEqual([["m", [2]]]);
    expect(trendRows(series)[1]).toEqual(["'m", "=SPARKLINE(J2:J2)", 2]);
  });

  it("refuses a selection outside a pulled groups sheet", () => {
    const { w, deps } = world();
    w.workbook.insert("Mine");
    w.workbook.activate("Mine");
    expect(() => accountHistory(deps)).toThrow(/pulled as Groups/);
  });
});

// Recording account history on refresh: one row per changed property, pushes from the push log with who made them,
// nothing written without changes, and rows older than the kept days dropped.
import { describe, expect, it } from "vitest";
import { HISTORY_SHEET } from "../../../src/features/history/history-sheet.ts";
import { captureHistory, recordRefresh } from "../../../src/features/history/record.ts";
import { changeHistory } from "../../../src/features/history/settings.ts";
import { refreshSheet, startPull } from "../../../src/features/pull/pull-job.ts";
import { appendLog, type LogRow } from "../../../src/features/push/log.ts";
import { readMeta } from "../../../src/sheets/sheet-meta.ts";
import { readSnapshot } from "../../../src/sheets/snapshot.ts";
import { demoMetrics } from "../../fakes/metric-events.ts";
import { companies, type PullWorld, pullWorld } from "../../fakes/pull-deps.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function world(n = 5, days?: number): PullWorld & { refresh(): void; history(): unknown[][] } {
  const w = pullWorld(companies(n));
  startPull(w.deps(), { entity: "groups", groupTypeIndex: 0 });
  w.workbook.activate("Companies");
  changeHistory(w.workbook, { keep: true, ...(days ? { days } : {}) });
  return {
    ...w,
    refresh: () => {
      w.time.advance(HOUR);
      refreshSheet(w.deps(), w.workbook.sheet("Companies"), true);
    },
    history: () => {
      const sheet = w.workbook.sheetByName(HISTORY_SHEET);
      return sheet ? sheet.read().values : [];
    },
  };
}

const group = (w: PullWorld, key: string) => {
  const g = w.fake.groups.get(0)?.find((x) => x.key === key);
  if (!g) throw new Error(`no group ${key}`);
  return g;
};

/** Key, property, old, new, source, who of each data row. */
const summary = (rows: unknown[][]) =>
  rows.slice(1).map((r) => [r[3], r[4], r[5], r[6], r[8], r[9]]);

const WRITES = [
  "sheet.write",
  "sheet.deleteRows",
  "sheet.deleteColumns",
  "sheet.insertColumns",
  "sheet.replaceAll",
  "sheet.setMeta",
  "sheet.writeMarks",
  "workbook.insert",
  "workbook.remove",
  "sheet.rename",
];
const writes = (w: PullWorld) =>
  WRITES.reduce((sum, name) => sum + (w.workbook.calls.get(name) ?? 0), 0);

describe("recording history on refresh", () => {
  it("records each change across three refreshes, and pushes with who made them", () => {
    const w = world();
    const sheetId = w.workbook.sheet("Companies").id;
    group(w, "c0001").properties.plan = "enterprise";
    w.refresh();
    expect(summary(w.history())).toEqual([["c0001", "plan", "pro", "enterprise", "refresh", ""]]);

    // A push between refreshes: the snapshot already follows it, the push log says who.
    w.time.advance(HOUR);
    const pushedAt = new Date(w.time.now());
    group(w, "c0002").properties.name = "Acme";
    const log: LogRow = {
      When: pushedAt,
      Who: "'ana@example.com",
      Sheet: "'Companies",
      Push: "'p1",
      Change: "set",
      "Group key": "'c0002",
      Property: "'name",
      "Old value": `'"Company 2"`,
      "New value": `'"Acme"`,
      Result: "'sent",
      "Sheet id": sheetId,
    };
    appendLog(w.workbook, [log, { ...log, "Group key": "'c0003", Result: "'failed: 400" }]);
    // The snapshot follows the push (push/finish.ts): the refresh sees no difference for c0002.
    const snap = w.workbook.sheet(
      readMeta(w.workbook, w.workbook.sheet("Companies"))?.snapshotSheet ?? "",
    );
    const records = readSnapshot(snap.read().values).map((r) =>
      r.key === "c0002" ? { ...r, properties: { ...r.properties, name: "Acme" } } : r,
    );
    snap.replaceAll([
      snap.read().values[0] ?? [],
      ...records.map((r) => [`'${JSON.stringify({ k: r.key, f: r.fixed, p: r.properties })}`]),
    ]);
    w.refresh();
    expect(summary(w.history()).slice(1)).toEqual([
      ["c0002", "name", "Company 2", "Acme", "push (set)", "ana@example.com"],
    ]);
    expect((w.history()[2]?.[0] as Date).getTime()).toBe(pushedAt.getTime());

    // Changes in PostHog again, an account added and one gone.
    group(w, "c0001").properties.plan = "pro";
    delete group(w, "c0004").properties.plan;
    w.fake.groups.set(
      0,
      (w.fake.groups.get(0) ?? []).filter((g) => g.key !== "c0000"),
    );
    w.fake.addGroups(0, [{ key: "c0099", properties: { name: "New" } }]);
    w.refresh();
    expect(summary(w.history()).slice(2)).toEqual([
      ["c0001", "plan", "enterprise", "pro", "refresh", ""],
      ["c0004", "plan", "free", "", "refresh", ""],
      ["c0099", "", "", "added", "refresh", ""],
      ["c0000", "", "", "removed", "refresh", ""],
    ]);
    // The earlier push is not recorded twice.
    expect(w.history().filter((r) => r[8] === "push (set)")).toHaveLength(1);
  });

  it("writes nothing, not even the history sheet, when nothing changed", () => {
    const plain = pullWorld(companies(5));
    startPull(plain.deps(), { entity: "groups", groupTypeIndex: 0 });
    plain.time.advance(HOUR);
    const w = world();
    const before = { kept: writes(w), plain: writes(plain) };
    w.refresh();
    refreshSheet(plain.deps(), plain.workbook.sheet("Companies"));
    expect(w.workbook.sheetByName(HISTORY_SHEET)).toBeNull();
    // The same writes as a sheet that keeps no history: the recorder added none.
    expect(writes(w) - before.kept).toBe(writes(plain) - before.plain);
  });

  it("makes zero workbook writes for a capture with no change", () => {
    const w = world();
    const sheet = w.workbook.sheet("Companies");
    const meta = readMeta(w.workbook, sheet);
    const snapshot = meta ? w.workbook.sheetByName(meta.snapshotSheet) : null;
    const capture = captureHistory(snapshot, sheet, meta);
    if (!capture) throw new Error("history is on");
    const calls = writes(w);
    expect(
      recordRefresh({ workbook: w.workbook, clock: w.time.now }, capture, capture.before),
    ).toBe(0);
    expect(writes(w)).toBe(calls);
  });

  it("drops this sheet's rows older than the days kept, and keeps other sheets' rows", () => {
    const w = world(3, 2);
    group(w, "c0001").properties.plan = "a";
    w.refresh();
    w.time.advance(DAY);
    group(w, "c0001").properties.plan = "b";
    w.refresh();
    expect(summary(w.history()).map((r) => r[3])).toEqual(["a", "b"]);
    // Another sheet's old row stays whatever this sheet keeps.
    const history = w.workbook.sheet(HISTORY_SHEET);
    history.write(history.lastRow() + 1, [
      [
        new Date(w.time.now() - 30 * DAY),
        1,
        0,
        "'x",
        "'plan",
        "",
        "",
        "property",
        "refresh",
        "",
        "'Other",
      ],
    ]);
    w.time.advance(DAY + HOUR);
    group(w, "c0001").properties.plan = "c";
    w.refresh();
    // "a" is now more than 2 days old and goes; "b" (just under 2 days) stays.
    expect(summary(w.history()).map((r) => r[3])).toEqual(["b", "", "c"]);
  });

  it("records a metric column's new value as a metric row, and nothing for metrics that did not move", () => {
    const fake = companies(3);
    fake.metrics.set(0, demoMetrics());
    const w = pullWorld(fake);
    startPull(w.deps(), { entity: "groups", groupTypeIndex: 0, metrics: true });
    w.workbook.activate("Companies");
    changeHistory(w.workbook, { keep: true });
    w.time.advance(HOUR);
    // One pageview for c0001 since the pull: its 7-day pageviews (and any activity) go from 0 to 1.
    fake.events.push({
      event: "$pageview",
      at: w.time.now() - 1000,
      groups: { 0: "c0001" },
      properties: { plan: "free" },
    });
    refreshSheet(w.deps(), w.workbook.sheet("Companies"), true);
    const rows = w.workbook.sheet(HISTORY_SHEET).values().slice(1);
    expect(rows.map((r) => [r[3], r[4], r[5], r[6], r[7]])).toEqual([
      ["c0001", "Pageviews (7d)", 0, 1, "metric"],
      ["c0001", "Daily pageviews (7d)", 0, 1, "metric"],
      ["c0001", "Any activity (7d)", 0, 1, "metric"],
    ]);
  });

  it("refuses a history setting on a sheet that is not a pulled groups sheet, and a bad number of days", () => {
    const w = world();
    expect(() => changeHistory(w.workbook, { keep: true, days: 0 })).toThrow(/1 to 3650 days/);
    expect(changeHistory(w.workbook, { keep: false })).toBeNull();
    w.workbook.insert("Mine");
    w.workbook.activate("Mine");
    expect(() => changeHistory(w.workbook, { keep: true })).toThrow(
      /pulled from PostHog as Groups/,
    );
  });
});

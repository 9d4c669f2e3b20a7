// Which sheets refresh on a schedule, when each is due, and what each run leaves for the sidebar.
import { describe, expect, it } from "vitest";
import {
  dueSchedules,
  readSchedules,
  recordRun,
  setSchedule,
} from "../../../src/features/schedule/schedule.ts";
import { memoryStore } from "../../fakes/memory-store.ts";

const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe("setSchedule and readSchedules", () => {
  it("sets, replaces and clears a sheet's schedule; the store key goes with the last one", () => {
    const store = memoryStore();
    expect(setSchedule(store, 1, "hourly")).toEqual([{ sheetId: 1, every: "hourly" }]);
    setSchedule(store, 2, "daily");
    expect(setSchedule(store, 1, "daily")).toEqual([
      { sheetId: 2, every: "daily" },
      { sheetId: 1, every: "daily" },
    ]);
    setSchedule(store, 1, "off");
    expect(readSchedules(store)).toEqual([{ sheetId: 2, every: "daily" }]);
    setSchedule(store, 2, "off");
    expect(store.data.size).toBe(0);
  });

  it("reads a damaged record as no schedules", () => {
    const store = memoryStore();
    store.put("posthog.schedules", "{not json");
    expect(readSchedules(store)).toEqual([]);
    store.put("posthog.schedules", '{"sheetId":1}');
    expect(readSchedules(store)).toEqual([]);
  });
});

describe("dueSchedules", () => {
  it("is due when never run, or when its interval (with a margin for trigger drift) has passed", () => {
    const schedules = [
      { sheetId: 1, every: "hourly" as const },
      { sheetId: 2, every: "hourly" as const, lastRunAt: iso(T0 - 54 * MIN) },
      { sheetId: 3, every: "hourly" as const, lastRunAt: iso(T0 - 55 * MIN) },
      { sheetId: 4, every: "daily" as const, lastRunAt: iso(T0 - 23 * 60 * MIN) },
      { sheetId: 5, every: "daily" as const, lastRunAt: iso(T0 - 23.5 * 60 * MIN) },
    ];
    expect(dueSchedules(schedules, T0).map((s) => s.sheetId)).toEqual([1, 3, 5]);
  });
});

describe("recordRun", () => {
  const start = () => {
    const store = memoryStore();
    setSchedule(store, 1, "hourly");
    setSchedule(store, 2, "daily");
    return store;
  };

  it("a refresh records the time, the result and the fingerprint; other sheets are untouched", () => {
    const store = start();
    recordRun(store, 1, T0, { kind: "refreshed", fingerprint: "5|x" });
    expect(readSchedules(store)).toEqual([
      {
        sheetId: 1,
        every: "hourly",
        lastRunAt: iso(T0),
        lastResult: "ok",
        checkedAt: iso(T0),
        fingerprint: "5|x",
      },
      { sheetId: 2, every: "daily" },
    ]);
  });

  it("a failure keeps the last check, a postponement keeps the sheet due and replaces an old pause", () => {
    const store = start();
    recordRun(store, 1, T0, { kind: "unchanged", fingerprint: "5|x" });
    recordRun(store, 1, T0 + MIN, { kind: "failed", message: "boom" });
    expect(readSchedules(store)[0]).toEqual({
      sheetId: 1,
      every: "hourly",
      checkedAt: iso(T0),
      fingerprint: "5|x",
      lastRunAt: iso(T0 + MIN),
      lastResult: "failed",
      lastMessage: "boom",
    });
    recordRun(store, 2, T0, { kind: "postponed", message: "paused", pausedUntil: T0 + 60 * MIN });
    recordRun(store, 2, T0, { kind: "postponed", message: "no time" });
    const second = readSchedules(store)[1];
    expect(second).toEqual({ sheetId: 2, every: "daily", lastMessage: "no time" });
    expect(dueSchedules(readSchedules(store), T0).map((s) => s.sheetId)).toEqual([2]);
  });
});

// The active sheet's status and its scheduled refresh, over the in-memory workbook and document store.
import { describe, expect, it } from "vitest";
import { recordRun } from "../../../src/features/schedule/schedule.ts";
import { changeSchedule, sheetStatus } from "../../../src/features/schedule/status.ts";
import { META_KEY } from "../../../src/sheets/sheet-meta.ts";
import { memoryStore } from "../../fakes/memory-store.ts";
import { memoryWorkbook } from "../../fakes/memory-workbook.ts";

const PULLED_AT = "2026-11-30T09:00:00.000Z";

function setting() {
  const workbook = memoryWorkbook({
    Accounts: [
      ["Group key", "name"],
      ["acme", "Acme"],
    ],
    Notes: [["anything"]],
  });
  const tag = { v: 2, host: "us", projectId: 1, pulledAt: PULLED_AT, rows: 1, snapshotSheet: "s" };
  workbook.sheet("Accounts").setMeta(META_KEY, JSON.stringify(tag));
  const schedules = memoryStore();
  const trigger: boolean[] = [];
  const deps = { workbook, schedules, keepHourlyTrigger: (on: boolean) => trigger.push(on) };
  return { workbook, schedules, trigger, deps };
}

describe("the sheet status", () => {
  it("shows a pulled sheet's time and rows, unscheduled", () => {
    const { workbook, deps } = setting();
    workbook.activate("Accounts");
    expect(sheetStatus(deps)).toMatchObject({
      sheetName: "Accounts",
      pulledAt: PULLED_AT,
      rows: 1,
      schedule: "off",
      lastRunAt: null,
    });
  });

  it("shows a sheet the add-on did not pull as such, without reading the schedules", () => {
    const { workbook, schedules, deps } = setting();
    workbook.activate("Notes");
    expect(sheetStatus(deps)).toEqual({
      sheetName: "Notes",
      pulledAt: null,
      rows: 0,
      schedule: "off",
      lastRunAt: null,
      lastResult: null,
      lastMessage: null,
    });
    expect(schedules.calls).toBe(0);
  });

  it("shows the last scheduled run's outcome", () => {
    const { workbook, schedules, deps } = setting();
    workbook.activate("Accounts");
    const id = workbook.sheet("Accounts").id;
    changeSchedule(deps, { every: "daily" });
    recordRun(schedules, id, Date.parse("2026-12-01T10:00:00Z"), {
      kind: "failed",
      message: "PostHog was down.",
    });
    expect(sheetStatus(deps)).toMatchObject({
      schedule: "daily",
      lastRunAt: "2026-12-01T10:00:00.000Z",
      lastResult: "failed",
      lastMessage: "PostHog was down.",
    });
  });
});

describe("scheduling a refresh", () => {
  it("keeps the hourly trigger while a sheet is scheduled and removes it when none is", () => {
    const { workbook, trigger, deps } = setting();
    workbook.activate("Accounts");
    expect(changeSchedule(deps, { every: "hourly" })).toMatchObject({ schedule: "hourly" });
    expect(changeSchedule(deps, { every: "off" })).toMatchObject({ schedule: "off" });
    expect(trigger).toEqual([true, false]);
  });

  it("refuses a sheet that was not pulled, and an unknown interval, without touching the trigger", () => {
    const { workbook, trigger, deps } = setting();
    workbook.activate("Notes");
    expect(() => changeSchedule(deps, { every: "hourly" })).toThrow(
      expect.objectContaining({ code: "not_a_pulled_sheet" }),
    );
    workbook.activate("Accounts");
    expect(() => changeSchedule(deps, { every: "weekly" })).toThrow(
      expect.objectContaining({ code: "invalid_input", field: "every" }),
    );
    expect(() => changeSchedule({ ...deps, schedules: null }, { every: "daily" })).toThrow(
      expect.objectContaining({ code: "not_a_pulled_sheet" }),
    );
    expect(trigger).toEqual([]);
  });
});

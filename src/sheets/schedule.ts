// Scheduled refreshes: which pulled sheets refresh hourly or daily, when each last ran, and how it went.
import type { KeyValueStore } from "../platform/ports";

const SCHEDULES = "posthog.schedules";

export type Every = "off" | "hourly" | "daily";

export interface SheetSchedule {
  sheetId: number;
  every: Exclude<Every, "off">;
  /** ISO time of the last scheduled run. */
  lastRunAt?: string;
  lastResult?: "ok" | "failed";
  /** What went wrong last time, for the sidebar. */
  lastMessage?: string;
}

/** Time-driven add-on triggers fire at most hourly and drift a little: leave a margin. */
const INTERVAL_MS: Record<SheetSchedule["every"], number> = {
  hourly: 55 * 60_000,
  daily: 23.5 * 3_600_000,
};

export function readSchedules(store: KeyValueStore): SheetSchedule[] {
  try {
    const value = JSON.parse(store.get(SCHEDULES) ?? "[]") as SheetSchedule[];
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}

export function writeSchedules(store: KeyValueStore, schedules: readonly SheetSchedule[]): void {
  if (schedules.length === 0) store.remove(SCHEDULES);
  else store.put(SCHEDULES, JSON.stringify(schedules));
}

/** Sets or clears one sheet's schedule; returns the whole list. */
export function setSchedule(store: KeyValueStore, sheetId: number, every: Every): SheetSchedule[] {
  const others = readSchedules(store).filter((s) => s.sheetId !== sheetId);
  const next = every === "off" ? others : [...others, { sheetId, every }];
  writeSchedules(store, next);
  return next;
}

/** The schedules whose interval has passed since their last run. */
export function dueSchedules(schedules: readonly SheetSchedule[], now: number): SheetSchedule[] {
  return schedules.filter(
    (s) => !s.lastRunAt || now - Date.parse(s.lastRunAt) >= INTERVAL_MS[s.every],
  );
}

/** Records how a run went. */
export function recordRun(
  store: KeyValueStore,
  sheetId: number,
  at: number,
  failure: string | null,
): void {
  const updated = readSchedules(store).map((s) =>
    s.sheetId !== sheetId
      ? s
      : {
          sheetId: s.sheetId,
          every: s.every,
          lastRunAt: new Date(at).toISOString(),
          lastResult: failure ? ("failed" as const) : ("ok" as const),
          ...(failure ? { lastMessage: failure } : {}),
        },
  );
  writeSchedules(store, updated);
}

// Scheduled refreshes: which pulled sheets refresh hourly or daily, when each last ran, and how it went.
import type { KeyValueStore } from "../../platform/ports";

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
  /** ISO time PostHog's data was last seen to match the sheet (a refresh, or a check that found no change). */
  checkedAt?: string;
  /** The cheap check's answer at `checkedAt` (see scheduled-run.ts); the next run skips the sheet if it is the same. */
  fingerprint?: string;
  /** ISO time scheduled refreshes resume after a quota stopped them; `lastMessage` says why. */
  pausedUntil?: string;
}

/** How one scheduled run went for one sheet. */
export type RunOutcome =
  | { kind: "refreshed"; fingerprint: string | null }
  | { kind: "unchanged"; fingerprint: string }
  | { kind: "failed"; message: string }
  /** Not run (no time left, or a quota): stays due, with the reason for the sidebar. */
  | { kind: "postponed"; message: string; pausedUntil?: number };

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
  outcome: RunOutcome,
): void {
  const iso = new Date(at).toISOString();
  const next = (s: SheetSchedule): SheetSchedule => {
    const base = { sheetId: s.sheetId, every: s.every };
    const kept = {
      ...(s.checkedAt ? { checkedAt: s.checkedAt } : {}),
      ...(s.fingerprint ? { fingerprint: s.fingerprint } : {}),
    };
    switch (outcome.kind) {
      case "refreshed":
        return {
          ...base,
          lastRunAt: iso,
          lastResult: "ok",
          checkedAt: iso,
          ...(outcome.fingerprint ? { fingerprint: outcome.fingerprint } : {}),
        };
      case "unchanged":
        return {
          ...base,
          lastRunAt: iso,
          lastResult: "ok",
          checkedAt: iso,
          fingerprint: outcome.fingerprint,
        };
      case "failed":
        return {
          ...base,
          ...kept,
          lastRunAt: iso,
          lastResult: "failed",
          lastMessage: outcome.message,
        };
      case "postponed": {
        const { pausedUntil: _old, ...rest } = s;
        return {
          ...rest,
          lastMessage: outcome.message,
          ...(outcome.pausedUntil
            ? { pausedUntil: new Date(outcome.pausedUntil).toISOString() }
            : {}),
        };
      }
    }
  };
  writeSchedules(
    store,
    readSchedules(store).map((s) => (s.sheetId === sheetId ? next(s) : s)),
  );
}

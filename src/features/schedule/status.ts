// The active sheet's status (when it was pulled, how many rows) and its scheduled refresh: read and change.
import type { KeyValueStore } from "../../platform/ports";
import { UserFacingError } from "../../shared/failures";
import { argsOf } from "../../shared/respond";
import type { SheetStatus } from "../../shared/rpc";
import { isPulled, readTag } from "../../sheets/sheet-meta";
import type { Workbook } from "../../sheets/workbook";
import { readHistorySetting } from "../history/settings";
import { readSchedules, setSchedule } from "./schedule";

export interface StatusDeps {
  workbook: Workbook;
  /** The document's properties; null outside a document. */
  schedules: KeyValueStore | null;
  /** Keeps the document's one hourly trigger while any sheet is scheduled, and removes it when none is. */
  keepHourlyTrigger: (on: boolean) => void;
}

/** The active sheet's status; a sheet that was not pulled shows as such, and no sheet at all as null. */
export function sheetStatus(deps: Omit<StatusDeps, "keepHourlyTrigger">): SheetStatus | null {
  const sheet = deps.workbook.active();
  if (!sheet) return null;
  const meta = readTag(sheet);
  if (!meta)
    return {
      sheetName: sheet.name(),
      pulledAt: null,
      rows: 0,
      schedule: "off",
      lastRunAt: null,
      lastResult: null,
      lastMessage: null,
    };
  const store = deps.schedules;
  const schedule = store ? readSchedules(store).find((s) => s.sheetId === sheet.id) : undefined;
  return {
    sheetName: sheet.name(),
    pulledAt: meta.pulledAt,
    rows: meta.rows,
    schedule: schedule?.every ?? "off",
    lastRunAt: schedule?.lastRunAt ?? null,
    lastResult: schedule?.lastResult ?? null,
    lastMessage: schedule?.lastMessage ?? null,
    checkedAt: schedule?.checkedAt ?? null,
    pausedUntil: schedule?.pausedUntil ?? null,
    history: readHistorySetting(sheet),
  };
}

/** Schedules the active pulled sheet's refresh (off, hourly, daily) and returns its new status. */
export function changeSchedule(deps: StatusDeps, input: unknown): SheetStatus | null {
  const every = argsOf(input).every;
  if (every !== "off" && every !== "hourly" && every !== "daily") {
    throw new UserFacingError("invalid_input", "Choose off, hourly or daily.", "every");
  }
  const sheet = deps.workbook.active();
  const store = deps.schedules;
  if (!sheet || !store || !isPulled(sheet)) {
    throw new UserFacingError(
      "not_a_pulled_sheet",
      "Open a sheet pulled from PostHog to schedule its refresh.",
    );
  }
  const schedules = setSchedule(store, sheet.id, every);
  deps.keepHourlyTrigger(schedules.length > 0);
  return sheetStatus(deps);
}

// Server-side handlers for the active sheet's status and its scheduled refresh (one hourly trigger per document).

import { type Every, readSchedules, setSchedule } from "../features/schedule/schedule";
import { documentStore } from "../platform/stores.gas";
import { keepHourlyTrigger } from "../platform/triggers.gas";
import { activeWorkbook } from "../platform/workbook.gas";
import { UserFacingError } from "../shared/failures";
import type { RpcResult, SheetStatus } from "../shared/rpc";
import { isPulled, readTag } from "../sheets/sheet-meta";
import { argsOf, respond } from "./rpc-handlers";

function status(): SheetStatus | null {
  const sheet = activeWorkbook().active();
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
  const store = documentStore();
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
  };
}

export const getSheetStatusHandler = (): RpcResult<SheetStatus | null> => respond(status);

export const setScheduleHandler = (input: unknown): RpcResult<SheetStatus | null> =>
  respond(() => {
    const every = argsOf(input).every;
    if (every !== "off" && every !== "hourly" && every !== "daily") {
      throw new UserFacingError("invalid_input", "Choose off, hourly or daily.", "every");
    }
    const sheet = activeWorkbook().active();
    const store = documentStore();
    if (!sheet || !store || !isPulled(sheet)) {
      throw new UserFacingError(
        "not_a_pulled_sheet",
        "Open a sheet pulled from PostHog to schedule its refresh.",
      );
    }
    const schedules = setSchedule(store, sheet.id, every as Every);
    keepHourlyTrigger(schedules.length > 0);
    return status();
  });

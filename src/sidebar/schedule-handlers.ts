// Sidebar calls for the active sheet's status and its scheduled refresh: one line each over features/schedule.
import { changeSchedule, sheetStatus } from "../features/schedule/status";
import { statusDeps } from "../platform/root.gas";
import { respond } from "../shared/respond";
import type { RpcResult, SheetStatus } from "../shared/rpc";

export const getSheetStatusHandler = (): RpcResult<SheetStatus | null> =>
  respond(() => sheetStatus(statusDeps()));

export const setScheduleHandler = (input: unknown): RpcResult<SheetStatus | null> =>
  respond(() => changeSchedule(statusDeps(), input));

// Sidebar calls for account history: keep the active sheet's history, and the selected account's history sheet.
import { accountHistory } from "../features/history/account";
import { changeHistory } from "../features/history/settings";
import { sheetStatus } from "../features/schedule/status";
import { historyDeps, statusDeps } from "../platform/root.gas";
import type { AccountHistoryView } from "../shared/history-rpc";
import { respond } from "../shared/respond";
import type { RpcResult, SheetStatus } from "../shared/rpc";

export const setHistoryHandler = (input: unknown): RpcResult<SheetStatus | null> =>
  respond(() => {
    const deps = statusDeps();
    changeHistory(deps.workbook, input);
    return sheetStatus(deps);
  });

export const accountHistoryHandler = (): RpcResult<AccountHistoryView> =>
  respond(() => accountHistory(historyDeps()));

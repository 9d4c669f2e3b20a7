// Sidebar call for Check setup: runs the self-test, which writes its report sheet.
import { runSetupCheck } from "../features/setup/run-check";
import { setupDeps } from "../platform/root.gas";
import { respond } from "../shared/respond";
import type { RpcResult, SetupReport } from "../shared/rpc";

export const runSetupCheckHandler = (): RpcResult<SetupReport> =>
  respond(() => runSetupCheck(setupDeps()));

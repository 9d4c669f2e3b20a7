// Sidebar call for Check setup: runs the self-test, which writes its report sheet.
import { runSetupCheck } from "../platform/check-setup.gas";
import { respond } from "../shared/respond";
import type { RpcResult, SetupReport } from "../shared/rpc";

export const runSetupCheckHandler = (): RpcResult<SetupReport> => respond(runSetupCheck);

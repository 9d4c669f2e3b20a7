// Drives a pull: the first call, then `continuePull` while the job is running, keeping the page busy throughout.
import type { PullProgress, RpcFailure, RpcResult } from "../../shared/rpc";
import { driveJob } from "./job-runner";
import type { ProgressPanel } from "./pull-progress";
import { server } from "./server";

/** Continues job `jobId` from the panel's "Continue the pull" button after a failed call. */
function offerContinue(panel: ProgressPanel, jobId: string, failure: RpcFailure): void {
  // A lookup that found nothing has ended: there is nothing to continue.
  if (failure.code === "nothing_matched") {
    panel.interrupted(failure.message, null);
    return;
  }
  panel.interrupted(failure.message, async () => {
    const failure = await drivePull(panel, () => server.continuePull({ jobId }));
    if (failure) offerContinue(panel, jobId, failure);
  });
}

/**
 * Runs `first` and continues the job until it is done or failed, updating `panel` after each call.
 * Returns the failure of `first` (nothing shown: the caller shows it by its form). A later failed call shows
 * in the panel with a button that continues the same job.
 */
export function drivePull(
  panel: ProgressPanel,
  first: () => Promise<RpcResult<PullProgress>>,
): Promise<RpcFailure | null> {
  return driveJob(
    {
      show: (progress) => panel.update(progress),
      next: (jobId) => server.continuePull({ jobId }),
      interrupted: (jobId, failure) => offerContinue(panel, jobId, failure),
    },
    first,
  );
}

// Drives a push: the first call, then `continuePush` while the job runs, keeping the page busy throughout.
import type { PushProgress } from "../../shared/push-rpc";
import type { RpcFailure, RpcResult } from "../../shared/rpc";
import { driveJob } from "./job-runner";
import type { PushProgressView } from "./push-progress-view";
import { server } from "./server";

/** Failures after which the job can't be continued (it finished, was cancelled, or its sheet is gone). */
const FINAL = new Set(["no_such_push", "push_lost"]);

/** Continues job `jobId` from the view's "Continue the push" button after a failed call. */
function offerContinue(view: PushProgressView, jobId: string, failure: RpcFailure): void {
  const retry = async () => {
    const again = await drivePush(view, () => server.continuePush({ jobId }));
    if (again) offerContinue(view, jobId, again);
  };
  view.interrupted(failure.message, FINAL.has(failure.code) ? null : retry);
}

/**
 * Runs `first` and continues the job until it is done, updating `view` after each call. Returns the failure of
 * `first` (nothing shown: the caller shows it by its form); a later failed call shows in the view with a button
 * that continues the same job.
 */
export function drivePush(
  view: PushProgressView,
  first: () => Promise<RpcResult<PushProgress>>,
): Promise<RpcFailure | null> {
  return driveJob(
    {
      show: (progress) => view.update(progress),
      next: (jobId) => server.continuePush({ jobId }),
      interrupted: (jobId, failure) => offerContinue(view, jobId, failure),
    },
    first,
  );
}

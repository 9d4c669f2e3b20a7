// Drives a server job (a pull or a push): the first call, then "continue" while it runs, the page busy throughout.
import type { RpcFailure, RpcResult } from "../../shared/rpc";
import { hold } from "./busy";

export interface JobSteps<P extends { jobId: string; status: string }> {
  /** Shows where the job stands after each call. */
  show(progress: P): void;
  /** The next chunk of job `jobId`. */
  next(jobId: string): Promise<RpcResult<P>>;
  /** A call after the first failed: show it, and offer to continue job `jobId`. */
  interrupted(jobId: string, failure: RpcFailure): void;
}

/**
 * Runs `first` and continues the job until it stops running. Returns the failure of `first` (nothing shown: the
 * caller shows it by its form); a later failure goes to `steps.interrupted`.
 */
export function driveJob<P extends { jobId: string; status: string }>(
  steps: JobSteps<P>,
  first: () => Promise<RpcResult<P>>,
): Promise<RpcFailure | null> {
  return hold(async () => {
    const result = await first();
    if (!result.ok) return result;
    let progress = result.value;
    for (;;) {
      steps.show(progress);
      if (progress.status !== "running") return null;
      const next = await steps.next(progress.jobId);
      if (!next.ok) {
        steps.interrupted(progress.jobId, next);
        return null;
      }
      progress = next.value;
    }
  });
}

// Per-key request throttles (DRF SimpleRateThrottle's sliding log) and the per-project query concurrency cap.
import { errors, throttledDetail } from "./errors";
import type { Rate } from "./settings";

export interface ThrottleSpec {
  scope: string;
  rate: Rate;
}

export class Throttles {
  private readonly history = new Map<string, number[]>();

  /**
   * Checks every throttle like DRF's `check_throttles`: each one that allows the request records it,
   * and if any refuses, the request fails with the longest wait.
   */
  check(keyId: string, specs: ThrottleSpec[], now: number, retryAfter: boolean): void {
    const waits: number[] = [];
    for (const spec of specs) {
      const bucket = `${spec.scope}:${keyId}`;
      let log = this.history.get(bucket);
      if (!log) {
        log = [];
        this.history.set(bucket, log);
      }
      while (log.length > 0 && (log[0] as number) <= now - spec.rate.windowMs) log.shift();
      if (log.length >= spec.rate.limit) {
        const oldest = log[0] as number;
        const remaining = spec.rate.windowMs - (now - oldest);
        const available = spec.rate.limit - log.length + 1;
        waits.push(available <= 0 ? spec.rate.windowMs / 1000 : remaining / 1000 / available);
      } else {
        log.push(now);
      }
    }
    if (waits.length === 0) return;
    const wait = Math.max(...waits);
    throw errors.throttled(
      throttledDetail(wait),
      retryAfter ? Math.max(0, Math.ceil(wait)) : undefined,
    );
  }

  reset(): void {
    this.history.clear();
  }
}

/** At most N queries run at once per project; others wait for a slot, then fail with 429. */
export class ConcurrencyLimiter {
  private readonly running = new Map<number, number>();
  private readonly waiting = new Map<number, (() => void)[]>();

  async acquire(
    projectId: number,
    limit: number,
    waitMs: number,
    taskId: string,
  ): Promise<() => void> {
    const started = Date.now();
    while ((this.running.get(projectId) ?? 0) >= limit) {
      const left = waitMs - (Date.now() - started);
      if (left <= 0) {
        throw errors.throttled(
          `Exceeded maximum concurrency limit: ${limit} for key: api:query:per-team:${projectId} and task: ${taskId}`,
        );
      }
      await new Promise<void>((resolve) => {
        const queue = this.waiting.get(projectId) ?? [];
        this.waiting.set(projectId, queue);
        const timer = setTimeout(() => {
          const at = queue.indexOf(wake);
          if (at !== -1) queue.splice(at, 1);
          resolve();
        }, left);
        const wake = () => {
          clearTimeout(timer);
          resolve();
        };
        queue.push(wake);
      });
    }
    this.running.set(projectId, (this.running.get(projectId) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running.set(projectId, Math.max(0, (this.running.get(projectId) ?? 1) - 1));
      this.waiting.get(projectId)?.shift()?.();
    };
  }
}

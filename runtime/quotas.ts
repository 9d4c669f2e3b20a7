// Apps Script's daily quotas per user (UrlFetch calls, trigger runtime) and the cap on simultaneous executions.
// The rules and their sources are recorded in docs/apps-script.md, "Quotas".

import { gasError, messages } from "./errors.ts";

/** Consumer (gmail.com) accounts get the smaller quotas; the runtime defaults to them, the stricter case. */
export type AccountKind = "consumer" | "workspace";

const MINUTE = 60_000;
export const DAY_MS = 24 * 60 * MINUTE;

/** https://developers.google.com/apps-script/guides/services/quotas, "Current quotas" (docs/apps-script.md). */
export const DAILY_QUOTAS: Record<AccountKind, { urlFetch: number; triggerMs: number }> = {
  consumer: { urlFetch: 20_000, triggerMs: 90 * MINUTE },
  workspace: { urlFetch: 100_000, triggerMs: 6 * 60 * MINUTE },
};

/** Same page, "Current limitations": simultaneous executions per user (both account kinds). */
export const MAX_SIMULTANEOUS_EXECUTIONS = 30;

/** One user's day: quotas "reset 24 hours after the first request" (same page). */
export interface QuotaUse {
  /** When the current 24-hour window began (the first counted use), or null before any. */
  windowStartedAt: number | null;
  urlFetch: number;
  /** Milliseconds of time-driven trigger executions in the window. */
  triggerMs: number;
}

export class QuotaBook {
  private readonly users = new Map<string, QuotaUse>();
  private readonly held = new Map<string, number>();

  constructor(
    readonly account: AccountKind,
    private readonly now: () => number,
  ) {}

  get limits() {
    return DAILY_QUOTAS[this.account];
  }

  /** The user's use in the current window (a fresh record once 24 hours passed since its first use). */
  use(user: string): QuotaUse {
    const now = this.now();
    let use = this.users.get(user);
    if (!use || (use.windowStartedAt !== null && now >= use.windowStartedAt + DAY_MS)) {
      use = { windowStartedAt: null, urlFetch: 0, triggerMs: 0 };
      this.users.set(user, use);
    }
    return use;
  }

  private start(use: QuotaUse): void {
    use.windowStartedAt ??= this.now();
  }

  /** Counts `n` UrlFetch requests, or throws the daily-quota exception when they would pass the quota. */
  spendUrlFetch(user: string, n: number): void {
    const use = this.use(user);
    if (use.urlFetch + n > this.limits.urlFetch) throw gasError(messages.urlFetchDaily());
    this.start(use);
    use.urlFetch += n;
  }

  /** What a trigger execution may still run today; throws when nothing is left. */
  triggerAllowanceMs(user: string): number {
    const left = this.limits.triggerMs - this.use(user).triggerMs;
    if (left <= 0) throw gasError(messages.computerTime());
    return left;
  }

  /** Adds a finished trigger execution's runtime. */
  spendTrigger(user: string, ms: number): void {
    const use = this.use(user);
    this.start(use);
    use.triggerMs += Math.max(0, ms);
  }

  /** Throws when the user already has the maximum number of executions running (`running` counts the others). */
  checkSimultaneous(user: string, running: number): void {
    if (running + (this.held.get(user) ?? 0) >= MAX_SIMULTANEOUS_EXECUTIONS) {
      throw gasError(messages.tooManySimultaneous());
    }
  }

  /** Simulates `n` other executions of the user running elsewhere; returns their end. */
  hold(user: string, n: number): () => void {
    this.held.set(user, (this.held.get(user) ?? 0) + n);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.held.set(user, (this.held.get(user) ?? 0) - n);
    };
  }
}

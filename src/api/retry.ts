// Retry policy as data: which failures are retried, how long to wait, and the per-call wait budget.
import { invalidInput, isUnreachable, type PostHogError } from "./errors";

/** Retry settings. Every wait (pacing included) counts against `budgetMs`, so one call never overruns an execution. */
export interface RetryOptions {
  /**
   * Retries after the first attempt.
   * @default 4
   */
  maxRetries?: number;
  /**
   * First backoff wait when PostHog gave no wait time; doubles each retry.
   * @default 1000
   */
  baseDelayMs?: number;
  /**
   * Longest single wait. A 429 asking for longer is not waited: the `throttled` error is thrown with its `waitSeconds`.
   * @default 60000
   */
  maxDelayMs?: number;
  /**
   * Total time one call may spend sleeping (pacing, backoff, 429 waits, query polling).
   * @default 120000
   */
  budgetMs?: number;
  /**
   * Retry idempotent requests after a transport timeout. Off by default: Apps Script waits 60 s per timeout.
   * @default false
   */
  retryOnTimeout?: boolean;
  /**
   * Retry idempotent requests whose host could not be resolved (DNS error) or refused the connection
   * (Address unavailable). Off when checking a host a person just typed: a wrong host should fail at once.
   * @default true
   */
  retryUnreachable?: boolean;
}

/** Resolved retry settings. */
export type RetryPolicy = Readonly<Required<RetryOptions>>;

/** The defaults, documented on {@link RetryOptions}. */
export const DEFAULT_RETRY: RetryPolicy = Object.freeze({
  maxRetries: 4,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
  budgetMs: 120_000,
  retryOnTimeout: false,
  retryUnreachable: true,
});

/** Fills in defaults and checks the numbers. */
export function resolveRetry(options: RetryOptions = {}): RetryPolicy {
  const policy = { ...DEFAULT_RETRY, ...definedOnly(options) };
  for (const name of ["maxRetries", "baseDelayMs", "maxDelayMs", "budgetMs"] as const) {
    const value = policy[name];
    if (!Number.isFinite(value) || value < 0)
      throw invalidInput(`retry.${name} must be a number of at least 0.`, name);
  }
  return Object.freeze(policy);
}

function definedOnly(options: RetryOptions): RetryOptions {
  return Object.fromEntries(
    Object.entries(options).filter(([, v]) => v !== undefined),
  ) as RetryOptions;
}

/**
 * Whether a failure may be retried. A 429 always may (PostHog did nothing). 5xx (except 501), 408,
 * network failures and (optionally) timeouts only on idempotent requests: a create that failed
 * half-way may have happened, so repeating it could duplicate data.
 */
export function isRetryable(
  error: PostHogError,
  idempotent: boolean,
  policy: RetryPolicy,
): boolean {
  switch (error.code) {
    case "throttled":
      return true;
    case "server_error":
      return idempotent && error.status !== 501;
    case "network":
      return idempotent && (policy.retryUnreachable || !isUnreachable(error));
    case "timeout":
      return idempotent && (error.status === 408 || policy.retryOnTimeout);
    default:
      return false;
  }
}

/** The wait before retry number `attempt + 1`: PostHog's stated wait, else capped exponential backoff with jitter. */
export function retryDelay(
  error: PostHogError,
  attempt: number,
  policy: RetryPolicy,
  random?: () => number,
): number {
  if (error.code === "throttled" && error.waitSeconds !== null) return error.waitSeconds * 1000;
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  // "Equal jitter": half fixed, half random, so concurrent executions spread out; deterministic without `random`.
  return random ? Math.round(backoff / 2 + (backoff / 2) * random()) : backoff;
}

/**
 * Decides the next step after a failure: the milliseconds to sleep before retrying, or null to give up.
 * `waitedMs` is what this call has already slept.
 */
export function planRetry(
  error: PostHogError,
  attempt: number,
  idempotent: boolean,
  policy: RetryPolicy,
  waitedMs: number,
  random?: () => number,
): number | null {
  if (attempt >= policy.maxRetries || !isRetryable(error, idempotent, policy)) return null;
  const delay = retryDelay(error, attempt, policy, random);
  if (delay > policy.maxDelayMs || waitedMs + delay > policy.budgetMs) return null;
  return delay;
}

// Keeps one key under PostHog's per-minute and per-hour request limits, across executions, via a key-value store.
import { invalidInput } from "./errors";
import type { Clock, Sleep } from "./transport";

/** A small string store (the Apps Script side backs it with CacheService or PropertiesService). */
export interface KeyValueStore {
  get(key: string): string | null;
  put(key: string, value: string): void;
}

/** `rest` is every private endpoint; `query` is `/query/`, which PostHog throttles separately. */
export type PaceKind = "rest" | "query";

/** Requests allowed in any sliding minute and hour. */
export interface RateLimit {
  perMinute: number;
  perHour: number;
}

/** Limits per kind (posthog-api.md §3, posthog-query-api.md §7). */
export interface PacerLimits {
  /**
   * Every REST endpoint in scope.
   * @default { perMinute: 480, perHour: 4800 }
   */
  rest?: RateLimit;
  /**
   * The query API ("new limits" projects; legacy projects allow 120/h and their 429s are simply waited out).
   * @default { perMinute: 240, perHour: 2400 }
   */
  query?: RateLimit;
}

export const DEFAULT_LIMITS: Readonly<Record<PaceKind, RateLimit>> = Object.freeze({
  rest: { perMinute: 480, perHour: 4800 },
  query: { perMinute: 240, perHour: 2400 },
});

/** The outcome of waiting for a slot: slept and recorded, or refused because the wait exceeds what is left. */
export type Acquired = { ok: true; sleptMs: number } | { ok: false; waitMs: number };

export interface Pacer {
  /** Milliseconds to wait before `count` more requests of this kind fit under every limit (0 = now). */
  delayFor(kind: PaceKind, count?: number): number;
  /** Notes that `count` requests are going out now. */
  record(kind: PaceKind, count?: number): void;
  /** Makes every request of this kind wait until `untilMs` (PostHog said so in a 429). */
  block(kind: PaceKind, untilMs: number): void;
  /** Sleeps until `count` requests fit, then records them; refuses if that takes more than `maxWaitMs`. */
  acquire(kind: PaceKind, count: number, maxWaitMs: number): Acquired;
}

export interface PacerDeps {
  store: KeyValueStore;
  clock: Clock;
  sleep: Sleep;
  /** An opaque id for the key's budget (never the key itself): it names the store entry. */
  bucket: string;
  limits?: PacerLimits;
}

/**
 * The log is kept as counts per second (for the minute window) and per minute (for the hour window),
 * so it stays ~1 KB per kind (a property value holds 9 KB). A count frees up only when its whole
 * bucket has left the window: never early, at most one bucket late.
 */
interface State {
  s: Array<[second: number, count: number]>;
  m: Array<[minute: number, count: number]>;
  b: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Builds a pacer whose state lives in `store` under `posthog-pacer:<bucket>:<kind>`. */
export function createPacer(deps: PacerDeps): Pacer {
  const { store, clock, sleep } = deps;
  const bucket = checkBucket(deps.bucket);
  const limits: Record<PaceKind, RateLimit> = {
    rest: deps.limits?.rest ?? DEFAULT_LIMITS.rest,
    query: deps.limits?.query ?? DEFAULT_LIMITS.query,
  };
  const keyFor = (kind: PaceKind) => `posthog-pacer:${bucket}:${kind}`;

  function load(kind: PaceKind, now: number): State {
    const state = parseState(store.get(keyFor(kind)));
    state.s = state.s.filter(([start]) => start * SECOND + SECOND + MINUTE > now);
    state.m = state.m.filter(([start]) => start * MINUTE + MINUTE + HOUR > now);
    return state;
  }

  function delayFor(kind: PaceKind, count = 1): number {
    const now = clock();
    const state = load(kind, now);
    const limit = limits[kind];
    return Math.max(
      state.b - now,
      windowDelay(state.s, SECOND, MINUTE, Math.min(count, limit.perMinute), limit.perMinute, now),
      windowDelay(state.m, MINUTE, HOUR, Math.min(count, limit.perHour), limit.perHour, now),
      0,
    );
  }

  function record(kind: PaceKind, count = 1): void {
    const now = clock();
    const state = load(kind, now);
    add(state.s, Math.floor(now / SECOND), count);
    add(state.m, Math.floor(now / MINUTE), count);
    store.put(keyFor(kind), JSON.stringify(state));
  }

  function block(kind: PaceKind, untilMs: number): void {
    const state = load(kind, clock());
    if (untilMs <= state.b) return;
    state.b = untilMs;
    store.put(keyFor(kind), JSON.stringify(state));
  }

  function acquire(kind: PaceKind, count: number, maxWaitMs: number): Acquired {
    let slept = 0;
    // A few rounds: another execution may take the slot while this one sleeps.
    for (let round = 0; round < 5; round++) {
      const wait = delayFor(kind, count);
      if (wait <= 0) break;
      if (slept + wait > maxWaitMs) return { ok: false, waitMs: wait };
      sleep(wait);
      slept += wait;
    }
    record(kind, count);
    return { ok: true, sleptMs: slept };
  }

  return { delayFor, record, block, acquire };
}

function checkBucket(bucket: unknown): string {
  if (typeof bucket !== "string" || bucket === "" || bucket.length > 200) {
    throw invalidInput(
      "The pacer bucket must be a non-empty text of at most 200 characters.",
      "bucket",
    );
  }
  if (/^ph[xcs]_/.test(bucket))
    throw invalidInput("The pacer bucket must not be an API key.", "bucket");
  return bucket;
}

/** Wait until `count` more fit under `limit` in a window of `windowMs`, counting buckets of `sizeMs`. */
function windowDelay(
  entries: ReadonlyArray<[number, number]>,
  sizeMs: number,
  windowMs: number,
  count: number,
  limit: number,
  now: number,
): number {
  let excess = entries.reduce((sum, [, n]) => sum + n, 0) + count - limit;
  if (excess <= 0) return 0;
  for (const [start, n] of [...entries].sort((a, b) => a[0] - b[0])) {
    excess -= n;
    if (excess <= 0) return start * sizeMs + sizeMs + windowMs - now;
  }
  return windowMs;
}

function add(entries: Array<[number, number]>, start: number, count: number): void {
  const last = entries[entries.length - 1];
  if (last && last[0] === start) last[1] += count;
  else entries.push([start, count]);
}

function parseState(raw: string | null): State {
  const empty: State = { s: [], m: [], b: 0 };
  if (!raw) return empty;
  try {
    const value = JSON.parse(raw) as Partial<State>;
    const pairs = (list: unknown) =>
      Array.isArray(list)
        ? (list.filter(
            (p) => Array.isArray(p) && p.length === 2 && p.every(Number.isFinite),
          ) as Array<[number, number]>)
        : [];
    return {
      s: pairs(value.s),
      m: pairs(value.m),
      b: Number.isFinite(value.b) ? Number(value.b) : 0,
    };
  } catch {
    return empty; // A damaged entry only costs pacing accuracy, never a failure.
  }
}

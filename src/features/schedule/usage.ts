// The add-on's own count of today's Apps Script quota use (UrlFetch calls, trigger time), in the person's properties.
// Apps Script offers no API to read the quotas; these counters cover what the add-on itself recorded (docs/apps-script.md).
import type { KeyValueStore } from "../../platform/ports";
import { DAY_MS } from "../../shared/day";

const USAGE = "posthog.usage";

export interface Usage {
  /** When the current 24-hour window began (Google resets quotas 24 hours after the first request). */
  windowStartedAt: number;
  fetches: number;
  triggerMs: number;
}

/** Today's counters: a fresh window once 24 hours passed since the last one began. */
export function readUsage(store: KeyValueStore, now: number): Usage {
  try {
    const u = JSON.parse(store.get(USAGE) ?? "null") as Usage | null;
    if (
      u &&
      typeof u.windowStartedAt === "number" &&
      now < u.windowStartedAt + DAY_MS &&
      typeof u.fetches === "number" &&
      typeof u.triggerMs === "number"
    )
      return u;
  } catch {
    // A damaged record counts as a fresh day.
  }
  return { windowStartedAt: now, fetches: 0, triggerMs: 0 };
}

/** Adds to today's counters (a negative triggerMs gives back time charged in advance). */
export function addUsage(
  store: KeyValueStore,
  now: number,
  add: { fetches?: number; triggerMs?: number },
): Usage {
  const u = readUsage(store, now);
  const next: Usage = {
    windowStartedAt: u.windowStartedAt,
    fetches: u.fetches + (add.fetches ?? 0),
    triggerMs: Math.max(0, u.triggerMs + (add.triggerMs ?? 0)),
  };
  store.put(USAGE, JSON.stringify(next));
  return next;
}

/** When today's window ends and the quotas (and the add-on's budget) start again. */
export const windowEndsAt = (u: Usage): number => u.windowStartedAt + DAY_MS;

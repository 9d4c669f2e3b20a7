// The add-on's own count of today's quota use: a 24-hour window, counters that add up, time given back never below 0.
import { describe, expect, it } from "vitest";
import { addUsage, readUsage, windowEndsAt } from "../../../src/features/schedule/usage.ts";
import { memoryStore } from "../../fakes/memory-store.ts";

const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);
const HOUR = 3_600_000;

describe("usage", () => {
  it("starts a fresh window at the first use and adds within it", () => {
    const store = memoryStore();
    expect(readUsage(store, T0)).toEqual({ windowStartedAt: T0, fetches: 0, triggerMs: 0 });
    addUsage(store, T0, { fetches: 10, triggerMs: 5_000 });
    const later = addUsage(store, T0 + HOUR, { fetches: 3 });
    expect(later).toEqual({ windowStartedAt: T0, fetches: 13, triggerMs: 5_000 });
    expect(windowEndsAt(later)).toBe(T0 + 24 * HOUR);
  });

  it("begins again 24 hours after the window began", () => {
    const store = memoryStore();
    addUsage(store, T0, { fetches: 100 });
    expect(readUsage(store, T0 + 24 * HOUR - 1).fetches).toBe(100);
    expect(readUsage(store, T0 + 24 * HOUR)).toEqual({
      windowStartedAt: T0 + 24 * HOUR,
      fetches: 0,
      triggerMs: 0,
    });
  });

  it("gives back time charged in advance, never below zero", () => {
    const store = memoryStore();
    addUsage(store, T0, { triggerMs: 280_000 });
    expect(addUsage(store, T0, { triggerMs: -200_000 }).triggerMs).toBe(80_000);
    expect(addUsage(store, T0, { triggerMs: -500_000 }).triggerMs).toBe(0);
  });

  it("reads a damaged record as a fresh day", () => {
    const store = memoryStore();
    store.put("posthog.usage", "garbage");
    expect(readUsage(store, T0).fetches).toBe(0);
    store.put("posthog.usage", JSON.stringify({ windowStartedAt: T0, fetches: "7", triggerMs: 0 }));
    expect(readUsage(store, T0).fetches).toBe(0);
  });
});

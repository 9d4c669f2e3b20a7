// What a custom function's execution gets (src/features/formulas/context.ts FormulaEnv) over fakes: the owner's
// stores, an in-memory CachePort counting reads and bytes, a lock counting acquisitions, and a client per cell.
import { createHash } from "node:crypto";
import { saveKey, saveProject } from "../../src/features/connect/settings.ts";
import type { CachePort } from "../../src/features/formulas/cache.ts";
import {
  type FormulaContext,
  type FormulaEnv,
  openFormula,
} from "../../src/features/formulas/context.ts";
import { switchKey } from "../../src/features/formulas/settings.ts";
import type { Lock } from "../../src/platform/ports.ts";
import { fakeClock } from "./fake-clock.ts";
import { FAKE_KEY, FAKE_PROJECT, type FakePostHog, fakeClient } from "./fake-posthog.ts";
import { memoryStore } from "./memory-store.ts";

export const SPREADSHEET = "sheet-1";

/** A document cache (CacheService's getAll/putAll shape) that counts round trips and the bytes read back. */
export function memoryCache() {
  const data = new Map<string, string>();
  const cache = {
    data,
    gets: 0,
    getAlls: 0,
    putAlls: 0,
    /** Characters of values handed back by get and getAll. */
    bytesRead: 0,
    /** Entries asked for by get and getAll (one per key). */
    entriesRead: 0,
    reads: () => cache.gets + cache.getAlls,
    get(key: string) {
      cache.gets++;
      cache.entriesRead++;
      const value = data.get(key) ?? null;
      cache.bytesRead += value?.length ?? 0;
      return value;
    },
    getAll(keys: string[]) {
      cache.getAlls++;
      cache.entriesRead += keys.length;
      const found: Record<string, string> = {};
      for (const k of keys) {
        const value = data.get(k);
        if (value === undefined) continue;
        found[k] = value;
        cache.bytesRead += value.length;
      }
      return found;
    },
    putAll(values: Record<string, string>) {
      cache.putAlls++;
      for (const [k, v] of Object.entries(values)) data.set(k, v);
    },
  } satisfies CachePort & Record<string, unknown>;
  return cache;
}

/** A document lock: `busy` makes every try fail, as while a pull holds it. */
export function fakeLock() {
  const lock = {
    busy: false,
    acquired: 0,
    released: 0,
    tryAcquire: () => {
      if (lock.busy) return false;
      lock.acquired++;
      return true;
    },
    release: () => {
      lock.released++;
    },
  } satisfies Lock & Record<string, unknown>;
  return lock;
}

/** One spreadsheet whose owner switched formulas on, connected to the fake PostHog; `cell()` opens an execution. */
export function formulaWorld(fake: FakePostHog, options: { canQuery?: boolean } = {}) {
  const user = memoryStore();
  const document = memoryStore();
  user.put(switchKey(SPREADSHEET), "on");
  saveKey({ user, document }, { host: "us", apiKey: FAKE_KEY });
  saveProject(
    { user, document },
    {
      host: "us",
      projectId: FAKE_PROJECT,
      projectName: "Fake",
      canQuery: options.canQuery ?? true,
    },
  );
  const cache = memoryCache();
  const lock = fakeLock();
  const time = fakeClock();
  const world = {
    fake,
    user,
    document,
    cache,
    lock,
    time,
    /** Clients made: at most one per execution, and none when the cache answers. */
    clients: 0,
    env(): FormulaEnv {
      let ids = 0;
      return {
        spreadsheetId: SPREADSHEET,
        user,
        document,
        cache,
        digest: (text) => createHash("sha256").update(text).digest("hex"),
        makeClient: () => {
          world.clients++;
          return fakeClient(fake, { clock: time }).client;
        },
        lock: () => lock,
        clock: time.now,
        newId: () => `n${++ids}`,
      };
    },
    /** A new execution (one cell), with the formula's refresh argument. */
    cell(refresh = ""): FormulaContext {
      return openFormula(world.env(), refresh);
    },
  };
  return world;
}

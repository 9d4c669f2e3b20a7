// What every service factory gets: the kernel, its execution, and the runtime's state that outlives executions.

import type { RuntimeClock } from "../clock.ts";
import type { HttpBridge } from "../http-bridge.ts";
import type { ExecutionState, RuntimeKernel } from "../kernel-impl.ts";
import type { LoadedProject } from "../load.ts";
import type { QuotaBook } from "../quotas.ts";
import type { CacheStore } from "./cache.ts";
import type { LockTable } from "./lock.ts";
import type { TriggerRecord } from "./script-app.ts";
import type { UiRecords } from "./ui.ts";

export interface RuntimeState {
  project: LoadedProject;
  clock: RuntimeClock;
  sleep: "real" | "virtual";
  scriptId: string;
  timeZone: string;
  locale: string;
  addOnName: string;
  logs: string[];
  scriptProperties: Map<string, string>;
  userProperties: Map<string, Map<string, string>>;
  documentProperties: Map<string, Map<string, string>>;
  scriptCache: CacheStore;
  userCaches: Map<string, CacheStore>;
  documentCaches: Map<string, CacheStore>;
  locks: LockTable;
  triggers: TriggerRecord[];
  ui: UiRecords;
  /** Owner of a document, or undefined when unknown. */
  documentOwner(documentId: string): string | undefined;
  /** Whether the user has authorised the add-on (getAuthorizationInfo). */
  isAuthorized(user: string): boolean;
  /** URL prefixes allowed for UrlFetch, or null when the manifest has no urlFetchWhitelist. */
  urlAllowlist: string[] | null;
  fetchTimeoutMs: number;
  /** Daily quotas and the simultaneous-execution cap, per user. */
  quotas: QuotaBook;
  /** Virtual milliseconds each UrlFetch call (a fetchAll batch once) adds to the clock; 0 for none. */
  virtualFetchMs: number;
  /** Started on first use. */
  http(): HttpBridge;
}

export interface ServiceEnv {
  kernel: RuntimeKernel;
  execution: ExecutionState;
  state: RuntimeState;
}

/** Map-of-maps accessor that creates the inner map on first use. */
export function storeFor<V>(stores: Map<string, V>, key: string, create: () => V): V {
  let store = stores.get(key);
  if (store === undefined) {
    store = create();
    stores.set(key, store);
  }
  return store;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Waits `ms` as Utilities.sleep does: on the virtual clock, or really (Atomics.wait blocks this thread). */
export function pause(env: ServiceEnv, ms: number): void {
  if (!(ms > 0)) return;
  if (env.state.sleep === "virtual") {
    env.state.clock.advance(ms);
    env.execution.virtualMs += ms;
  } else {
    Atomics.wait(sleeper, 0, 0, ms);
  }
}

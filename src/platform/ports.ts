// Ports the pure code uses for state that outlives one execution; adapters and in-memory fakes implement them.

/** A string store: user/document properties or a cache. `get` gives null for a missing key. */
export interface KeyValueStore {
  get(key: string): string | null;
  put(key: string, value: string): void;
  remove(key: string): void;
}

/** A mutual-exclusion lock held for the rest of the execution or until released. */
export interface Lock {
  /** Waits up to `timeoutMs`; false when another execution still holds it. */
  tryAcquire(timeoutMs: number): boolean;
  release(): void;
}

// LockService: document, user and script locks held by executions (or by a simulated concurrent one in tests).

import { gasError, messages } from "../errors.ts";
import type { ServiceEnv } from "./env.ts";
import { pause } from "./env.ts";

export type LockKind = "document" | "user" | "script";

/** Who holds which lock, across executions. Keys: "script", "user:<email>", "document:<id>". */
export class LockTable {
  readonly holders = new Map<string, string>();
  private nextExternal = 1;

  static key(kind: LockKind, id?: string): string {
    return kind === "script" ? "script" : `${kind}:${id ?? ""}`;
  }

  tryAcquire(key: string, holder: string): boolean {
    const current = this.holders.get(key);
    if (current !== undefined && current !== holder) return false;
    this.holders.set(key, holder);
    return true;
  }

  release(key: string, holder: string): void {
    if (this.holders.get(key) === holder) this.holders.delete(key);
  }

  /** Releases every lock the holder has (end of execution; Ui.alert/prompt). */
  releaseAll(holder: string): void {
    for (const [key, h] of this.holders) if (h === holder) this.holders.delete(key);
  }

  /** Simulates another execution holding the lock; returns its release. */
  holdExternally(key: string): () => void {
    const holder = `external:${this.nextExternal++}`;
    if (!this.tryAcquire(key, holder))
      throw new Error(`Lock ${key} is already held by ${this.holders.get(key)}`);
    return () => this.release(key, holder);
  }
}

export function executionHolder(env: ServiceEnv): string {
  return `execution:${env.execution.id}`;
}

export class GasLock {
  private acquired = false;
  constructor(
    private readonly env: ServiceEnv,
    private readonly key: string,
  ) {}

  private use(method: string): void {
    this.env.kernel.call("Lock", method, { storage: true });
  }

  private attempt(timeoutInMillis: unknown): boolean {
    const { state } = this.env;
    const holder = executionHolder(this.env);
    if (state.locks.tryAcquire(this.key, holder)) {
      this.acquired = true;
      return true;
    }
    // Nothing else runs while this execution waits, so a lock held elsewhere stays held: wait out the timeout.
    const ms = Math.max(0, Number(timeoutInMillis) || 0);
    const { execution, kernel } = this.env;
    const remaining = Math.max(0, execution.limitMs - kernel.elapsed(execution));
    pause(this.env, state.sleep === "virtual" ? ms : Math.min(ms, remaining + 1));
    kernel.checkTime(execution);
    this.acquired = state.locks.tryAcquire(this.key, holder);
    return this.acquired;
  }

  tryLock(timeoutInMillis: unknown): boolean {
    this.use("tryLock");
    return this.attempt(timeoutInMillis);
  }
  waitLock(timeoutInMillis: unknown): void {
    this.use("waitLock");
    if (!this.attempt(timeoutInMillis)) throw gasError(messages.lockTimeout());
  }
  hasLock(): boolean {
    this.use("hasLock");
    return (
      this.acquired && this.env.state.locks.holders.get(this.key) === executionHolder(this.env)
    );
  }
  releaseLock(): void {
    this.use("releaseLock");
    this.env.state.locks.release(this.key, executionHolder(this.env));
    this.acquired = false;
  }
  toString(): string {
    return "Lock";
  }
}

export function createLockService(env: ServiceEnv) {
  const use = (method: string) => env.kernel.call("LockService", method, { storage: true });
  return {
    /** null outside a document. */
    getDocumentLock(): GasLock | null {
      use("getDocumentLock");
      const id = env.execution.documentId;
      return id === null ? null : new GasLock(env, LockTable.key("document", id));
    },
    getUserLock(): GasLock {
      use("getUserLock");
      return new GasLock(env, LockTable.key("user", env.execution.user));
    },
    getScriptLock(): GasLock {
      use("getScriptLock");
      return new GasLock(env, LockTable.key("script"));
    },
  };
}

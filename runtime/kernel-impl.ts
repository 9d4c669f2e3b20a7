// The runtime's Kernel: the stack of running executions, the call counter, and the mode/scope/time rules.

import { gasError, messages } from "./errors.ts";
import type { AuthMode, Execution, Kernel, Needs } from "./kernel.ts";

const AUTH = "https://www.googleapis.com/auth/";

/** OAuth scopes the services check against the manifest's explicit `oauthScopes`. */
export const SCOPES = {
  spreadsheetsCurrentOnly: `${AUTH}spreadsheets.currentonly`,
  spreadsheets: `${AUTH}spreadsheets`,
  externalRequest: `${AUTH}script.external_request`,
  containerUi: `${AUTH}script.container.ui`,
  scriptApp: `${AUTH}script.scriptapp`,
  userinfoEmail: `${AUTH}userinfo.email`,
} as const;

/** A broader scope that also grants the key (Google lists both in "Required permissions: (a || b)"). */
const BROADER: Record<string, string[]> = {
  [SCOPES.spreadsheetsCurrentOnly]: [SCOPES.spreadsheets],
  [`${AUTH}spreadsheets.readonly`]: [SCOPES.spreadsheets],
};

/** One HTTP request made by UrlFetchApp, for benchmarks. */
export interface HttpRecord {
  method: string;
  url: string;
  /** HTTP status, or null when no response arrived (timeout, refused, DNS…). */
  status: number | null;
  /** Wall-clock milliseconds of the request (for fetchAll: of the whole batch). */
  ms: number;
  /** Set for requests made through fetchAll: the batch's size. */
  batch?: number;
  error?: string;
}

export interface ExecutionState extends Execution {
  id: number;
  /** HTTP requests made in this execution. */
  http: HttpRecord[];
  /** Set once the execution ended; its services then refuse to work. */
  ended: boolean;
  /** For a time-driven trigger: what is left of the user's daily trigger runtime (runtime/quotas.ts). */
  triggerAllowanceMs?: number;
}

export interface KernelConfig {
  /** The manifest's `oauthScopes`, or null when the manifest lists none (auto-detection: every scope granted). */
  oauthScopes: readonly string[] | null;
  /** Whether the user has authorised the add-on (FULL-mode calls needing authorisation fail otherwise). */
  isAuthorized(user: string): boolean;
}

/** Services that need no authorisation and work in every mode (apps-script.md §3: NONE allows Logger, Utilities). */
const FREE_SERVICES = new Set([
  "Logger",
  "console",
  "Utilities",
  "Blob",
  "Session",
  "User",
  "HTTPResponse",
]);
/** Single methods allowed in every mode but CUSTOM_FUNCTION (getUi is how NONE-mode onOpen builds its menu). */
const FREE_METHODS = new Set(["SpreadsheetApp.getUi"]);

export class RuntimeKernel implements Kernel {
  private readonly stack: ExecutionState[] = [];
  private tally = new Map<string, number>();
  private nextId = 1;
  /** While > 0, calls are not counted (runtime introspection such as globalNames()). */
  muted = 0;

  constructor(private readonly config: KernelConfig) {}

  current(): ExecutionState {
    const top = this.stack[this.stack.length - 1];
    if (!top) {
      throw new Error(
        "No Apps Script execution is running: services can only be used inside runtime.run(), evaluate() or services().",
      );
    }
    return top;
  }

  /** The running execution, or undefined. */
  peek(): ExecutionState | undefined {
    return this.stack[this.stack.length - 1];
  }

  begin(init: Omit<Execution, "startedAt" | "virtualMs">): ExecutionState {
    const execution: ExecutionState = {
      ...init,
      startedAt: Date.now(),
      virtualMs: 0,
      id: this.nextId++,
      http: [],
      ended: false,
    };
    this.stack.push(execution);
    return execution;
  }

  end(execution: ExecutionState): void {
    execution.ended = true;
    const index = this.stack.lastIndexOf(execution);
    if (index >= 0) this.stack.splice(index, 1);
  }

  /** Executions of this user running now (nested runs included). */
  running(user: string): number {
    return this.stack.filter((e) => e.user === user && !e.ended).length;
  }

  /** Milliseconds the execution has used: real time since it started plus virtual sleeps. */
  elapsed(execution: Execution): number {
    return Date.now() - execution.startedAt + execution.virtualMs;
  }

  /** Throws the time-limit exception once the execution ran past its limit. */
  checkTime(execution: Execution): void {
    const elapsed = this.elapsed(execution);
    if (elapsed >= execution.limitMs) throw gasError(messages.timeLimit());
    const allowance = (execution as ExecutionState).triggerAllowanceMs;
    if (allowance !== undefined && elapsed >= allowance) throw gasError(messages.computerTime());
  }

  call(service: string, method: string, needs: Needs = {}): void {
    this.count(`${service}.${method}`);
    const execution = this.current();
    if ((execution as ExecutionState).ended) {
      throw gasError(`${service}.${method} was called after its execution ended.`);
    }
    this.checkTime(execution);
    this.checkMode(execution, service, method, needs);
    this.checkScopes(service, method, needs);
  }

  /** Adds n to a counter without any check (e.g. "UrlFetchApp.requests" for each request of a fetchAll). */
  count(key: string, n = 1): void {
    if (this.muted > 0) return;
    this.tally.set(key, (this.tally.get(key) ?? 0) + n);
  }

  counts(): Record<string, number> {
    return Object.fromEntries([...this.tally.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  resetCounts(): void {
    this.tally = new Map();
  }

  /** Scopes a call needs: its own, or for document calls the current-document scope (or the broader one). */
  requiredScopes(needs: Needs): string[] {
    const scope = needs.scope ?? (needs.document ? SCOPES.spreadsheetsCurrentOnly : undefined);
    if (scope === undefined) return [];
    return [scope, ...(BROADER[scope] ?? [])];
  }

  private checkMode(execution: Execution, service: string, method: string, needs: Needs): void {
    const name = `${service}.${method}`;
    const free = FREE_SERVICES.has(service) || FREE_METHODS.has(name);
    const mode: AuthMode = execution.authMode;
    const refuse = (): never => {
      throw gasError(messages.noPermission(service, method, this.requiredScopes(needs)));
    };
    switch (mode) {
      case "FULL":
        if (!this.config.isAuthorized(execution.user) && needsAuthorization(needs)) {
          throw gasError(messages.authorizationRequired());
        }
        return;
      case "NONE":
        // apps-script.md §3: NONE allows Logger, Utilities and adding menu items, nothing else.
        if (free || needs.menu) return;
        refuse();
        return;
      case "LIMITED":
        // Document and properties yes, menus yes; no UrlFetch, no sidebar/dialog, no user data.
        if (free) return;
        if (needs.network || needs.ui || needs.userData) refuse();
        return;
      case "CUSTOM_FUNCTION":
        // Read-only document, no UI, no user data; UrlFetch, Properties, Cache, Lock, Utilities allowed.
        if (needs.document === "write") throw gasError(messages.noPermissionMethod(method));
        if (name === "SpreadsheetApp.getUi") throw gasError(messages.uiContext());
        if (free) return;
        if (needs.ui || needs.menu || needs.userData) refuse();
        return;
    }
  }

  private checkScopes(service: string, method: string, needs: Needs): void {
    const granted = this.config.oauthScopes;
    if (granted === null) return;
    const required = this.requiredScopes(needs);
    if (required.length === 0) return;
    if (required.some((scope) => granted.includes(scope))) return;
    throw gasError(messages.scopeMissing(service, method, required));
  }
}

/** Calls that touch anything beyond the script itself need the user's authorisation in FULL mode. */
function needsAuthorization(needs: Needs): boolean {
  return Boolean(
    needs.document || needs.ui || needs.storage || needs.network || needs.userData || needs.scope,
  );
}

// The Apps Script runtime for Node: runs the pushed files in a fresh vm context per execution, with in-memory services.
// Over 300 lines: the runtime's whole public surface and the execution lifecycle it wraps every call in.

import vm from "node:vm";
import { RuntimeClock } from "./clock.ts";
import { createExecutionContext, type ExecutionContext, ecmascriptGlobalNames } from "./context.ts";
import { gasError, messages } from "./errors.ts";
import { HttpBridge } from "./http-bridge.ts";
import { describeFunction, type FunctionInfo } from "./introspect.ts";
import type { AuthMode } from "./kernel.ts";
import { type ExecutionState, type HttpRecord, RuntimeKernel } from "./kernel-impl.ts";
import { type LoadedProject, loadProject, type SourceFile } from "./load.ts";
import { Membrane } from "./membrane.ts";
import { type AccountKind, QuotaBook } from "./quotas.ts";
import { CacheStore, createCacheService } from "./services/cache.ts";
import { type RuntimeState, type ServiceEnv, storeFor } from "./services/env.ts";
import { createHtmlService } from "./services/html-service.ts";
import { createLockService, type LockKind, LockTable } from "./services/lock.ts";
import { createConsole, createLogger } from "./services/logger.ts";
import { createPropertiesService } from "./services/properties.ts";
import { createScriptApp, type TriggerRecord } from "./services/script-app.ts";
import { createSession } from "./services/session.ts";
import {
  type AlertRecord,
  createUi,
  createUiRecords,
  type DialogRecord,
  type MenuRecord,
  type SidebarRecord,
} from "./services/ui.ts";
import { createUrlFetchApp } from "./services/url-fetch.ts";
import { createUtilities } from "./services/utilities.ts";
import { addDocument, createSpreadsheetApp, createSpreadsheetStore } from "./spreadsheet/index.ts";

export type { FunctionInfo } from "./introspect.ts";
export type { AuthMode } from "./kernel.ts";
export type { HttpRecord } from "./kernel-impl.ts";
export type { AccountKind, QuotaBook, QuotaUse } from "./quotas.ts";
export type { TriggerRecord } from "./services/script-app.ts";
export type { AlertRecord, DialogRecord, MenuRecord, SidebarRecord } from "./services/ui.ts";

type Store = ReturnType<typeof createSpreadsheetStore>;

export interface RuntimeOptions {
  /** Default "dist": reads appsscript.json, the .js files in filePushOrder/alphabetical order, the .html files. */
  distDir?: string;
  /** Instead of distDir: files such as "server.js" or "sidebar.html" (and optionally "appsscript.json"). */
  files?: SourceFile[];
  /** Instead of reading appsscript.json. */
  manifest?: object;
  /** Files to load first, in order (default: .clasp.json's filePushOrder when it points at distDir). */
  filePushOrder?: string[];
  /** Prefixes added to the manifest's urlFetchWhitelist (e.g. "http://127.0.0.1:5123/" for the local PostHog). */
  extraUrlAllowlist?: string[];
  /** "virtual": Utilities.sleep (and lock waits) advance a clock the context's Date sees, without waiting. */
  sleep?: "real" | "virtual";
  /** UrlFetch timeout (default 60,000: Apps Script's fixed 60 s). */
  fetchTimeoutMs?: number;
  /** Execution time limit (default 360,000). */
  executionLimitMs?: number;
  /** Custom-function time limit (default 30,000). */
  customFunctionLimitMs?: number;
  /** The add-on's name, used as the caption of Ui.createAddonMenu() menus (default "PostHog for Sheets"). */
  addOnName?: string;
  /** ScriptApp.getScriptId() (default a fixed fake id). */
  scriptId?: string;
  /** Session.getActiveUserLocale() (default "en"). */
  locale?: string;
  /** Which daily quotas apply (runtime/quotas.ts): "consumer" (default, the stricter) or "workspace". */
  account?: AccountKind;
  /**
   * Virtual milliseconds each UrlFetch call (a fetchAll batch once) adds to the runtime clock and the execution's
   * time, as a slow network would (default 0). Lets tests see time budgets and the trigger-runtime quota bite.
   */
  virtualFetchMs?: number;
}

export interface RunOptions {
  /** Default FULL. */
  authMode?: AuthMode;
  /** Default "owner@example.com". */
  user?: string;
  /** Default the first document added; null for a standalone run. */
  documentId?: string | null;
}

/** What one time-driven trigger run did (fireTimeTriggers). */
export interface TriggerRun {
  trigger: TriggerRecord;
  result?: unknown;
  error?: Error;
}

export interface RuntimeUi {
  menus: MenuRecord[];
  sidebars: SidebarRecord[];
  dialogs: DialogRecord[];
  alerts: AlertRecord[];
  /** The next Ui.alert/prompt is answered with this button (and prompt text); default: the first button (OK/YES). */
  answerNextAlert(button: string, text?: string): void;
  /** On: a question no scripted answer covers stops the execution and waits (see UiRecords.askPerson). */
  askPerson(on: boolean): void;
  /** The question the last execution stopped at, if any (cleared by reading it). */
  takePending(): AlertRecord | null;
}

export interface AppsScriptRuntime {
  /** One execution: a fresh context, all files' top-level code, then the top-level function. */
  run(functionName: string, args?: unknown[], options?: RunOptions): unknown;
  /** CUSTOM_FUNCTION mode, the owner's user properties, 30 s; the name is case-insensitive as in Sheets. */
  runCustomFunction(
    functionName: string,
    args: unknown[],
    options?: Omit<RunOptions, "authMode">,
  ): unknown;
  /** Runs arbitrary code in a fresh execution context (after the files' top-level code). */
  evaluate(code: string, options?: RunOptions): unknown;
  /** Names the loaded files define on the global object (beyond ECMAScript's and the services). */
  globalNames(): string[];
  globalFunction(name: string): FunctionInfo | undefined;
  /** "Service.method" → calls, across executions since the last reset. */
  counts(): Record<string, number>;
  resetCounts(): void;
  /** Logger.log and console.* output, in order. */
  logs: string[];
  ui: RuntimeUi;
  store: Store;
  addDocument(opts: { id: string; name?: string; owner: string; timeZone?: string }): unknown;
  /** Direct, uncounted access to the property stores. */
  properties: {
    user(email: string): Map<string, string>;
    document(id: string): Map<string, string>;
    script: Map<string, string>;
  };
  /** Direct, uncounted access to the caches. */
  caches: { user(email: string): CacheStore; document(id: string): CacheStore; script: CacheStore };
  triggers: TriggerRecord[];
  /** Runs the time-driven triggers that are due on the runtime clock, as their creators, in FULL mode. */
  fireTimeTriggers(): TriggerRun[];
  /** The daily quotas per user: `use(user)` in the current window, `hold(user, n)` other running executions. */
  quotas: QuotaBook;
  /** Simulates another execution holding the lock (user: key = email; document: key = id); returns the release. */
  holdLock(kind: LockKind, key?: string): () => void;
  /** The service globals as Node objects, inside an execution that stays open until endServices/run/close. */
  services(options?: RunOptions): Record<string, unknown>;
  endServices(): void;
  /** HTTP requests of the current or last execution. */
  readonly http: HttpRecord[];
  /** The runtime clock (ms since the epoch) as scripts see it; advanceClock moves it (caches, triggers). */
  now(): number;
  advanceClock(ms: number): void;
  /** Marks a user as having (not) authorised the add-on (ScriptApp.getAuthorizationInfo, FULL-mode calls). */
  setAuthorized(user: string, authorized: boolean): void;
  /** The loaded project (manifest, scripts in load order, HTML files). */
  project: LoadedProject;
  close(): void;
}

const DEFAULT_USER = "owner@example.com";
const SERVICE_NAMES = [
  "SpreadsheetApp",
  "PropertiesService",
  "CacheService",
  "LockService",
  "Utilities",
  "Session",
  "ScriptApp",
  "HtmlService",
  "UrlFetchApp",
  "Logger",
  "console",
  "MimeType",
] as const;
const INVOKE = "__appsScriptRuntimeInvoke__";
const invokeScript = new vm.Script(`${INVOKE}()`, { filename: "apps-script-runtime" });

export function createAppsScriptRuntime(options: RuntimeOptions = {}): AppsScriptRuntime {
  const project = loadProject(options);
  const manifest = project.manifest;
  const clock = new RuntimeClock();
  const unauthorized = new Set<string>();
  const kernel = new RuntimeKernel({
    oauthScopes: Array.isArray(manifest.oauthScopes) ? manifest.oauthScopes.map(String) : null,
    isAuthorized: (user) => !unauthorized.has(user),
  });
  const store: Store = createSpreadsheetStore();
  let bridge: HttpBridge | undefined;
  const newCache = () => new CacheStore(() => clock.now());
  const state: RuntimeState = {
    project,
    clock,
    sleep: options.sleep ?? "real",
    scriptId: options.scriptId ?? "1AppsScriptRuntimeForNodeScriptId0000000000000000000000",
    timeZone: typeof manifest.timeZone === "string" ? manifest.timeZone : "America/New_York",
    locale: options.locale ?? "en",
    addOnName: options.addOnName ?? "PostHog for Sheets",
    logs: [],
    scriptProperties: new Map(),
    userProperties: new Map(),
    documentProperties: new Map(),
    scriptCache: newCache(),
    userCaches: new Map(),
    documentCaches: new Map(),
    locks: new LockTable(),
    triggers: [],
    ui: createUiRecords(),
    documentOwner: (id) => store.documents.get(id)?.owner,
    isAuthorized: (user) => !unauthorized.has(user),
    urlAllowlist: Array.isArray(manifest.urlFetchWhitelist)
      ? [...manifest.urlFetchWhitelist.map(String), ...(options.extraUrlAllowlist ?? [])]
      : null,
    fetchTimeoutMs: options.fetchTimeoutMs ?? 60_000,
    quotas: new QuotaBook(options.account ?? "consumer", () => clock.now()),
    virtualFetchMs: options.virtualFetchMs ?? 0,
    http: () => {
      bridge ??= new HttpBridge();
      return bridge;
    },
  };
  const limitMs = options.executionLimitMs ?? 360_000;
  const customLimitMs = options.customFunctionLimitMs ?? 30_000;
  let lastHttp: HttpRecord[] = [];
  let standing: ExecutionState | undefined;
  let introspection: { names: string[]; functions: Map<string, FunctionInfo> } | undefined;

  const firstDocument = (): string | null => store.documents.keys().next().value ?? null;

  function begin(opts: RunOptions, limit: number, mode?: AuthMode): ExecutionState {
    state.quotas.checkSimultaneous(
      opts.user ?? DEFAULT_USER,
      kernel.running(opts.user ?? DEFAULT_USER),
    );
    const execution = kernel.begin({
      authMode: mode ?? opts.authMode ?? "FULL",
      user: opts.user ?? DEFAULT_USER,
      documentId: opts.documentId === undefined ? firstDocument() : opts.documentId,
      limitMs: limit,
    });
    lastHttp = execution.http;
    return execution;
  }

  function finish(execution: ExecutionState): void {
    state.locks.releaseAll(`execution:${execution.id}`);
    kernel.end(execution);
  }

  /** The service globals for one execution, as Node objects. */
  function buildServices(execution: ExecutionState): Record<string, unknown> {
    const env: ServiceEnv = { kernel, execution, state };
    let ui: unknown;
    const getUi = () => {
      if (execution.authMode === "CUSTOM_FUNCTION" || execution.documentId === null) {
        throw gasError(messages.uiContext());
      }
      ui ??= createUi(env);
      return ui;
    };
    return {
      SpreadsheetApp: createSpreadsheetApp(store, kernel, getUi),
      PropertiesService: createPropertiesService(env),
      CacheService: createCacheService(env),
      LockService: createLockService(env),
      Utilities: createUtilities(env),
      Session: createSession(env),
      ScriptApp: createScriptApp(env),
      HtmlService: createHtmlService(env),
      UrlFetchApp: createUrlFetchApp(env),
      Logger: createLogger(env),
      console: createConsole(env),
      MimeType: Object.freeze({
        CSV: "text/csv",
        HTML: "text/html",
        JAVASCRIPT: "application/javascript",
        JSON: "application/json",
        PLAIN_TEXT: "text/plain",
        PDF: "application/pdf",
        ZIP: "application/zip",
      }),
    };
  }

  /** vm timeout for the next evaluation: the execution's remaining time plus a second, against CPU loops. */
  const vmTimeout = (execution: ExecutionState) =>
    Math.max(1, Math.ceil(execution.limitMs - kernel.elapsed(execution))) + 1000;

  /** Runs `body` in a fresh execution: context, services, every file's top-level code. */
  function execute<T>(
    opts: RunOptions,
    limit: number,
    mode: AuthMode | undefined,
    body: (ec: ExecutionContext, membrane: Membrane, execution: ExecutionState) => T,
    trigger = false,
  ): T {
    const execution = begin(opts, limit, mode);
    let membrane: Membrane | undefined;
    try {
      if (trigger) execution.triggerAllowanceMs = state.quotas.triggerAllowanceMs(execution.user);
      const ec = createExecutionContext(`apps-script-execution-${execution.id}`, () => clock.now());
      membrane = new Membrane(ec.intrinsics);
      const services = buildServices(execution);
      for (const name of SERVICE_NAMES) ec.sandbox[name] = membrane.toContext(services[name]);
      for (const file of project.scripts) {
        file.script.runInContext(ec.context, { timeout: vmTimeout(execution) });
      }
      return body(ec, membrane, execution);
    } catch (error) {
      throw hostError(error, membrane);
    } finally {
      if (trigger) state.quotas.spendTrigger(execution.user, kernel.elapsed(execution));
      finish(execution);
    }
  }

  function hostError(error: unknown, membrane: Membrane | undefined): unknown {
    if ((error as { code?: unknown } | null)?.code === "ERR_SCRIPT_EXECUTION_TIMEOUT") {
      return gasError(messages.timeLimit());
    }
    return membrane ? membrane.errorToHost(error) : error;
  }

  /** Calls a global function of the context under the vm timeout. */
  function invoke(
    ec: ExecutionContext,
    membrane: Membrane,
    execution: ExecutionState,
    name: string,
    args: unknown[],
  ): unknown {
    const fn = ec.sandbox[name];
    if (typeof fn !== "function") throw gasError(messages.functionNotFound(name));
    const contextArgs = args.map((arg) => membrane.toContext(arg));
    ec.sandbox[INVOKE] = () => {
      delete ec.sandbox[INVOKE];
      return (fn as (...a: unknown[]) => unknown).apply(undefined, contextArgs);
    };
    const result = invokeScript.runInContext(ec.context, { timeout: vmTimeout(execution) });
    return membrane.toHost(result);
  }

  function introspect() {
    if (introspection) return introspection;
    kernel.muted++;
    try {
      introspection = execute({}, limitMs, "FULL", (ec) => {
        const builtins = ecmascriptGlobalNames();
        const names = Object.getOwnPropertyNames(ec.sandbox).filter(
          (n) => !(SERVICE_NAMES as readonly string[]).includes(n) && !builtins.has(n),
        );
        const functions = new Map<string, FunctionInfo>();
        for (const n of names) {
          const value = ec.sandbox[n];
          if (typeof value === "function") {
            functions.set(
              n,
              describeFunction(n, value as (...a: unknown[]) => unknown, project.scripts),
            );
          }
        }
        return { names, functions };
      });
    } finally {
      kernel.muted--;
    }
    return introspection;
  }

  const endServices = () => {
    if (standing) finish(standing);
    standing = undefined;
  };

  const runtime: AppsScriptRuntime = {
    run(functionName, args = [], runOptions = {}) {
      return execute(runOptions, limitMs, undefined, (ec, membrane, execution) =>
        invoke(ec, membrane, execution, functionName, args),
      );
    },
    runCustomFunction(functionName, args, runOptions = {}) {
      return execute(runOptions, customLimitMs, "CUSTOM_FUNCTION", (ec, membrane, execution) => {
        // Sheets matches custom-function names case-insensitively and never calls names ending in "_".
        const name =
          typeof ec.sandbox[functionName] === "function"
            ? functionName
            : Object.getOwnPropertyNames(ec.sandbox).find(
                (n) =>
                  n.toUpperCase() === functionName.toUpperCase() &&
                  typeof ec.sandbox[n] === "function",
              );
        if (!name || name.endsWith("_")) {
          throw new Error(`Unknown function: '${functionName}'. (Sheets shows #NAME?)`);
        }
        return invoke(ec, membrane, execution, name, args);
      });
    },
    evaluate(code, runOptions = {}) {
      return execute(runOptions, limitMs, undefined, (ec, membrane, execution) => {
        const result = new vm.Script(code, { filename: "evaluate.js" }).runInContext(ec.context, {
          timeout: vmTimeout(execution),
        });
        return membrane.toHost(result);
      });
    },
    globalNames: () => [...introspect().names],
    globalFunction: (name) => introspect().functions.get(name),
    counts: () => kernel.counts(),
    resetCounts: () => kernel.resetCounts(),
    logs: state.logs,
    ui: {
      menus: state.ui.menus,
      sidebars: state.ui.sidebars,
      dialogs: state.ui.dialogs,
      alerts: state.ui.alerts,
      answerNextAlert(button, text) {
        state.ui.answers.push(text === undefined ? { button } : { button, text });
      },
      askPerson(on) {
        state.ui.askPerson = on;
      },
      takePending() {
        const pending = state.ui.pending ?? null;
        state.ui.pending = null;
        return pending;
      },
    },
    store,
    addDocument: (opts) => addDocument(store, opts),
    properties: {
      user: (email) => storeFor(state.userProperties, email, () => new Map()),
      document: (id) => storeFor(state.documentProperties, id, () => new Map()),
      script: state.scriptProperties,
    },
    caches: {
      user: (email) => storeFor(state.userCaches, email, newCache),
      document: (id) => storeFor(state.documentCaches, id, newCache),
      script: state.scriptCache,
    },
    triggers: state.triggers,
    fireTimeTriggers() {
      const now = clock.now();
      const due = state.triggers.filter(
        (t) => t.eventType === "CLOCK" && t.nextRunAt !== null && t.nextRunAt <= now,
      );
      const runs: TriggerRun[] = [];
      for (const trigger of due) {
        if (!state.triggers.includes(trigger)) continue;
        const at = new Date(now);
        const event = {
          authMode: "FULL",
          triggerUid: trigger.id,
          year: at.getUTCFullYear(),
          month: at.getUTCMonth() + 1,
          "day-of-month": at.getUTCDate(),
          "day-of-week": ((at.getUTCDay() + 6) % 7) + 1,
          "week-of-year": 0,
          hour: at.getUTCHours(),
          minute: at.getUTCMinutes(),
          second: at.getUTCSeconds(),
          timezone: "UTC",
        };
        const outcome: TriggerRun = { trigger };
        try {
          const opts = {
            authMode: "FULL" as const,
            user: trigger.user,
            documentId: trigger.documentId,
          };
          outcome.result = execute(
            opts,
            limitMs,
            undefined,
            (ec, membrane, execution) =>
              invoke(ec, membrane, execution, trigger.handlerFunction, [event]),
            true,
          );
          trigger.lastRun = { at: now };
        } catch (error) {
          outcome.error = error instanceof Error ? error : new Error(String(error));
          trigger.lastRun = { at: now, error: outcome.error.message };
        }
        if (trigger.everyMs !== undefined && trigger.nextRunAt !== null) {
          while (trigger.nextRunAt <= now) trigger.nextRunAt += trigger.everyMs;
        } else {
          trigger.nextRunAt = null;
        }
        runs.push(outcome);
      }
      return runs;
    },
    quotas: state.quotas,
    holdLock(kind, key) {
      const id =
        kind === "user"
          ? (key ?? DEFAULT_USER)
          : kind === "document"
            ? (key ?? firstDocument() ?? "")
            : key;
      return state.locks.holdExternally(LockTable.key(kind, id));
    },
    services(runOptions = {}) {
      endServices();
      standing = begin(runOptions, limitMs);
      return buildServices(standing);
    },
    endServices,
    get http() {
      return lastHttp;
    },
    now: () => clock.now(),
    advanceClock: (ms) => clock.advance(ms),
    setAuthorized(user, authorized) {
      if (authorized) unauthorized.delete(user);
      else unauthorized.add(user);
    },
    project,
    close() {
      endServices();
      bridge?.close();
      bridge = undefined;
    },
  };
  return runtime;
}

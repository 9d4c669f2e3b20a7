// A fresh node:vm context per execution: ECMAScript built-ins only, no Node or browser globals, a Date on the runtime clock.

import vm from "node:vm";
import type { ContextIntrinsics } from "./membrane.ts";

/** Globals Apps Script's V8 runtime does not have (apps-script.md §9, "Runtime globals"). */
export const FORBIDDEN_GLOBALS = [
  "URL",
  "URLSearchParams",
  "fetch",
  "setTimeout",
  "setInterval",
  "clearTimeout",
  "clearInterval",
  "setImmediate",
  "TextEncoder",
  "TextDecoder",
  "atob",
  "btoa",
  "Buffer",
  "process",
  "require",
  "module",
  "exports",
  "global",
  "crypto",
  "Blob",
  "FormData",
  "Headers",
  "Request",
  "Response",
  "structuredClone",
  "queueMicrotask",
  "performance",
  "navigator",
  "window",
  "self",
  "document",
] as const;

export interface ExecutionContext {
  context: vm.Context;
  /** The contextified object: its own properties are the context's globals (services, top-level functions, vars). */
  sandbox: Record<string, unknown>;
  intrinsics: ContextIntrinsics;
}

/** V8's own globals in an empty context (ECMAScript plus a few host hooks), computed once. */
let builtinNames: Set<string> | undefined;

export function ecmascriptGlobalNames(): Set<string> {
  if (!builtinNames) {
    const probe = vm.createContext({});
    builtinNames = new Set(
      vm.runInContext("Object.getOwnPropertyNames(globalThis)", probe) as string[],
    );
  }
  return builtinNames;
}

/**
 * Creates the context. `now` is the runtime clock: the context's `Date.now()` and `new Date()` read it, so virtual
 * sleeps move the time the bundle sees.
 */
export function createExecutionContext(name: string, now: () => number): ExecutionContext {
  const sandbox: Record<string, unknown> = {};
  const context = vm.createContext(sandbox, {
    name,
    // Apps Script drains promise jobs before a call returns (inferred); without this they would run on Node's queue.
    microtaskMode: "afterEvaluate",
  });
  const install = vm.runInContext(
    `(function (names, now) {
      "use strict";
      for (const n of names) { try { delete globalThis[n]; } catch (e) {} }
      const NativeDate = Date;
      const ClockDate = function Date(...args) {
        if (!new.target) return new NativeDate(now()).toString();
        return Reflect.construct(NativeDate, args.length === 0 ? [now()] : args, new.target);
      };
      Object.defineProperty(ClockDate, "length", { value: 7 });
      Object.defineProperty(ClockDate, "prototype", { value: NativeDate.prototype, writable: false });
      Object.defineProperty(NativeDate.prototype, "constructor", { value: ClockDate, writable: true, configurable: true, enumerable: false });
      for (const key of ["parse", "UTC"]) {
        Object.defineProperty(ClockDate, key, { value: NativeDate[key], writable: true, configurable: true });
      }
      Object.defineProperty(ClockDate, "now", { value: function now_() { return now(); }, writable: true, configurable: true });
      Object.defineProperty(globalThis, "Date", { value: ClockDate, writable: true, configurable: true, enumerable: false });
      return { Object, Array, Date: ClockDate, Error };
    })`,
    context,
  ) as (names: readonly string[], now: () => number) => ContextIntrinsics;
  const intrinsics = install(["console", ...FORBIDDEN_GLOBALS], () => Number(now()));
  return { context, sandbox, intrinsics };
}

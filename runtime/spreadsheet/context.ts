// What every fake object of one execution shares (the store, the kernel, getUi) and the counted-call wrapper.

import type { Kernel, Needs } from "../kernel.ts";
import type { SpreadsheetStore } from "./model.ts";
import { fail } from "./realm.ts";

export interface Ctx {
  store: SpreadsheetStore;
  kernel: Kernel;
  getUi: () => unknown;
}

export const READ: Needs = { document: "read" };
export const WRITE: Needs = { document: "write" };

/** Counts `service.method` with the kernel first (which may throw the real permission error), then runs `body`. */
export function run<T>(ctx: Ctx, service: string, method: string, needs: Needs, body: () => T): T {
  ctx.kernel.call(service, method, needs);
  return body();
}

/** An Integer argument; (inferred message) anything but an integer (or integer string) is refused. */
export function int(value: unknown): number {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n))
    fail(`Cannot convert '${String(value)}' to int.`);
  return n;
}

// Test helpers: a Kernel that counts and logs calls (and can refuse writes like CUSTOM_FUNCTION), and a ready document.

import type { AuthMode, Execution, Kernel, Needs } from "../kernel.ts";
import { createSpreadsheetApp, type SpreadsheetApp } from "./app.ts";
import {
  addDocument,
  createSpreadsheetStore,
  type DocumentModel,
  type SpreadsheetStore,
} from "./model.ts";

export interface TestKernel extends Kernel {
  /** The execution `current()` returns; change its fields (documentId, authMode…) between calls. */
  execution: Execution;
  /** When true, calls needing `{document: "write"}` throw, as in a custom function. */
  readOnly: boolean;
  /** When true, calls needing `{ui: true}` throw. */
  noUi: boolean;
  /** Every call, in order. */
  log: Array<{ service: string; method: string; needs: Needs }>;
  /** Forgets counts and log. */
  reset(): void;
}

export function createTestKernel(
  opts: { documentId?: string | null; user?: string; authMode?: AuthMode } = {},
): TestKernel {
  let counts: Record<string, number> = {};
  const kernel: TestKernel = {
    execution: {
      authMode: opts.authMode ?? "FULL",
      user: opts.user ?? "user@example.com",
      documentId: opts.documentId === undefined ? "doc-1" : opts.documentId,
      startedAt: Date.now(),
      limitMs: 360_000,
      virtualMs: 0,
    },
    readOnly: opts.authMode === "CUSTOM_FUNCTION",
    noUi: opts.authMode === "CUSTOM_FUNCTION",
    log: [],
    current() {
      return kernel.execution;
    },
    call(service, method, needs = {}) {
      const key = `${service}.${method}`;
      counts[key] = (counts[key] ?? 0) + 1;
      kernel.log.push({ service, method, needs });
      if (kernel.readOnly && needs.document === "write") {
        throw Object.assign(new Error(`You do not have permission to call ${method}`), {
          name: "Exception",
        });
      }
      if (kernel.noUi && needs.ui) {
        throw Object.assign(new Error(`You do not have permission to call ${method}`), {
          name: "Exception",
        });
      }
    },
    counts() {
      return { ...counts };
    },
    reset() {
      counts = {};
      kernel.log = [];
    },
  };
  return kernel;
}

/** A store with one document ("doc-1", owner owner@example.com), a TestKernel on it and its SpreadsheetApp. */
export function createTestSpreadsheet(
  opts: { timeZone?: string; authMode?: AuthMode; getUi?: () => unknown } = {},
): { store: SpreadsheetStore; doc: DocumentModel; kernel: TestKernel; app: SpreadsheetApp } {
  const store = createSpreadsheetStore();
  const doc = addDocument(store, {
    id: "doc-1",
    name: "Test sheet",
    owner: "owner@example.com",
    ...(opts.timeZone === undefined ? {} : { timeZone: opts.timeZone }),
  });
  const kernel = createTestKernel(opts.authMode === undefined ? {} : { authMode: opts.authMode });
  const app = createSpreadsheetApp(store, kernel, opts.getUi ?? (() => ({ ui: true })));
  return { store, doc, kernel, app };
}

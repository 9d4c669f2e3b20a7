// PropertiesService: script, user and document stores of strings; 9 KB a value, 500 KB a store (quotas page).

import { utf8Length } from "../bytes.ts";
import { gasError, messages } from "../errors.ts";
import type { ServiceEnv } from "./env.ts";
import { storeFor } from "./env.ts";

/** Bytes of one value (UTF-8; Google says "9 KB / val"). */
export const PROPERTY_VALUE_MAX_BYTES = 9 * 1024;
/** Bytes of keys plus values in one store (Google says "500 KB / property store"). */
export const PROPERTY_STORE_MAX_BYTES = 500 * 1024;

function storeBytes(entries: Iterable<[string, string]>): number {
  let total = 0;
  for (const [k, v] of entries) total += utf8Length(k) + utf8Length(v);
  return total;
}

export class GasProperties {
  constructor(
    private readonly env: ServiceEnv,
    private readonly store: Map<string, string>,
    /** Set when writes are refused (a collaborator's custom function writing the owner's user properties). */
    private readonly readOnly: boolean,
  ) {}

  private use(method: string, write = false): void {
    this.env.kernel.call("Properties", method, { storage: true });
    // Google's custom-function guide: "Spreadsheet editors can't set user properties in a custom function."
    if (write && this.readOnly) throw gasError(messages.noPermissionMethod(method));
  }

  /** Applies `next` after checking the value and store limits; nothing changes when a check fails. */
  private commit(next: Map<string, string>, changed: Iterable<string>): void {
    for (const key of changed) {
      const value = next.get(key);
      if (value !== undefined && utf8Length(value) > PROPERTY_VALUE_MAX_BYTES) {
        throw gasError(messages.argumentTooLarge("value"));
      }
    }
    if (storeBytes(next) > PROPERTY_STORE_MAX_BYTES) throw gasError(messages.propertyQuota());
    this.store.clear();
    for (const [k, v] of next) this.store.set(k, v);
  }

  getProperty(key: unknown): string | null {
    this.use("getProperty");
    return this.store.get(String(key)) ?? null;
  }
  getProperties(): Record<string, string> {
    this.use("getProperties");
    return Object.fromEntries(this.store);
  }
  getKeys(): string[] {
    this.use("getKeys");
    return [...this.store.keys()];
  }
  setProperty(key: unknown, value: unknown): GasProperties {
    this.use("setProperty", true);
    const k = String(key);
    const next = new Map(this.store);
    next.set(k, String(value));
    this.commit(next, [k]);
    return this;
  }
  setProperties(properties: unknown, deleteAllOthers?: unknown): GasProperties {
    this.use("setProperties", true);
    if (properties === null || typeof properties !== "object") {
      throw gasError(messages.invalidArgument("properties"));
    }
    const entries = Object.entries(properties as Record<string, unknown>).map(
      ([k, v]) => [k, String(v)] as [string, string],
    );
    const next = deleteAllOthers ? new Map<string, string>() : new Map(this.store);
    for (const [k, v] of entries) next.set(k, v);
    this.commit(
      next,
      entries.map(([k]) => k),
    );
    return this;
  }
  deleteProperty(key: unknown): GasProperties {
    this.use("deleteProperty", true);
    this.store.delete(String(key));
    return this;
  }
  deleteAllProperties(): GasProperties {
    this.use("deleteAllProperties", true);
    this.store.clear();
    return this;
  }
  toString(): string {
    return "Properties";
  }
}

export function createPropertiesService(env: ServiceEnv) {
  const { state, execution } = env;
  const use = (method: string) => env.kernel.call("PropertiesService", method, { storage: true });
  return {
    getScriptProperties(): GasProperties {
      use("getScriptProperties");
      return new GasProperties(env, state.scriptProperties, false);
    },
    /** In a custom function: the spreadsheet owner's store (Google's custom-function guide). */
    getUserProperties(): GasProperties {
      use("getUserProperties");
      let user = execution.user;
      let readOnly = false;
      if (execution.authMode === "CUSTOM_FUNCTION" && execution.documentId !== null) {
        const owner = state.documentOwner(execution.documentId) ?? user;
        readOnly = owner !== user;
        user = owner;
      }
      return new GasProperties(
        env,
        storeFor(state.userProperties, user, () => new Map()),
        readOnly,
      );
    },
    /** null outside a document. */
    getDocumentProperties(): GasProperties | null {
      use("getDocumentProperties");
      if (execution.documentId === null) return null;
      return new GasProperties(
        env,
        storeFor(state.documentProperties, execution.documentId, () => new Map()),
        false,
      );
    },
  };
}

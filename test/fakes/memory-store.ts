// An in-memory KeyValueStore that counts its calls: the fake side of the store contract.
import type { KeyValueStore } from "../../src/platform/ports.ts";

export function memoryStore(): KeyValueStore & { data: Map<string, string>; calls: number } {
  const data = new Map<string, string>();
  const store = {
    data,
    calls: 0,
    get: (key: string) => {
      store.calls++;
      return data.get(key) ?? null;
    },
    put: (key: string, value: string) => {
      store.calls++;
      data.set(key, value);
    },
    remove: (key: string) => {
      store.calls++;
      data.delete(key);
    },
  };
  return store;
}

// The KeyValueStore contract, against the PropertiesService and CacheService adapters and the in-memory fake.
import { afterAll, describe, expect, it } from "vitest";
import { createAppsScriptRuntime } from "../../runtime/index.ts";
import type { KeyValueStore } from "../../src/platform/ports.ts";
import { cacheStore, lockAdapter, propertiesStore } from "../../src/platform/stores.gas.ts";
import { memoryStore } from "../fakes/memory-store.ts";

const runtime = createAppsScriptRuntime({ distDir: "dist" });
runtime.addDocument({ id: "doc-1", owner: "owner@example.com" });
afterAll(() => runtime.close());

type Services = {
  PropertiesService: { getUserProperties(): GoogleAppsScript.Properties.Properties };
  CacheService: { getDocumentCache(): GoogleAppsScript.Cache.Cache };
  LockService: { getDocumentLock(): GoogleAppsScript.Lock.Lock };
};
const services = () => runtime.services() as unknown as Services;

function describeStoreContract(name: string, make: () => KeyValueStore): void {
  describe(`KeyValueStore contract: ${name}`, () => {
    it("gives null for a missing key, the value after put, and null again after remove", () => {
      const store = make();
      expect(store.get("missing")).toBeNull();
      store.put("k", "Grüße 👋");
      expect(store.get("k")).toBe("Grüße 👋");
      store.put("k", "second");
      expect(store.get("k")).toBe("second");
      store.remove("k");
      expect(store.get("k")).toBeNull();
    });
  });
}

describeStoreContract("user properties adapter", () =>
  propertiesStore(services().PropertiesService.getUserProperties()),
);
describeStoreContract("document cache adapter", () =>
  cacheStore(services().CacheService.getDocumentCache(), 60),
);
describeStoreContract("in-memory fake", () => memoryStore());

describe("the properties adapter", () => {
  it("writes the person's own store, which outlives the execution", () => {
    propertiesStore(services().PropertiesService.getUserProperties()).put("posthog.host", "eu");
    runtime.endServices();
    expect(runtime.properties.user("owner@example.com").get("posthog.host")).toBe("eu");
  });
});

describe("the lock adapter", () => {
  it("fails to acquire while another execution holds the document lock", () => {
    const release = runtime.holdLock("document", "doc-1");
    const lock = lockAdapter(services().LockService.getDocumentLock());
    expect(lock.tryAcquire(10)).toBe(false);
    release();
    expect(lock.tryAcquire(10)).toBe(true);
    lock.release();
  });
});

// The composition root for PostHog calls: the pure client wired to UrlFetchApp, Utilities.sleep and the user cache.
import { createPostHogClient } from "../api";
import type { ClientFactory, ConnectDeps } from "../connection/connect";
import { clock, sleep } from "./clock.gas";
import { cacheStore, documentStore, userStore } from "./stores.gas";
import { createUrlFetchTransport } from "./url-fetch-transport.gas";

/**
 * The pacer's bucket names the key's rate budget (PostHog counts per key) without holding the key:
 * a digest of it, cut short. It keys an entry in the person's own cache.
 */
function bucketFor(apiKey: string): string {
  const digest = Utilities.computeDigest(
    Utilities.DigestAlgorithm.SHA_256,
    apiKey,
    Utilities.Charset.UTF_8,
  );
  return digest
    .slice(0, 8)
    .map((b) => ((b + 256) % 256).toString(16).padStart(2, "0"))
    .join("");
}

export const makeClient: ClientFactory = (input) =>
  createPostHogClient({
    connection: input,
    transport: createUrlFetchTransport(),
    sleep,
    clock,
    store: cacheStore(CacheService.getUserCache()),
    bucket: bucketFor(input.apiKey),
    random: Math.random,
  });

/** Settings stores and the client factory, for the use cases. */
export function connectDeps(): ConnectDeps {
  return { stores: { user: userStore(), document: documentStore() }, makeClient };
}

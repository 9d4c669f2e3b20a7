// The composition root for PostHog calls: the pure client wired to UrlFetchApp, Utilities.sleep and the user cache.
import { createPostHogClient, type PostHogClientOptions } from "../api";
import type { ClientFactory, ClientInput, ConnectDeps } from "../features/connect/connect";
import { clock, sleep } from "./clock.gas";
import { cacheStore, documentStore, userStore } from "./stores.gas";
import { createUrlFetchTransport } from "./url-fetch-transport.gas";

/** Lower-case hex SHA-256 of a text (UTF-8). */
export function sha256Hex(text: string): string {
  return Utilities.computeDigest(Utilities.DigestAlgorithm.SHA_256, text, Utilities.Charset.UTF_8)
    .map((b) => ((b + 256) % 256).toString(16).padStart(2, "0"))
    .join("");
}

/**
 * What every client of a key shares, whoever builds it (sidebar, push, formulas): UrlFetchApp, Utilities.sleep,
 * and one pacer per key in the person's own cache, so together they keep under PostHog's per-key limits. The
 * pacer's bucket names the key's budget without holding the key: a digest of it, cut short.
 */
export function clientOptions(
  input: ClientInput,
  options: { failFast?: boolean } = {},
): PostHogClientOptions {
  return {
    ...(options.failFast ? { retry: { retryUnreachable: false } } : {}),
    connection: input,
    transport: createUrlFetchTransport(),
    sleep,
    clock,
    store: cacheStore(CacheService.getUserCache()),
    bucket: sha256Hex(input.apiKey).slice(0, 16),
    random: Math.random,
  };
}

export const makeClient: ClientFactory = (input, options) =>
  createPostHogClient(clientOptions(input, options));

/** Settings stores and the client factory, for the use cases. */
export function connectDeps(): ConnectDeps {
  return { stores: { user: userStore(), document: documentStore() }, makeClient };
}

// The client a push writes with: the same key, pacer and cache as every other call, but no automatic retries,
// so a write whose reply was lost is re-read by the push before it is sent again (never sent twice unseen).
import { createPostHogClient } from "../api";
import type { HttpRequest, Transport, TransportResult } from "../api/transport";
import type { ClientFactory } from "../connection/connect";
import { clock, sleep } from "./clock.gas";
import { cacheStore } from "./stores.gas";
import { createUrlFetchTransport, networkFailure } from "./url-fetch-transport.gas";

/** Same digest as the read client's bucket, so both share one rate budget. */
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

/**
 * The read transport answers a failed `fetchAll` by sending each request again one by one, which is right for
 * reads but would send a write twice (fetchAll throws for the whole batch when one request times out, though
 * the others were written). For writes every request of such a batch has an unknown outcome: the push re-reads
 * those groups before sending any again.
 */
export function writeTransport(base: Transport = createUrlFetchTransport()): Transport {
  return {
    send: base.send,
    sendAll(requests: readonly HttpRequest[]): TransportResult[] {
      if (requests.length <= 1) return requests.map(base.send);
      try {
        return UrlFetchApp.fetchAll(requests.map((r) => ({ url: r.url, ...fetchParams(r) }))).map(
          toResult,
        );
      } catch (error) {
        const failure = networkFailure(error);
        return requests.map(() => failure);
      }
    },
  };
}

type FetchParams = GoogleAppsScript.URL_Fetch.URLFetchRequestOptions;

function fetchParams(request: HttpRequest): FetchParams {
  const { "content-type": contentType, ...headers } = request.headers;
  const params: FetchParams = {
    method: request.method.toLowerCase() as GoogleAppsScript.URL_Fetch.HttpMethod,
    headers,
    muteHttpExceptions: true,
    followRedirects: false,
  };
  if (contentType) params.contentType = contentType;
  if (request.body !== undefined) params.payload = request.body;
  return params;
}

function toResult(response: GoogleAppsScript.URL_Fetch.HTTPResponse): TransportResult {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.getHeaders() as Record<string, unknown>)) {
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : String(value);
  }
  return {
    kind: "response",
    status: response.getResponseCode(),
    headers,
    body: response.getContentText(),
  };
}

/**
 * PostHog paces `/query/` apart from the rest, so the pacer counts a push's conflict-check queries on their own
 * budget; but a push promises at most 480 requests of any kind a minute. Its writes leave room for that many
 * queries a minute (the check of 50,000 keys takes 6; a REST push reads nothing else by query).
 */
export const QUERY_ROOM = 10;
const WRITE_LIMITS = {
  rest: { perMinute: 480 - QUERY_ROOM, perHour: 4800 - 10 * QUERY_ROOM },
};

export const makeWriteClient: ClientFactory = (input) =>
  createPostHogClient({
    connection: input,
    transport: writeTransport(),
    sleep,
    clock,
    store: cacheStore(CacheService.getUserCache()),
    bucket: bucketFor(input.apiKey),
    random: Math.random,
    // One write call sleeps at most a minute for the pacer (at the hourly limit it would wait longer): a chunk
    // that starts a batch just before its budget ends still stops well inside Apps Script's 6 minutes.
    retry: { maxRetries: 0, budgetMs: 60_000 },
    limits: WRITE_LIMITS,
  });

// The Transport of src/api over UrlFetchApp: never throws on HTTP status, and hides URLs from failure text.
import type { HttpRequest, NetworkFailure, Transport, TransportResult } from "../api/transport";

type FetchParams = GoogleAppsScript.URL_Fetch.URLFetchRequestOptions;
type FetchResponse = GoogleAppsScript.URL_Fetch.HTTPResponse;

function toParams(request: HttpRequest): FetchParams {
  const { "content-type": contentType, ...headers } = request.headers;
  const params: FetchParams = {
    method: request.method.toLowerCase() as GoogleAppsScript.URL_Fetch.HttpMethod,
    headers,
    // A status is an answer, not an exception: the client maps it to a typed error.
    muteHttpExceptions: true,
    // A redirect could carry the Authorization header to another host; the client treats 3xx as an answer.
    followRedirects: false,
  };
  if (contentType) params.contentType = contentType;
  if (request.body !== undefined) params.payload = request.body;
  return params;
}

function toResult(response: FetchResponse): TransportResult {
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

/** UrlFetchApp's exception text names the URL; keep only what kind of failure it was. */
export function networkFailure(error: unknown): NetworkFailure {
  const text = error instanceof Error ? error.message : String(error);
  const timedOut = /timeout|timed out/i.test(text);
  // "Limit exceeded: URL Fetch response size." (https://developers.google.com/apps-script/guides/services/quotas: 50 MB).
  const tooLarge = /response size/i.test(text);
  const kind = /^([A-Za-z ]+?)(:|$)/.exec(text)?.[1]?.trim() ?? "Network error";
  return {
    kind: "network-error",
    timedOut,
    ...(tooLarge ? { tooLarge } : {}),
    message: timedOut
      ? "The request timed out."
      : tooLarge
        ? "The response was too large."
        : `${kind}.`,
  };
}

/** UrlFetch calls this execution made (each execution starts afresh): the add-on's own count for the daily quota. */
let fetches = 0;
export const fetchesSoFar = (): number => fetches;

function fetchOne(request: HttpRequest): TransportResult {
  fetches++;
  try {
    return toResult(UrlFetchApp.fetch(request.url, toParams(request)));
  } catch (error) {
    return networkFailure(error);
  }
}

export interface UrlFetchTransportOptions {
  /**
   * What a batch gets when fetchAll throws (it does so for the whole batch when one request fails on the
   * network, though the others may have been applied). "resend-each" finds the failed one by sending each
   * request again: right for reads. "unknown" answers every request with the failure: right for writes, whose
   * caller must re-read before sending anything twice.
   * @default "resend-each"
   */
  afterBatchFailure?: "resend-each" | "unknown";
}

export function createUrlFetchTransport(options: UrlFetchTransportOptions = {}): Transport {
  return {
    send: fetchOne,
    sendAll(requests) {
      if (requests.length === 0) return [];
      if (requests.length === 1) return [fetchOne(requests[0] as HttpRequest)];
      try {
        const all = requests.map((r) => ({ url: r.url, ...toParams(r) }));
        fetches += all.length;
        return UrlFetchApp.fetchAll(all).map(toResult);
      } catch (error) {
        if (options.afterBatchFailure === "unknown")
          return requests.map(() => networkFailure(error));
        return requests.map(fetchOne);
      }
    },
  };
}

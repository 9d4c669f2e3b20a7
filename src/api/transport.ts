// The seam between the pure PostHog client and whatever moves bytes (UrlFetchApp, or a fake).

export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

/** One HTTP request, fully formed: the client has already encoded the URL and serialised the body. */
export interface HttpRequest {
  method: HttpMethod;
  /** Absolute URL, every path segment and query value already percent-encoded. */
  url: string;
  /** Header names in lower case (`authorization`, `content-type`, …). */
  headers: Record<string, string>;
  /** Request body as text (JSON, or a multipart body for the CSV upload). */
  body?: string;
}

/** A response that arrived, whatever its status. */
export interface HttpResponse {
  kind: "response";
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

/** No HTTP response arrived: DNS, refused or cut connection, timeout, a platform refusal. */
export interface NetworkFailure {
  kind: "network-error";
  /** A short description without the URL or any header (it may end up in front of a person). */
  message: string;
  /** True when the platform gave up waiting (Apps Script's fixed 60 s). */
  timedOut: boolean;
  /** True when the answer was larger than the platform accepts (Apps Script: 50 MB). */
  tooLarge?: boolean;
}

export type TransportResult = HttpResponse | NetworkFailure;

/**
 * Synchronous transport. `send` makes one request; `sendAll` makes several side by side
 * (UrlFetchApp.fetchAll) and returns results in request order.
 */
export interface Transport {
  send(request: HttpRequest): TransportResult;
  sendAll(requests: readonly HttpRequest[]): TransportResult[];
}

/** Blocks for the given number of milliseconds (Utilities.sleep in Apps Script). */
export type Sleep = (milliseconds: number) => void;

/** Milliseconds since the epoch (Date.now, or a fake clock in tests). */
export type Clock = () => number;

// An in-memory Transport that answers from a handler function: the fake side of the transport contract.
import type {
  HttpRequest,
  HttpResponse,
  Transport,
  TransportResult,
} from "../../src/api/transport.ts";

export type Handler = (request: HttpRequest) => HttpResponse | "cut";

export function memoryTransport(handler: Handler): Transport & { requests: HttpRequest[] } {
  const requests: HttpRequest[] = [];
  const send = (request: HttpRequest): TransportResult => {
    requests.push(request);
    const answer = handler(request);
    if (answer === "cut")
      return { kind: "network-error", message: "Address unavailable.", timedOut: false };
    const headers = Object.fromEntries(
      Object.entries(answer.headers).map(([k, v]) => [k.toLowerCase(), v]),
    );
    return { ...answer, headers };
  };
  return { requests, send, sendAll: (all) => all.map(send) };
}

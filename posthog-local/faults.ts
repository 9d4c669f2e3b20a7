// Injected faults, matched by method and path pattern and used up by count: 429s, 5xx, delays, cut sockets, bad JSON.
import { errorBodyJson } from "./fault-bodies";
import type { Reply } from "./http-util";

export interface FaultSpec {
  /** Regular expression (source) tested against the request path, e.g. `/groups/?$` or `query`. */
  path: string;
  /** Only this method (GET, POST, …); any method when absent. */
  method?: string;
  kind: "status" | "throttle" | "delay" | "destroy" | "malformed";
  /** `status` faults: the HTTP status (500, 502, 503, 504, …). */
  status?: number;
  /** `status` faults: a raw body instead of the realistic default. */
  body?: string;
  contentType?: string;
  /** `throttle` faults: the Retry-After header in seconds; no header when absent or null. */
  retryAfter?: number | null;
  /** `throttle` faults: N in "Expected available in N seconds". @default retryAfter ?? 1 */
  waitSeconds?: number;
  /** `delay` faults: how long to hold the request before handling it. */
  delayMs?: number;
  /** `destroy`/`delay`: act before the handler runs (nothing written) or after (written, reply lost/late). @default "before" */
  when?: "before" | "after";
  /** How many matching requests to affect; `null` for all of them. @default 1 */
  count?: number | null;
  /** Let this many matching requests through first. @default 0 */
  skip?: number;
}

export interface Fault extends FaultSpec {
  id: string;
  hits: number;
  seen: number;
}

export class Faults {
  private faults: Fault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): Fault {
    new RegExp(spec.path); // throws now, for the control API to report, if the pattern is invalid
    const fault: Fault = {
      count: 1,
      skip: 0,
      when: "before",
      ...spec,
      id: `fault_${this.nextId++}`,
      hits: 0,
      seen: 0,
    };
    this.faults.push(fault);
    return fault;
  }

  list(): Fault[] {
    return this.faults;
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length !== before;
  }

  clear(): void {
    this.faults = [];
  }

  /** The first active fault for this request, counted as used. */
  take(method: string, path: string): Fault | null {
    for (const f of this.faults) {
      if (f.method && f.method.toUpperCase() !== method) continue;
      if (!new RegExp(f.path).test(path)) continue;
      if (f.count !== null && f.count !== undefined && f.hits >= f.count) continue;
      f.seen++;
      if (f.seen <= (f.skip ?? 0)) continue;
      f.hits++;
      return f;
    }
    return null;
  }
}

/** The reply a `status` or `throttle` fault sends instead of the real one. */
export function faultReply(fault: Fault, path: string): Reply {
  if (fault.kind === "throttle") {
    const wait = fault.waitSeconds ?? fault.retryAfter ?? 1;
    const headers: Record<string, string> =
      fault.retryAfter === undefined || fault.retryAfter === null
        ? {}
        : { "Retry-After": String(fault.retryAfter) };
    return { status: 429, json: errorBodyJson(429, path, wait), headers };
  }
  const status = fault.status ?? 500;
  if (fault.body !== undefined)
    return {
      status,
      text: fault.body,
      contentType: fault.contentType ?? "text/plain; charset=utf-8",
    };
  const body = errorBodyJson(status, path, 0);
  if (body) return { status, json: body };
  return { status, text: gatewayHtml(status), contentType: "text/html" };
}

function gatewayHtml(status: number): string {
  const reason =
    { 502: "Bad Gateway", 503: "Service Temporarily Unavailable", 504: "Gateway Time-out" }[
      status
    ] ?? "Error";
  return `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n</body>\r\n</html>\r\n`;
}

/** Cuts the body in half (keeping status and content type), so it no longer parses as JSON. */
export function malform(text: string): string {
  return text.length < 2 ? "{" : text.slice(0, Math.floor(text.length / 2));
}

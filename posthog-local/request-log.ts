// The request log the control API exposes: method, path, query, status, key id and write bodies, keys redacted.
import { isoZ } from "./clock";
import type { Body } from "./http-util";

export interface LogEntry {
  seq: number;
  at: string;
  method: string;
  path: string;
  query: Record<string, string>;
  status: number | null;
  /** The key's public id (e.g. `key_1`), never the key itself. */
  keyId: string | null;
  /** Bodies of writes (anything but GET/HEAD/OPTIONS), with personal keys redacted. */
  body?: unknown;
  durationMs: number | null;
  /** Size of the answer's body in bytes (before any latency delay); absent while unanswered. */
  responseBytes?: number;
  fault: string | null;
}

const MAX_ENTRIES = 20_000;

/** Replaces anything that looks like a personal API key. */
export function redact(value: unknown): unknown {
  if (typeof value === "string") return value.replace(/phx_[A-Za-z0-9]+/g, "phx_[redacted]");
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v)]));
  return value;
}

function bodyForLog(body: Body): unknown {
  switch (body.kind) {
    case "none":
      return null;
    case "json":
      return redact(body.value);
    case "form":
      return redact(body.fields);
    case "multipart":
      return {
        fields: redact(body.fields),
        files: Object.fromEntries(
          Object.entries(body.files).map(([k, f]) => [
            k,
            {
              filename: f.filename,
              bytes: f.data.length,
              text: f.data.toString("utf8").slice(0, 10_000),
            },
          ]),
        ),
      };
    case "invalid":
      return { invalid: body.error };
  }
}

export class RequestLog {
  private entries: LogEntry[] = [];
  private seq = 0;

  start(method: string, url: URL, body: Body, nowMs: number): LogEntry {
    const entry: LogEntry = {
      seq: ++this.seq,
      at: isoZ(nowMs),
      method,
      path: url.pathname,
      query: redact(Object.fromEntries(url.searchParams)) as Record<string, string>,
      status: null,
      keyId: null,
      durationMs: null,
      fault: null,
    };
    if (!["GET", "HEAD", "OPTIONS"].includes(method)) entry.body = bodyForLog(body);
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES)
      this.entries.splice(0, this.entries.length - MAX_ENTRIES);
    return entry;
  }

  list(filter: { since?: number; path?: string; method?: string }): LogEntry[] {
    const re = filter.path ? new RegExp(filter.path) : null;
    return this.entries.filter(
      (e) =>
        e.seq > (filter.since ?? 0) &&
        (!re || re.test(e.path)) &&
        (!filter.method || e.method === filter.method.toUpperCase()),
    );
  }

  clear(): void {
    this.entries = [];
  }

  get lastSeq(): number {
    return this.seq;
  }
}

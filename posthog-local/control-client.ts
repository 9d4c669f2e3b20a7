// An async HTTP client for the control API, for tests, benchmarks and the playground.
import type { Fault, FaultSpec } from "./faults";
import type { LogEntry } from "./request-log";
import type { RuntimeOptions } from "./runtime";
import type { Settings, SettingsPatch, ThrottleSettings } from "./settings";
import type { CapturedEvent } from "./types";

export interface CreatedKey {
  id: string;
  key: string;
  scopes: string[] | null;
  scopedTeams: number[] | null;
  scopedOrganizations: string[] | null;
}

export interface GroupSnapshot {
  postgres: {
    group_type_index: number;
    group_key: string;
    group_properties: Record<string, unknown>;
    created_at: string;
    notebook: string | null;
  } | null;
  clickhouse: {
    group_key: string;
    group_properties: Record<string, unknown>;
    properties_json: string;
  } | null;
  pendingWrites: number;
}

export class ControlClient {
  constructor(readonly baseUrl: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const init: RequestInit = { method, headers: { "content-type": "application/json" } };
    if (body !== undefined) init.body = JSON.stringify(body);
    const res = await fetch(`${this.baseUrl}/_control/${path}`, init);
    const data = (await res.json()) as T & { error?: string };
    if (!res.ok) throw new Error(`control ${method} ${path}: ${res.status} ${data.error ?? ""}`);
    return data;
  }

  info(): Promise<Record<string, unknown>> {
    return this.call("GET", "info");
  }

  /** Reseeds with new options (unspecified ones keep their values); clears faults and the request log. */
  reset(options: RuntimeOptions = {}): Promise<Record<string, unknown>> {
    return this.call("POST", "reset", options);
  }

  settings(patch?: SettingsPatch): Promise<Settings> {
    return patch ? this.call("PATCH", "settings", patch) : this.call("GET", "settings");
  }

  setLag(lagMs: number): Promise<Settings> {
    return this.settings({ lagMs });
  }

  setThrottle(throttle: Partial<ThrottleSettings>): Promise<Settings> {
    return this.settings({ throttle });
  }

  /** Scopes default to `["*"]`; pass `null` or `[]` for a legacy key. */
  createKey(
    options: {
      scopes?: string[] | null;
      scopedTeams?: number[];
      scopedOrganizations?: string[];
      userId?: number;
      label?: string;
    } = {},
  ): Promise<CreatedKey> {
    return this.call("POST", "keys", options);
  }

  /** Revokes now, or lets `afterRequests` more authenticated requests through first. */
  revokeKey(id: string, afterRequests = 0): Promise<unknown> {
    return this.call("POST", `keys/${encodeURIComponent(id)}/revoke`, { afterRequests });
  }

  addFault(spec: FaultSpec): Promise<Fault> {
    return this.call("POST", "faults", spec);
  }

  faults(): Promise<{ faults: Fault[] }> {
    return this.call("GET", "faults");
  }

  clearFaults(): Promise<unknown> {
    return this.call("DELETE", "faults");
  }

  async requests(
    filter: { since?: number; path?: string; method?: string } = {},
  ): Promise<LogEntry[]> {
    const q = new URLSearchParams(Object.entries(filter).map(([k, v]) => [k, String(v)]));
    return (await this.call<{ requests: LogEntry[] }>("GET", `requests?${q}`)).requests;
  }

  clearRequests(): Promise<unknown> {
    return this.call("DELETE", "requests");
  }

  async events(filter: { since?: number; event?: string } = {}): Promise<CapturedEvent[]> {
    const q = new URLSearchParams(Object.entries(filter).map(([k, v]) => [k, String(v)]));
    return (await this.call<{ events: CapturedEvent[] }>("GET", `events?${q}`)).events;
  }

  group(key: string, type = 0, project = 1): Promise<GroupSnapshot> {
    const q = new URLSearchParams({ key, type: String(type), project: String(project) });
    return this.call("GET", `groups?${q}`);
  }

  advanceClock(ms: number): Promise<{ now: string; offsetMs: number }> {
    return this.call("POST", "clock", { advanceMs: ms });
  }

  /** Adds a feature flag targeting cohorts (active unless `active: false`). */
  addFlag(flag: { key?: string; name?: string; cohortIds: number[]; active?: boolean }) {
    return this.call("POST", "flags", flag);
  }

  /** Adds an insight whose query uses cohorts. */
  addInsight(insight: { name?: string; cohortIds: number[] }) {
    return this.call("POST", "insights", insight);
  }

  /** Applies every pending write and scheduled job now (lag, capture, cohort calculations, CSV imports). */
  flush(): Promise<unknown> {
    return this.call("POST", "flush");
  }
}

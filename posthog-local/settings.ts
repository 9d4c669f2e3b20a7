// Tunable behaviour of the local PostHog (lag, delays, throttles, query timing) with the real defaults.

export interface Rate {
  limit: number;
  windowMs: number;
}

export interface ThrottleSettings {
  /** RATE_LIMIT_ENABLED. */
  enabled: boolean;
  /** Send `Retry-After` on throttled 429s. Off by default: exceptions_hog drops DRF's header. */
  retryAfter: boolean;
  /** BurstRateThrottle, 480/minute. */
  burst: Rate;
  /** SustainedRateThrottle, 4,800/hour. */
  sustained: Rate;
  /** Query API for "new limits" projects: 240/minute and 2,400/hour. */
  queryBurst: Rate;
  querySustained: Rate;
  /** `new` (default) or `legacy` (grandfathered project: HogQL 120/hour, others ClickHouse 240/min + 1,200/h). */
  queryMode: "new" | "legacy";
  legacyHogQL: Rate;
  clickhouseBurst: Rate;
  clickhouseSustained: Rate;
  /** Concurrent query executions per project before waiting, and how long a request waits for a slot. */
  queryConcurrency: number;
  queryConcurrencyWaitMs: number;
}

export interface QuerySettings {
  /** Simulated ClickHouse execution time of every query. */
  executionMs: number;
  /**
   * Sync queries whose execution exceeds this fail with 504. Legacy Cloud teams and self-hosted PostHog keep the
   * in-app 60 s budget (`api_query_max_execution_time` returns None, `posthog/hogql_queries/hogql_query_runner.py`),
   * so no 504 arrives before Apps Script's own 60 s fetch timeout: that stricter case is the default. Cloud teams
   * on the API limits get 10 s (`API_QUERIES_MAX_EXECUTION_TIME`): set 10_000 for them.
   */
  syncTimeLimitMs: number;
  /**
   * The organisation has read past its free monthly API-query allowance: every query that is not served from
   * cache gets 402 `api_queries_quota_exceeded` (`posthog/exceptions.py` APIQueriesQuotaExceeded, enforced in
   * `QueryRunner._enforce_api_queries_quota`).
   */
  quotaExceeded: boolean;
  /**
   * ClickHouse's per-query memory limit, modelled as the result's JSON size: a query whose results pass it fails
   * with 513 `clickhouse_memory_limit_exceeded` (`posthog/errors.py` MEMORY_LIMIT_EXCEEDED). null: no limit.
   */
  memoryLimitBytes: number | null;
  /** How long a blocking query result may be served from cache (HogQL: 6 hours). */
  cacheTtlMs: number;
  /** Extra time before an async query is picked up by a worker. */
  asyncPickupMs: number;
}

/** Time every API answer takes to arrive, as a person on PostHog Cloud sees it. Off (0, null) by default. */
export interface LatencySettings {
  /** Round trip and server overhead of one request (PostHog Cloud: about 150 ms). */
  baseMs: number;
  /** Download speed for the response body; null for instant transfer. */
  bytesPerSecond: number | null;
}

export interface Settings {
  /** Delay before a write shows in the groups list and the query API (ClickHouse lag). */
  lagMs: number;
  /**
   * Delay before /batch/ `$groupidentify` events reach the groups (ingestion). PostHog's pipeline (capture → Kafka
   * → the Node ingestion workers → Postgres and ClickHouse) takes seconds to minutes; the default is a realistic
   * minute so fast-mode pushes meet it (docs/posthog-api.md, "Ingestion, stored JSON and cohorts").
   */
  captureDelayMs: number;
  /** Time a dynamic cohort (or a duplicate) takes to calculate. */
  cohortCalculationMs: number;
  /** Time a static cohort CSV upload takes to process. */
  csvProcessingMs: number;
  /** Whether `groups/find/` without skip_create_notebook creates a notebook (flag crm-iteration-one). */
  crmNotebooks: boolean;
  /**
   * Old self-hosted PostHog: a key without scopes (null or []) may do everything. Off by default: today's
   * `APIScopePermission` (posthog/permissions.py) reads such a key as holding no scope and refuses it
   * everywhere ("API key missing required scope '…'"). See docs/posthog-api.md, "Scopes and keys".
   */
  legacyKeysAllowed: boolean;
  throttle: ThrottleSettings;
  query: QuerySettings;
  latency: LatencySettings;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;

export function defaultSettings(): Settings {
  return {
    lagMs: 500,
    captureDelayMs: 60_000,
    cohortCalculationMs: 1000,
    csvProcessingMs: 1000,
    crmNotebooks: true,
    legacyKeysAllowed: false,
    throttle: {
      enabled: true,
      retryAfter: false,
      burst: { limit: 480, windowMs: MINUTE },
      sustained: { limit: 4800, windowMs: HOUR },
      queryBurst: { limit: 240, windowMs: MINUTE },
      querySustained: { limit: 2400, windowMs: HOUR },
      queryMode: "new",
      legacyHogQL: { limit: 120, windowMs: HOUR },
      clickhouseBurst: { limit: 240, windowMs: MINUTE },
      clickhouseSustained: { limit: 1200, windowMs: HOUR },
      queryConcurrency: 3,
      queryConcurrencyWaitMs: 30_000,
    },
    query: {
      executionMs: 0,
      syncTimeLimitMs: 60_000,
      cacheTtlMs: 6 * HOUR,
      asyncPickupMs: 100,
      quotaExceeded: false,
      memoryLimitBytes: null,
    },
    latency: { baseMs: 0, bytesPerSecond: null },
  };
}

export type SettingsPatch = Partial<Omit<Settings, "throttle" | "query" | "latency">> & {
  throttle?: Partial<ThrottleSettings>;
  query?: Partial<QuerySettings>;
  latency?: Partial<LatencySettings>;
};

/** Applies a partial update in place, ignoring unknown fields. */
export function patchSettings(target: Settings, patch: SettingsPatch): Settings {
  const { throttle, query, latency, ...top } = patch;
  for (const [k, v] of Object.entries(top))
    if (k in target && v !== undefined) Object.assign(target, { [k]: v });
  if (throttle) {
    for (const [k, v] of Object.entries(throttle)) {
      if (!(k in target.throttle) || v === undefined) continue;
      const current = (target.throttle as unknown as Record<string, unknown>)[k];
      Object.assign(target.throttle, {
        [k]: current && typeof current === "object" ? { ...current, ...(v as object) } : v,
      });
    }
  }
  if (query) assignKnown(target.query, query);
  if (latency) assignKnown(target.latency, latency);
  return target;
}

function assignKnown(target: object, patch: object): void {
  for (const [k, v] of Object.entries(patch))
    if (k in target && v !== undefined) Object.assign(target, { [k]: v });
}

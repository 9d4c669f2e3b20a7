// Query execution services: the per-project concurrency cap, the results cache and async query jobs.
import { isoZ } from "./clock";
import { ApiError, errors } from "./errors";
import { HogQLError, OFFSET_NOT_ALLOWED_MESSAGE, queryError } from "./hogql/errors";
import { parseEventsQuery, runEventsQuery, tableOf } from "./hogql/events-query";
import { runGroupsQuery } from "./hogql/execute";
import { parseGroupsQuery } from "./hogql/parser";
import { queryFailures } from "./query-failures";
import type { ProjectData, World } from "./store";
import { ConcurrencyLimiter } from "./throttle";
import { runUsageMetrics, type UsageMetricsTarget } from "./usage-metrics";

export interface PreparedQuery {
  sql: string;
  values: Record<string, unknown>;
  cacheKey: string;
  /** Set for a UsageMetricsQuery (then `sql` is empty). */
  usageMetrics?: UsageMetricsTarget;
}

interface Job {
  id: string;
  teamId: number;
  prepared: PreparedQuery;
  startMs: number;
  doneAt: number;
  expiresAt: number;
  cancelled: boolean;
  status: Record<string, unknown> | null;
}

const STATUS_TTL_MS = 20 * 60_000;
/** Legacy teams and self-hosted PostHog: the in-app HogQL budget of 60 s, no API-specific ceiling. */
const LEGACY_SYNC_LIMIT_MS = 60_000;
/** ClickHouseQueryTimeOut's default detail (`posthog/exceptions.py`). */
const LEGACY_TIMEOUT_DETAIL =
  "Query has hit the max execution time before completing. See our docs for how to improve your query performance. You may need to materialize.";

export class QueryService {
  readonly limiter = new ConcurrencyLimiter();
  private readonly cache = new Map<string, { response: Record<string, unknown>; atMs: number }>();
  private readonly jobs = new Map<string, Job>();

  constructor(private readonly world: World) {}

  /** Parses, applies the personal-API-key OFFSET ban and runs the query: the HogQL response body. */
  execute(data: ProjectData, prepared: PreparedQuery): Record<string, unknown> {
    try {
      const output = prepared.usageMetrics
        ? runUsageMetrics(this.world, data, prepared.usageMetrics)
        : this.run(data, prepared);
      this.checkMemory(output.results);
      const now = this.world.now();
      const response = {
        cache_key: prepared.cacheKey,
        is_cached: false,
        last_refresh: isoZ(now),
        next_allowed_client_refresh: isoZ(now + 60_000),
        cache_target_age: isoZ(now + this.world.settings.query.cacheTtlMs),
        timezone: "UTC",
        query_status: null,
        calculation_trigger: null,
        query: prepared.sql,
        clickhouse: null,
        error: null,
        explain: null,
        metadata: null,
        modifiers: {},
        timings: [],
        ...output,
      };
      return response;
    } catch (error) {
      if (error instanceof HogQLError) throw error.toApiError();
      throw error;
    }
  }

  /** Runs one HogQL query over `events`, a warehouse table or `groups` (the table after FROM decides). */
  private run(data: ProjectData, prepared: PreparedQuery) {
    const from = tableOf(prepared.sql);
    if (from === "events" || (from !== null && data.warehouse.has(from))) {
      const parsed = parseEventsQuery(prepared.sql);
      if (parsed.hasOffset) throw queryError(OFFSET_NOT_ALLOWED_MESSAGE);
      return runEventsQuery(parsed, prepared.values, data, this.world);
    }
    const parsed = parseGroupsQuery(prepared.sql);
    if (parsed.hasOffset) throw queryError(OFFSET_NOT_ALLOWED_MESSAGE);
    return runGroupsQuery(parsed, prepared.values, data);
  }

  /** A result larger than the memory limit fails as ClickHouse's MEMORY_LIMIT_EXCEEDED does (513). */
  private checkMemory(results: unknown): void {
    const limit = this.world.settings.query.memoryLimitBytes;
    if (limit === null || limit === undefined) return;
    if (Buffer.byteLength(JSON.stringify(results ?? null)) > limit) throw queryFailures.memory();
  }

  /** 402 when the organisation's free API-query allowance is used up (checked before any execution). */
  checkQuota(): void {
    if (this.world.settings.query.quotaExceeded) throw queryFailures.quota(this.world.now());
  }

  remember(key: string, response: Record<string, unknown>): void {
    this.cache.set(key, { response, atMs: this.world.now() });
  }

  /** A fresh cached response for this query, marked `is_cached: true`, if there is one. */
  cached(key: string): Record<string, unknown> | null {
    const hit = this.cache.get(key);
    if (!hit || this.world.now() - hit.atMs > this.world.settings.query.cacheTtlMs) return null;
    return { ...hit.response, is_cached: true };
  }

  /** The 504 of a sync query: the API ceiling's text for teams on the API limits, ClickHouseQueryTimeOut's otherwise. */
  timeoutError(): ApiError {
    const limitMs = this.world.settings.query.syncTimeLimitMs;
    if (limitMs >= LEGACY_SYNC_LIMIT_MS) return errors.server(LEGACY_TIMEOUT_DETAIL, 504);
    return errors.server(timeoutDetail(Math.max(1, Math.round(limitMs / 1000))), 504);
  }

  existingJob(teamId: number, id: string): Job | undefined {
    const job = this.jobs.get(id);
    return job && job.teamId === teamId && !job.cancelled ? job : undefined;
  }

  enqueue(data: ProjectData, id: string, prepared: PreparedQuery): Record<string, unknown> {
    const { settings } = this.world;
    const now = this.world.now();
    const job: Job = {
      id,
      teamId: data.project.id,
      prepared,
      startMs: now,
      doneAt: now + settings.query.asyncPickupMs + settings.query.executionMs,
      expiresAt: now + STATUS_TTL_MS,
      cancelled: false,
      status: null,
    };
    this.jobs.set(id, job);
    return this.status(data, job);
  }

  /** The QueryStatus of a job, finishing it if its time has come. */
  status(data: ProjectData, job: Job): Record<string, unknown> {
    const now = this.world.now();
    if (job.status) return job.status;
    const base = {
      id: job.id,
      team_id: job.teamId,
      insight_id: null,
      dashboard_id: null,
      query_async: true,
      task_id: `task-${job.id}`,
      start_time: isoZ(job.startMs),
      expiration_time: isoZ(job.expiresAt),
      query_progress: null,
      labels: null,
    };
    if (now < job.doneAt) {
      return {
        ...base,
        complete: false,
        error: false,
        error_message: null,
        results: null,
        pickup_time:
          now - job.startMs >= this.world.settings.query.asyncPickupMs
            ? isoZ(job.startMs + this.world.settings.query.asyncPickupMs)
            : null,
        end_time: null,
      };
    }
    const end = {
      pickup_time: isoZ(job.startMs + this.world.settings.query.asyncPickupMs),
      end_time: isoZ(job.doneAt),
    };
    try {
      const results = this.execute(data, job.prepared);
      this.remember(job.prepared.cacheKey, results);
      job.status = { ...base, ...end, complete: true, error: false, error_message: null, results };
    } catch (error) {
      // An APIException's text is stored for the poll (400); an internal failure's is not (500)
      // (`posthog/clickhouse/client/execute_async.py`, process_query_task).
      const message =
        error instanceof ApiError && error.status !== 500 ? (error.body?.detail ?? null) : null;
      job.status = {
        ...base,
        ...end,
        complete: true,
        error: true,
        error_message: message,
        results: null,
      };
    }
    return job.status;
  }

  poll(data: ProjectData, id: string): Record<string, unknown> {
    const job = this.existingJob(data.project.id, id);
    if (!job || this.world.now() > job.expiresAt)
      throw errors.notFound(`Query ${id} not found for team ${data.project.id}`);
    return this.status(data, job);
  }

  cancel(teamId: number, id: string): string {
    const job = this.existingJob(teamId, id);
    if (job) job.cancelled = true;
    return "Query cancelled";
  }
}

export function timeoutDetail(seconds: number): string {
  return (
    `This query hit the ${seconds}-second time limit for queries run through the API. ` +
    "Submit it as an async query to give it more time: https://posthog.com/docs/api/queries#asynchronous-queries. " +
    "You can also narrow the date range or the filters so it scans less data: https://posthog.com/docs/api/queries#writing-performant-queries"
  );
}

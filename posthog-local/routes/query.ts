// query/: run HogQL over groups and events, or a UsageMetricsQuery (sync with cache, or async with polling), poll and cancel async queries.
import { createHash, randomUUID } from "node:crypto";
import { errors } from "../errors";
import { dataOf, json, type Reply } from "../http-util";
import type { PreparedQuery } from "../query-jobs";
import { type Ctx, projectOf } from "../router";
import { usageMetricsTarget } from "../usage-metrics";

const REFRESH = [
  "async",
  "async_except_on_cache_miss",
  "blocking",
  "force_async",
  "force_blocking",
  "force_cache",
  "lazy_async",
];
const KNOWN_KINDS = [
  "EventsQuery",
  "ActorsQuery",
  "GroupsQuery",
  "TrendsQuery",
  "FunnelsQuery",
  "RetentionQuery",
  "HogQLMetadata",
  "SessionsTimelineQuery",
  "PathsQuery",
  "StickinessQuery",
  "LifecycleQuery",
  "WebOverviewQuery",
];

function pydantic(loc: string, message: string, type: string): never {
  throw errors.validation(
    `1 validation error for QueryRequest\n${loc}\n  ${message} [type=${type}]`,
  );
}

function prepare(
  ctx: Ctx,
  body: Record<string, unknown>,
): { prepared: PreparedQuery; refresh: string; clientQueryId: string | null } {
  const query = body.query;
  if (query === undefined) pydantic("query", "Field required", "missing");
  if (!query || typeof query !== "object" || Array.isArray(query))
    pydantic("query", "Input should be a valid dictionary or object", "model_type");
  const node = query as Record<string, unknown>;
  const kindInPath = ctx.params.id;
  if (kindInPath !== undefined && kindInPath !== node.kind) {
    throw errors.validation(
      `Query kind mismatch: the URL says ${kindInPath} but the body says ${String(node.kind)}.`,
    );
  }
  if (node.kind === "UsageMetricsQuery") {
    const target = usageMetricsTarget(node);
    const data = projectOf(ctx);
    // The runner's cache payload carries every metric's fingerprint: editing a metric misses the cache.
    const fingerprints = data.metrics.map((m) => [
      m.id,
      m.display,
      m.math,
      m.mathProperty,
      m.filters,
      m.interval,
    ]);
    return {
      prepared: {
        sql: "",
        values: {},
        cacheKey: cacheKeyOf([data.project.id, "UsageMetricsQuery", target, fingerprints]),
        usageMetrics: target,
      },
      ...refreshOf(body),
    };
  }
  if (node.kind !== "HogQLQuery") {
    if (typeof node.kind === "string" && KNOWN_KINDS.includes(node.kind)) {
      throw errors.validation(
        `${node.kind} is not supported by the local PostHog stand-in; send a HogQLQuery (over groups or events) or a UsageMetricsQuery.`,
      );
    }
    pydantic(
      "query",
      `Input tag '${String(node.kind)}' found using 'kind' does not match any of the expected tags`,
      "union_tag_invalid",
    );
  }
  if (typeof node.query !== "string")
    pydantic(
      "query.HogQLQuery.query",
      node.query === undefined ? "Field required" : "Input should be a valid string",
      node.query === undefined ? "missing" : "string_type",
    );
  const values = node.values ?? {};
  if (!values || typeof values !== "object" || Array.isArray(values))
    pydantic("query.HogQLQuery.values", "Input should be a valid dictionary", "dict_type");
  return {
    prepared: {
      sql: node.query as string,
      values: values as Record<string, unknown>,
      cacheKey: cacheKeyOf([projectOf(ctx).project.id, node.query, values]),
    },
    ...refreshOf(body),
  };
}

function cacheKeyOf(parts: unknown[]): string {
  return `cache_${createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 32)}`;
}

/** `refresh` (or the older `async: true`) and `client_query_id`, as QueryRequest validates them. */
function refreshOf(body: Record<string, unknown>): {
  refresh: string;
  clientQueryId: string | null;
} {
  let refresh = body.async === true ? "async" : "blocking";
  if (body.refresh === true) refresh = "force_blocking";
  else if (typeof body.refresh === "string") {
    if (!REFRESH.includes(body.refresh))
      pydantic("refresh", `Input should be ${REFRESH.map((r) => `'${r}'`).join(", ")}`, "enum");
    refresh = body.refresh;
  } else if (body.refresh !== undefined && body.refresh !== null && body.refresh !== false)
    pydantic("refresh", "Input should be a valid string", "enum");
  const clientQueryId =
    typeof body.client_query_id === "string" && body.client_query_id ? body.client_query_id : null;
  return { refresh, clientQueryId };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function createQuery(ctx: Ctx): Promise<Reply> {
  const data = projectOf(ctx);
  const body = dataOf(ctx.req);
  if (!body || typeof body !== "object" || Array.isArray(body))
    pydantic("query", "Field required", "missing");
  const { prepared, refresh, clientQueryId } = prepare(ctx, body as Record<string, unknown>);
  const service = ctx.services.query;
  const id = clientQueryId ?? randomUUID().replace(/-/g, "");
  const forced = refresh.startsWith("force_");
  if (!forced) {
    const hit = service.cached(prepared.cacheKey);
    if (hit) return json(200, hit);
  }
  if (refresh === "force_cache")
    return json(200, {
      cache_key: prepared.cacheKey,
      query_status: null,
      results: null,
      is_cached: false,
    });
  // Only a computation spends the allowance: cached answers above still arrive after it is used up.
  service.checkQuota();
  if (refresh === "async" || refresh === "force_async" || refresh === "lazy_async") {
    const existing = forced ? undefined : service.existingJob(data.project.id, id);
    const status = existing ? service.status(data, existing) : service.enqueue(data, id, prepared);
    return json(status.complete === false ? 202 : 200, {
      cache_key: prepared.cacheKey,
      query_status: status,
    });
  }
  const { settings } = ctx.world;
  const release = await service.limiter.acquire(
    data.project.id,
    settings.throttle.queryConcurrency,
    settings.throttle.queryConcurrencyWaitMs,
    id,
  );
  try {
    const response = service.execute(data, prepared);
    const { executionMs, syncTimeLimitMs } = settings.query;
    if (executionMs > syncTimeLimitMs) {
      await sleep(syncTimeLimitMs);
      throw service.timeoutError();
    }
    if (executionMs > 0) await sleep(executionMs);
    service.remember(prepared.cacheKey, response);
    return json(200, response);
  } finally {
    release();
  }
}

/** 202 while running, 200 when complete, 400 for a user-facing error, 500 otherwise; 404 unknown or expired. */
export function retrieveQuery(ctx: Ctx): Reply {
  const status = ctx.services.query.poll(projectOf(ctx), ctx.params.id ?? "");
  const code = status.error ? (status.error_message ? 400 : 500) : status.complete ? 200 : 202;
  return json(code, { query_status: status });
}

export function destroyQuery(ctx: Ctx): Reply {
  return json(200, {
    message: ctx.services.query.cancel(projectOf(ctx).project.id, ctx.params.id ?? ""),
  });
}

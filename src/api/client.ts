// Builds the PostHog client from a connection and the injected platform: one requester shared by every resource.
import { createCaptureApi } from "./capture";
import { createCohortsApi } from "./cohorts";
import type { ApiContext } from "./context";
import { type Connection, type ConnectionInput, createConnection } from "./credentials";
import { createGroupTypesApi } from "./group-types";
import { createGroupsApi } from "./groups";
import { createMetricsApi } from "./metrics";
import { createPacer, type KeyValueStore, type Pacer, type PacerLimits } from "./pacer";
import { createPersonalApiKeysApi } from "./personal-api-keys";
import { createPersonsApi } from "./persons";
import { createProjectsApi } from "./projects";
import { createPropertyDefinitionsApi } from "./property-definitions";
import { createQueryApi } from "./query-groups";
import { createRequester } from "./request";
import { type RetryOptions, resolveRetry } from "./retry";
import type { Clock, Sleep, Transport } from "./transport";

/** Everything the client needs; the platform pieces are injected, nothing is read from globals. */
export interface PostHogClientOptions {
  connection: ConnectionInput;
  transport: Transport;
  sleep: Sleep;
  clock: Clock;
  /** Holds the pacer's request log across executions (CacheService or PropertiesService on Apps Script). */
  store: KeyValueStore;
  /**
   * Opaque id of the key's rate budget, part of the store key. Never the API key itself.
   * @default "p<projectId>@<host>"
   */
  bucket?: string;
  /**
   * [0, 1) source for backoff jitter.
   * @default none (deterministic backoff)
   */
  random?: () => number;
  /** Retry policy; see {@link RetryOptions} for the defaults. */
  retry?: RetryOptions;
  /** Rate limits the pacer keeps under; see {@link PacerLimits} for the defaults. */
  limits?: PacerLimits;
  /**
   * Unique ids for query `client_query_id`s and multipart boundaries.
   * @default time, a counter and Math.random, in base 36
   */
  newId?: () => string;
}

/** Builds a client. Throws `invalid_input` (listing every bad field) when the connection settings are wrong. */
export function createPostHogClient(options: PostHogClientOptions) {
  const connection: Connection = createConnection(options.connection);
  const retry = resolveRetry(options.retry);
  const { transport, sleep, clock, store } = options;
  const host = connection.origin.replace(/^https?:\/\//, "");
  const pacer: Pacer = createPacer({
    store,
    clock,
    sleep,
    bucket: options.bucket ?? `p${connection.projectId}@${host}`,
    ...(options.limits ? { limits: options.limits } : {}),
  });
  const requester = createRequester({
    connection,
    transport,
    sleep,
    clock,
    pacer,
    retry,
    ...(options.random ? { random: options.random } : {}),
  });
  let counter = 0;
  const newId =
    options.newId ??
    (() =>
      `sheets-${clock().toString(36)}-${(counter++).toString(36)}-${Math.floor(Math.random() * 36 ** 6).toString(36)}`);
  const ctx: ApiContext = { connection, requester, sleep, clock, retry, newId };

  return {
    /** The checked connection (its key is not enumerable). */
    connection,
    /** What the pacer would wait now: `pacer.delayFor("rest" | "query")`. */
    pacer,
    groups: createGroupsApi(ctx),
    groupTypes: createGroupTypesApi(ctx),
    metrics: createMetricsApi(ctx),
    cohorts: createCohortsApi(ctx),
    /** Looks people up by distinct id, UUID or e-mail (person:read). */
    persons: createPersonsApi(ctx),
    propertyDefinitions: createPropertyDefinitionsApi(ctx),
    projects: createProjectsApi(ctx),
    /** `personalApiKeys.current()`: the key's own scopes (no scope needed). */
    personalApiKeys: createPersonalApiKeysApi(ctx),
    query: createQueryApi(ctx),
    capture: createCaptureApi(ctx),
  };
}

/** The client `createPostHogClient` returns. */
export type PostHogClient = ReturnType<typeof createPostHogClient>;

// The API client's public surface: the factory, its options, the error type and the shapes PostHog returns.
export type { CaptureApi, CaptureOptions, CaptureResult, GroupIdentify } from "./capture";
export { createPostHogClient, type PostHogClient, type PostHogClientOptions } from "./client";
export type { AddPersonsResult } from "./cohort-members";
export type { CohortInput, CohortListOptions, CohortsApi } from "./cohorts";
export { type Connection, type ConnectionInput, createConnection } from "./credentials";
export {
  isPostHogError,
  PostHogError,
  type PostHogErrorCode,
  type PostHogErrorData,
} from "./errors";
export type { GroupTypeNames, GroupTypesApi } from "./group-types";
export type { GroupRef, GroupsApi, PropertyWrite } from "./groups";
export type { GroupListOptions, GroupPage } from "./groups-list";
export type { ApiResponse, Outcome } from "./http";
export type { MetricInput, MetricsApi } from "./metrics";
export {
  DEFAULT_LIMITS,
  type KeyValueStore,
  type PaceKind,
  type PacerLimits,
  type RateLimit,
} from "./pacer";
export type {
  ActivityEnvelope,
  OffsetEnvelope,
  OffsetOptions,
  PageLimits,
  PageResult,
} from "./paginate";
export type { CurrentKey, PersonalApiKeysApi } from "./personal-api-keys";
export type { PersonMatches, PersonsApi } from "./persons";
export type { ProjectsApi } from "./projects";
export type { PropertyDefinitionOptions, PropertyDefinitionsApi } from "./property-definitions";
export { type HogQLRequest, type HogQLResponse, shouldFallBackToRest } from "./query";
export type { GroupKeysOptions, GroupPageOptions, GroupRowsPage, QueryApi } from "./query-groups";
export type { GroupRow, GroupSelect } from "./query-sql";
export type { BatchOptions } from "./request";
export { DEFAULT_RETRY, type RetryOptions } from "./retry";
export type {
  Clock,
  HttpRequest,
  HttpResponse,
  NetworkFailure,
  Sleep,
  Transport,
  TransportResult,
} from "./transport";
export type * from "./types";

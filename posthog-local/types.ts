// Shared record types of the local PostHog: what its "Postgres", "ClickHouse" and key store hold.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Props = { [key: string]: Json };

/** A group as the Postgres side (personhog) holds it; `find` and writes read this. */
export interface GroupRecord {
  id: number;
  typeIndex: number;
  key: string;
  properties: Props;
  /** Microseconds since the epoch, millisecond precision (ClickHouse DateTime64(3)). */
  createdAtUs: number;
  notebook: string | null;
}

/** A row of the deduplicated ClickHouse `groups` view; the list and the query API read these. */
export interface GroupRow {
  key: string;
  createdAtUs: number;
  /** `_timestamp` of the latest version, whole seconds, in microseconds. */
  updatedAtUs: number;
  properties: Props;
  /** The properties as stored: a JSON string. */
  json: string;
  lowerJson?: string;
}

export interface GroupType {
  index: number;
  groupType: string;
  nameSingular: string | null;
  namePlural: string | null;
  detailDashboard: number | null;
  defaultColumns: string[] | null;
  createdAt: string;
}

export interface Person {
  id: number;
  uuid: string;
  distinctIds: string[];
  properties: Props;
  createdAt: string;
  isIdentified: boolean;
}

export interface Cohort {
  id: number;
  projectId: number;
  name: string | null;
  description: string;
  deleted: boolean;
  filters: Props | null;
  query: Props | null;
  isStatic: boolean;
  cohortType: string | null;
  isCalculating: boolean;
  createdById: number;
  createdAt: string;
  lastCalculation: string | null;
  errorsCalculating: number;
  count: number | null;
  /** Person UUIDs. */
  members: Set<string>;
  version: number;
}

/** A feature flag, only as far as cohort deletion cares: whether it is live and which cohorts it targets. */
export interface FlagStub {
  key: string;
  name: string;
  active: boolean;
  deleted: boolean;
  cohortIds: number[];
}

/** An insight, only as far as cohort deletion cares: its name and the cohorts its query filters or breaks down by. */
export interface InsightStub {
  name: string;
  deleted: boolean;
  cohortIds: number[];
}

export interface UsageMetric {
  id: string;
  typeIndex: number;
  name: string;
  format: string;
  interval: number;
  display: string;
  filters: Props;
  math: string;
  mathProperty: string | null;
}

export interface PropertyDefinition {
  id: string;
  name: string;
  type: "event" | "person" | "group" | "session";
  typeIndex: number | null;
  propertyType: "String" | "Numeric" | "Boolean" | "DateTime" | "Duration" | null;
  isNumerical: boolean;
}

export interface ActivityEntry {
  id: string;
  scope: string;
  activity: string;
  itemId: string;
  detail: Props;
  createdAt: string;
  createdAtMs: number;
  userId: number;
}

export interface Organization {
  id: string;
  name: string;
  slug: string;
}

export interface Project {
  id: number;
  uuid: string;
  organizationId: string;
  apiToken: string;
  name: string;
  timezone: string;
  createdAt: string;
  /** team.test_account_filters: property filters that `filter_test_accounts` applies (posthog/models/team/team.py). */
  testAccountFilters?: Props[];
}

export interface User {
  id: number;
  uuid: string;
  distinctId: string;
  firstName: string;
  lastName: string;
  email: string;
  currentTeamId: number | null;
  organizationIds: string[];
}

export interface ApiKey {
  /** Public id used in logs and by the control API; never the secret. */
  id: string;
  label: string;
  value: string;
  userId: number;
  /** `null` or `[]`: a legacy key without scopes. */
  scopes: string[] | null;
  scopedTeams: number[] | null;
  scopedOrganizations: string[] | null;
  revoked: boolean;
  /** Requests still accepted before the key revokes itself; `null` = no limit. */
  remainingUses: number | null;
}

export interface CapturedEvent {
  seq: number;
  receivedAt: string;
  projectId: number | null;
  token: string;
  event: string;
  distinctId: string;
  properties: Props;
  timestamp: string | null;
  /** The event's own `uuid`, when the client sent one. */
  uuid?: string;
  /** `capture` for /batch/ and friends, `api` for events the REST API emits itself. */
  source: "capture" | "api";
  /** Why ingestion dropped it, if it did. */
  dropped: string | null;
  applied: boolean;
}

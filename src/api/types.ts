// The shapes PostHog sends back, as on the wire (snake_case), per posthog-api.md.

/** A group (`GroupSerializer`); `find` adds `notebook`. */
export interface Group {
  group_type_index: number;
  group_key: string;
  group_properties: Record<string, unknown>;
  created_at: string;
  notebook?: string | null;
}

/** A group type (`groups_types/`). */
export interface GroupType {
  group_type: string;
  group_type_index: number;
  name_singular: string | null;
  name_plural: string | null;
  detail_dashboard?: number | null;
  default_columns?: string[] | null;
  created_at?: string | null;
}

/** A group usage metric (`groups_types/:i/metrics/`). */
export interface GroupUsageMetric {
  id: string;
  name: string;
  format: "numeric" | "currency";
  interval: number;
  display: "number" | "sparkline";
  filters: Record<string, unknown>;
  math: "count" | "sum";
  math_property: string | null;
}

/** A cohort (`CohortSerializer`, the fields the add-on reads). */
export interface Cohort {
  id: number;
  name: string | null;
  description?: string;
  deleted: boolean;
  filters: Record<string, unknown> | null;
  query?: unknown;
  is_calculating: boolean;
  count: number | null;
  is_static: boolean;
  cohort_type?: string | null;
  created_at?: string;
  last_calculation?: string | null;
  errors_calculating?: number;
  [field: string]: unknown;
}

/** A person as `cohorts/:id/persons/` lists them (distinct_ids capped at 10). */
export interface CohortPerson {
  id?: string;
  uuid: string;
  distinct_ids: string[];
  properties: Record<string, unknown>;
  created_at?: string;
  [field: string]: unknown;
}

/** One activity-log entry. */
export interface ActivityEntry {
  id: string;
  user: { first_name?: string; email?: string } | null;
  activity: string;
  scope: string;
  item_id: string | null;
  detail: Record<string, unknown> | null;
  created_at: string;
}

/** A property definition (the basic serializer; paid orgs get more fields). */
export interface PropertyDefinition {
  id: string;
  name: string;
  is_numerical: boolean;
  property_type: "String" | "Numeric" | "Boolean" | "DateTime" | "Duration" | null;
  tags?: string[];
  is_seen_on_filtered_events?: boolean | null;
  [field: string]: unknown;
}

/** A project, as `projects/` lists it. */
export interface Project {
  id: number;
  uuid?: string;
  organization?: string;
  api_token?: string;
  name: string;
  timezone?: string;
  [field: string]: unknown;
}

/** The key's owner (`users/@me/`), the fields the add-on reads. */
export interface CurrentUser {
  uuid: string;
  distinct_id?: string;
  first_name?: string;
  last_name?: string;
  email: string;
  team?: {
    id: number;
    name?: string;
    project_id?: number;
    api_token?: string;
    [field: string]: unknown;
  } | null;
  organization?: { id: string; name: string; [field: string]: unknown } | null;
  organizations?: Array<{ id: string; name: string }>;
  [field: string]: unknown;
}

/** A related actor (`groups/related/`): a person or a group. */
export type RelatedActor =
  | {
      type: "person";
      id: string;
      uuid?: string;
      properties: Record<string, unknown>;
      [field: string]: unknown;
    }
  | {
      type: "group";
      id: string;
      group_key: string;
      group_type_index: number;
      properties: Record<string, unknown>;
      [field: string]: unknown;
    };

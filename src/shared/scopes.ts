// The one table of what each feature needs from the personal API key: the connect form, the sidebar and the server read it.
// Scopes per endpoint come from PostHog's viewsets (docs/posthog-api.md, "Scopes and keys").

/** A feature of the add-on that a button, form or formula offers. */
export type FeatureId =
  | "connect"
  | "pull_groups"
  | "pull_definitions"
  | "pull_metrics"
  | "pull_cohorts"
  | "pull_members"
  | "push"
  | "formulas"
  | "manage_metrics"
  | "manage_group_types"
  | "manage_cohorts"
  | "activity"
  | "people_of_accounts"
  | "cohort_from_accounts"
  | "metric_values"
  | "history_record"
  | "history_read"
  | "fast_pulls";

export interface Feature {
  id: FeatureId;
  /** What people see, e.g. "Pull cohorts". */
  label: string;
  /** Every scope the feature's requests need (a `:write` scope also grants its `:read`). */
  scopes: readonly string[];
  /** The add-on works without it, only slower (query:read). */
  optional?: boolean;
}

/**
 * The features and the scopes their PostHog endpoints require. Sources: ee/clickhouse/views/groups.py (groups,
 * group types, GroupUsageMetricViewSet `usage_metric`), posthog/api/cohort.py (`cohort`, persons needs
 * cohort:read + person:read, activity needs activity_log:read), posthog/api/user.py (`user`),
 * posthog/api/project.py (`project`), property definitions (`property_definition`), query (`query`).
 */
export const FEATURES: readonly Feature[] = [
  { id: "connect", label: "Connect and choose a project", scopes: ["user:read", "project:read"] },
  {
    id: "pull_groups",
    label: "Pull groups, group types and related groups",
    scopes: ["group:read"],
  },
  {
    id: "pull_definitions",
    label: "Pull group property definitions",
    scopes: ["group:read", "property_definition:read"],
  },
  { id: "pull_metrics", label: "Pull usage metrics", scopes: ["group:read", "usage_metric:read"] },
  { id: "pull_cohorts", label: "Pull cohorts", scopes: ["cohort:read"] },
  { id: "pull_members", label: "Pull a cohort's members", scopes: ["cohort:read", "person:read"] },
  { id: "push", label: "Push edits to groups", scopes: ["project:read", "group:write"] },
  { id: "formulas", label: "PostHog formulas", scopes: ["group:read"] },
  {
    id: "manage_metrics",
    label: "Create, edit and delete usage metrics",
    scopes: ["group:read", "usage_metric:write"],
  },
  { id: "manage_group_types", label: "Delete group types", scopes: ["group:write"] },
  // Filling or emptying a static cohort first looks the selected people up (persons/, cohorts/:id/persons/).
  {
    id: "manage_cohorts",
    label: "Create and change static cohorts",
    scopes: ["cohort:write", "person:read"],
  },
  {
    id: "activity",
    label: "Group and cohort activity",
    scopes: ["group:read", "activity_log:read"],
  },
  // Members of accounts read events and person properties through HogQL (query:read); a filled cohort's size is read
  // back from its persons (cohort:read + person:read).
  {
    id: "people_of_accounts",
    label: "People of accounts, accounts of a cohort",
    scopes: ["query:read", "group:read", "cohort:read"],
  },
  {
    id: "cohort_from_accounts",
    label: "Cohort from accounts",
    scopes: ["query:read", "group:read", "cohort:write", "person:read"],
  },
  // Metric columns and =POSTHOG_METRIC read the metrics, then compute their values over events with HogQL.
  {
    id: "metric_values",
    label: "Usage metric values (metric columns, =POSTHOG_METRIC)",
    scopes: ["group:read", "usage_metric:read", "query:read"],
  },
  // Recording reads only what a refresh already reads; reading an account's history adds its activity log.
  { id: "history_record", label: "Keep a groups sheet's history", scopes: ["group:read"] },
  {
    id: "history_read",
    label: "History of an account",
    scopes: ["group:read", "activity_log:read"],
  },
  { id: "fast_pulls", label: "Faster pulls (query API)", scopes: ["query:read"], optional: true },
];

/** Whether held scopes grant one scope: `*`, the scope itself, or its `:write` for a `:read` (APIScopePermission). */
export function grants(held: readonly string[], scope: string): boolean {
  if (held.includes("*") || held.includes(scope)) return true;
  return scope.endsWith(":read") && held.includes(scope.replace(/:read$/, ":write"));
}

/**
 * Exactly the scopes to give the key: one per object at the highest level a feature needs (a write covers its
 * read), in the table's order.
 */
export function requestedScopes(): string[] {
  const best = new Map<string, "read" | "write">();
  for (const feature of FEATURES)
    for (const scope of feature.scopes) {
      const [object = "", level] = scope.split(":");
      if (level === "write" || !best.has(object))
        best.set(object, level === "write" ? "write" : "read");
    }
  return [...best].map(([object, level]) => `${object}:${level}`);
}

/** What one requested scope enables: the labels of the features that need it (directly or as a read). */
export function scopeUses(scope: string): string[] {
  return FEATURES.filter((f) => f.scopes.some((s) => grants([scope], s))).map((f) => f.label);
}

export interface FeatureAccess {
  id: FeatureId;
  label: string;
  allowed: boolean;
  /** The scopes to add to the key for this feature (empty when allowed). */
  missing: string[];
  optional: boolean;
}

/** Every feature with whether the key's scopes allow it and, if not, which scopes to add. */
export function featureAccess(scopes: readonly string[]): FeatureAccess[] {
  return FEATURES.map((f) => {
    const missing = f.scopes.filter((s) => !grants(scopes, s));
    return {
      id: f.id,
      label: f.label,
      allowed: missing.length === 0,
      missing,
      optional: !!f.optional,
    };
  });
}

/** One feature's access; `scopes` null (unknown, e.g. an older self-hosted PostHog) allows everything. */
export function accessTo(scopes: readonly string[] | null, id: FeatureId): FeatureAccess {
  const all = featureAccess(scopes ?? ["*"]);
  return all.find((f) => f.id === id) as FeatureAccess;
}

/** "Add the usage_metric:write scope to the key": the sentence a disabled feature shows. */
export function missingScopeText(access: FeatureAccess): string {
  const list = access.missing.join(", ");
  return `Needs the ${list} scope${access.missing.length > 1 ? "s" : ""}: add ${access.missing.length > 1 ? "them" : "it"} to the key in PostHog (Settings → Personal API keys).`;
}

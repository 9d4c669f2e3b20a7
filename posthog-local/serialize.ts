// JSON shapes of PostHog's serializers: groups, persons (actors), cohorts, users, projects.
import { isoZ } from "./clock";
import type { World } from "./store";
import type { Cohort, GroupRecord, GroupRow, Person, Project, User } from "./types";

/** GroupSerializer: exactly four fields. */
export function groupJson(group: GroupRecord): Record<string, unknown> {
  return {
    group_type_index: group.typeIndex,
    group_key: group.key,
    group_properties: group.properties,
    created_at: isoZ(group.createdAtUs / 1000),
  };
}

export function groupRowJson(typeIndex: number, row: GroupRow): Record<string, unknown> {
  return {
    group_type_index: typeIndex,
    group_key: row.key,
    group_properties: row.properties,
    created_at: isoZ(row.createdAtUs / 1000),
  };
}

export function personName(person: Person): string {
  const props = person.properties;
  for (const key of ["email", "name", "username"]) {
    const value = props[key];
    if (typeof value === "string" && value) return value;
  }
  return person.distinctIds[0] ?? person.uuid;
}

/** SerializedPerson as cohort persons and related actors return it (distinct_ids capped at 10). */
export function personActor(person: Person): Record<string, unknown> {
  return {
    type: "person",
    id: person.uuid,
    uuid: person.uuid,
    created_at: person.createdAt,
    properties: person.properties,
    is_identified: person.isIdentified,
    name: personName(person),
    distinct_ids: person.distinctIds.slice(0, 10),
    matched_recordings: [],
    value_at_data_point: null,
  };
}

export function userBasic(user: User | undefined): Record<string, unknown> | null {
  if (!user) return null;
  return {
    id: user.id,
    uuid: user.uuid,
    distinct_id: user.distinctId,
    first_name: user.firstName,
    last_name: user.lastName,
    email: user.email,
    is_email_verified: true,
    hedgehog_config: null,
    role_at_organization: null,
  };
}

export function cohortJson(world: World, cohort: Cohort): Record<string, unknown> {
  return {
    id: cohort.id,
    name: cohort.name,
    description: cohort.description,
    groups: [],
    deleted: cohort.deleted,
    filters: cohort.filters ?? { properties: {} },
    query: cohort.query,
    is_calculating: cohort.isCalculating,
    created_by: userBasic(world.users.get(cohort.createdById)),
    created_at: cohort.createdAt,
    last_calculation: cohort.lastCalculation,
    errors_calculating: cohort.errorsCalculating,
    count: cohort.count,
    is_static: cohort.isStatic,
    cohort_type: cohort.cohortType,
    experiment_set: [],
  };
}

/** The basic project/team shape used by projects/ and inside users/@me. */
export function projectJson(project: Project): Record<string, unknown> {
  return {
    id: project.id,
    uuid: project.uuid,
    organization: project.organizationId,
    project_id: project.id,
    api_token: project.apiToken,
    name: project.name,
    completed_snippet_onboarding: true,
    has_completed_onboarding_for: { product_analytics: true },
    ingested_event: true,
    is_demo: false,
    timezone: project.timezone,
    access_control: false,
    created_at: project.createdAt,
  };
}

export function organizationJson(world: World, orgId: string): Record<string, unknown> | null {
  const org = world.organizations.find((o) => o.id === orgId);
  if (!org) return null;
  const projects = [...world.projects.values()].filter((p) => p.organizationId === org.id);
  return {
    id: org.id,
    name: org.name,
    slug: org.slug,
    logo_media_id: null,
    created_at: "2020-11-02T10:00:00Z",
    updated_at: "2024-01-15T09:30:00Z",
    membership_level: 15,
    plugins_access_level: 9,
    teams: projects.map(projectJson),
    projects: projects.map((p) => ({ id: p.id, name: p.name, organization_id: org.id })),
    available_product_features: [],
    is_member_join_email_enabled: true,
    members_can_use_personal_api_keys: true,
  };
}

export function userJson(world: World, user: User): Record<string, unknown> {
  const team = user.currentTeamId === null ? undefined : world.projects.get(user.currentTeamId);
  const orgId = team?.organizationId ?? user.organizationIds[0];
  return {
    date_joined: "2020-11-02T10:00:00Z",
    uuid: user.uuid,
    distinct_id: user.distinctId,
    first_name: user.firstName,
    last_name: user.lastName,
    email: user.email,
    pending_email: null,
    is_email_verified: true,
    has_password: true,
    is_staff: false,
    is_impersonated: false,
    team: team ? projectJson(team) : null,
    organization: orgId ? organizationJson(world, orgId) : null,
    organizations: user.organizationIds.flatMap((id) => {
      const org = world.organizations.find((o) => o.id === id);
      return org
        ? [
            {
              id: org.id,
              name: org.name,
              slug: org.slug,
              logo_media_id: null,
              membership_level: 15,
            },
          ]
        : [];
    }),
    toolbar_mode: "toolbar",
    theme_mode: "system",
  };
}

export { isoZ };

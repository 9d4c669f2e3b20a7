// The route table: every /api/ path with its DRF actions, scope object, required scopes and throttle class (one long table on purpose).
import { projectRoutes, type Route, route } from "../router";
import {
  addPersons,
  allCohortActivity,
  calculationHistory,
  cohortActivity,
  cohortPersons,
  duplicateAsStatic,
  removePerson,
} from "./cohort-members";
import { createCohort, destroyCohort, getCohort, listCohorts, updateCohort } from "./cohorts";
import {
  deleteProperty,
  groupActivity,
  propertyValues,
  relatedActors,
  updateProperty,
} from "./group-extras";
import {
  createDetailDashboard,
  deleteGroupType,
  listGroupTypes,
  setDefaultColumns,
  updateMetadata,
} from "./group-types";
import { createGroup, findGroup, listGroups } from "./groups";
import { createMetric, deleteMetric, getMetric, listMetrics, updateMetric } from "./metrics";
import { getPersonalApiKey, listPersonalApiKeys } from "./personal-api-keys";
import { batchByDistinctIds, batchByUuids, listPersons } from "./persons";
import { getPropertyDefinition, listPropertyDefinitions } from "./property-definitions";
import { createQuery, destroyQuery, retrieveQuery } from "./query";
import {
  getMe,
  getOrganization,
  getProject,
  listOrganizationProjects,
  listProjects,
} from "./users-projects";

const group = { scopeObject: "group" };
const groupTypes = { scopeObject: "group", authFailureStatus: 403 as const };
const cohort = { scopeObject: "cohort" };
const metric = { scopeObject: "usage_metric" };
const person = { scopeObject: "person" };

export function buildRoutes(): Route[] {
  return [
    // groups/ lives under projects/ and, deprecated, environments/ (register_legacy_dual_route_team_nested_viewset).
    ...projectRoutes(
      "groups",
      group,
      {
        GET: { action: "list", handler: listGroups },
        POST: { action: "create", handler: createGroup },
      },
      true,
    ),
    ...projectRoutes(
      "groups/find",
      group,
      { GET: { action: "find", scopes: ["group:read"], handler: findGroup } },
      true,
    ),
    ...projectRoutes(
      "groups/update_property",
      group,
      { POST: { action: "update_property", scopes: ["group:write"], handler: updateProperty } },
      true,
    ),
    ...projectRoutes(
      "groups/delete_property",
      group,
      { POST: { action: "delete_property", scopes: ["group:write"], handler: deleteProperty } },
      true,
    ),
    ...projectRoutes(
      "groups/activity",
      group,
      { GET: { action: "activity", scopes: ["activity_log:read"], handler: groupActivity } },
      true,
    ),
    ...projectRoutes(
      "groups/related",
      group,
      { GET: { action: "related", scopes: ["group:read"], handler: relatedActors } },
      true,
    ),
    ...projectRoutes(
      "groups/property_values",
      group,
      { GET: { action: "property_values", scopes: ["group:read"], handler: propertyValues } },
      true,
    ),

    ...projectRoutes("groups_types", groupTypes, {
      GET: { action: "list", handler: listGroupTypes },
    }),
    ...projectRoutes("groups_types/update_metadata", groupTypes, {
      PATCH: { action: "update_metadata", handler: updateMetadata },
    }),
    ...projectRoutes("groups_types/create_detail_dashboard", groupTypes, {
      PUT: { action: "create_detail_dashboard", handler: createDetailDashboard },
    }),
    ...projectRoutes("groups_types/set_default_columns", groupTypes, {
      PUT: { action: "set_default_columns", handler: setDefaultColumns },
    }),
    ...projectRoutes("groups_types/:index/metrics", metric, {
      GET: { action: "list", handler: listMetrics },
      POST: { action: "create", handler: createMetric },
    }),
    ...projectRoutes(
      "groups_types/:index/metrics/:id",
      { ...metric, detail: true },
      {
        GET: { action: "retrieve", handler: getMetric },
        PUT: { action: "update", handler: (ctx) => updateMetric(ctx, false) },
        PATCH: { action: "partial_update", handler: (ctx) => updateMetric(ctx, true) },
        DELETE: { action: "destroy", handler: deleteMetric },
      },
    ),
    ...projectRoutes(
      "groups_types/:index",
      { ...groupTypes, detail: true },
      { DELETE: { action: "destroy", handler: deleteGroupType } },
    ),

    ...projectRoutes(
      "property_definitions",
      { scopeObject: "property_definition" },
      { GET: { action: "list", handler: listPropertyDefinitions } },
    ),
    ...projectRoutes(
      "property_definitions/:id",
      { scopeObject: "property_definition", detail: true },
      { GET: { action: "retrieve", handler: getPropertyDefinition } },
    ),

    ...projectRoutes("cohorts", cohort, {
      GET: { action: "list", handler: listCohorts },
      POST: { action: "create", handler: createCohort },
    }),
    ...projectRoutes("cohorts/activity", cohort, {
      GET: { action: "all_activity", scopes: ["activity_log:read"], handler: allCohortActivity },
    }),
    ...projectRoutes(
      "cohorts/:id",
      { ...cohort, detail: true },
      {
        GET: { action: "retrieve", handler: getCohort },
        PUT: { action: "update", handler: updateCohort },
        PATCH: { action: "partial_update", handler: updateCohort },
        DELETE: { action: "destroy", handler: destroyCohort },
      },
    ),
    ...projectRoutes(
      "cohorts/:id/persons",
      { ...cohort, detail: true },
      {
        GET: { action: "persons", scopes: ["cohort:read", "person:read"], handler: cohortPersons },
      },
    ),
    ...projectRoutes(
      "cohorts/:id/duplicate_as_static_cohort",
      { ...cohort, detail: true },
      {
        GET: {
          action: "duplicate_as_static_cohort",
          scopes: ["cohort:write"],
          handler: duplicateAsStatic,
        },
      },
    ),
    ...projectRoutes(
      "cohorts/:id/add_persons_to_static_cohort",
      { ...cohort, detail: true },
      {
        PATCH: {
          action: "add_persons_to_static_cohort",
          scopes: ["cohort:write"],
          handler: addPersons,
        },
      },
    ),
    ...projectRoutes(
      "cohorts/:id/remove_person_from_static_cohort",
      { ...cohort, detail: true },
      {
        PATCH: {
          action: "remove_person_from_static_cohort",
          scopes: ["cohort:write"],
          handler: removePerson,
        },
      },
    ),
    ...projectRoutes(
      "cohorts/:id/activity",
      { ...cohort, detail: true },
      { GET: { action: "activity", scopes: ["activity_log:read"], handler: cohortActivity } },
    ),
    ...projectRoutes(
      "cohorts/:id/calculation_history",
      { ...cohort, detail: true },
      {
        GET: {
          action: "calculation_history",
          scopes: ["cohort:read"],
          handler: calculationHistory,
        },
      },
    ),

    // persons/ lives under projects/ and environments/ (register_legacy_dual_route_team_nested_viewset);
    // the batch lookups are POSTs that declare required_scopes=["person:read"] (posthog/api/person.py).
    ...projectRoutes("persons", person, { GET: { action: "list", handler: listPersons } }, true),
    ...projectRoutes(
      "persons/batch_by_distinct_ids",
      person,
      {
        POST: {
          action: "batch_by_distinct_ids",
          scopes: ["person:read"],
          handler: batchByDistinctIds,
        },
      },
      true,
    ),
    ...projectRoutes(
      "persons/batch_by_uuids",
      person,
      { POST: { action: "batch_by_uuids", scopes: ["person:read"], handler: batchByUuids } },
      true,
    ),

    // query/: every action counts as a read (scope_object_read_actions), POST included. query/:kind runs too.
    ...projectRoutes(
      "query",
      {
        scopeObject: "query",
        throttle: "query",
        readActions: ["retrieve", "create", "list", "destroy"],
        writeActions: [],
      },
      { POST: { action: "create", handler: createQuery } },
      true,
    ),
    ...projectRoutes(
      "query/:id",
      {
        scopeObject: "query",
        throttle: "query",
        detail: true,
        readActions: ["retrieve", "create", "list", "destroy", "create_with_kind"],
        writeActions: [],
      },
      {
        GET: { action: "retrieve", handler: retrieveQuery },
        DELETE: { action: "destroy", handler: destroyQuery },
        POST: { action: "create_with_kind", handler: createQuery },
      },
      true,
    ),

    route(
      "/api/users/:user",
      { scopeObject: "user", detail: true, throttle: "none" },
      { GET: { action: "retrieve", handler: getMe } },
    ),
    // PersonalAPIKeyViewSet: no APIScopePermission; PersonalAPIKeyAuthentication first, so failures are 401.
    route(
      "/api/personal_api_keys",
      { scopeObject: "personal_api_key", scopeCheck: false },
      { GET: { action: "list", handler: listPersonalApiKeys } },
    ),
    route(
      "/api/personal_api_keys/:id",
      { scopeObject: "personal_api_key", scopeCheck: false, detail: true },
      { GET: { action: "retrieve", handler: getPersonalApiKey } },
    ),
    route(
      "/api/projects",
      { scopeObject: "project" },
      { GET: { action: "list", handler: listProjects } },
    ),
    route(
      "/api/projects/:project",
      { scopeObject: "project", detail: true },
      { GET: { action: "retrieve", handler: getProject } },
    ),
    route(
      "/api/organizations/:organization",
      { scopeObject: "organization", detail: true },
      { GET: { action: "retrieve", handler: getOrganization } },
    ),
    route(
      "/api/organizations/:organization/projects",
      { scopeObject: "project" },
      { GET: { action: "list", handler: listOrganizationProjects } },
    ),
  ];
}

// What each kind of pull reads from PostHog, a page at a time, as table records with a resumable cursor.
import type { PostHogClient } from "../../api";
import type {
  ActivityEntry,
  Cohort,
  CohortPerson,
  GroupType,
  GroupUsageMetric,
  PropertyDefinition,
  RelatedActor,
} from "../../api/types";
import type { PullRequest } from "../../shared/rpc";
import { CREATED_HEADER } from "../../sheets/columns";
import { listTeamMetrics } from "../metrics/team-metrics";
import { page, plain, type Source, type SourceOptions } from "./source-page";
import { groupsSource } from "./sources-groups";

/** The API's own names for a group type's fields: the pulled sheet and =POSTHOG_GROUP_TYPES() both head columns with them. */
export const GROUP_TYPE_HEADERS = [
  "group_type_index",
  "group_type",
  "name_singular",
  "name_plural",
];

const offset = (cursor: string | null): number => (cursor ? Number(cursor) : 0);
export function sourceFor(
  request: PullRequest,
  client: PostHogClient,
  types: readonly GroupType[],
  options: SourceOptions,
): Source {
  const typeOf = (index: number) => types.find((t) => t.group_type_index === index);
  const nameOf = (index: number, plural = true) => {
    const type = typeOf(index);
    const name =
      (plural ? type?.name_plural : type?.name_singular) ||
      type?.group_type ||
      `group type ${index}`;
    return name.charAt(0).toUpperCase() + name.slice(1);
  };
  const restPages = options.restPagesPerFetch ?? 20;
  switch (request.entity) {
    case "groups":
      return groupsSource(
        request,
        client,
        options,
        nameOf(request.groupTypeIndex),
        typeOf(request.groupTypeIndex)?.default_columns ?? [],
      );
    case "group_types":
      return {
        title: "Group types",
        fixedHeaders: [...GROUP_TYPE_HEADERS, "created_at"],
        defaultColumns: [],
        mode: "rest",
        fetch: () =>
          page(
            client.groupTypes.list(),
            (t: GroupType) =>
              plain(String(t.group_type_index), [
                t.group_type_index,
                t.group_type,
                t.name_singular,
                t.name_plural,
                t.created_at,
              ]),
            null,
          ),
      };
    case "metrics":
      return {
        title: `${nameOf(request.groupTypeIndex, false)} metrics`,
        fixedHeaders: [
          "id",
          "name",
          "format",
          "interval",
          "display",
          "math",
          "math_property",
          "filters",
        ],
        defaultColumns: [],
        mode: "rest",
        // Every metric a group of this type shows in PostHog: the project's, under every type (one listing a type;
        // docs/posthog-query-api.md §15), with the names PostHog keeps.
        fetch: () =>
          page(
            listTeamMetrics(
              client,
              types.map((t) => t.group_type_index),
            ).map((s) => s.metric),
            (m: GroupUsageMetric) =>
              plain(m.id, [
                m.id,
                m.name,
                m.format,
                m.interval,
                m.display,
                m.math,
                m.math_property,
                m.filters,
              ]),
            null,
          ),
      };
    case "cohorts":
      return {
        title: "Cohorts",
        fixedHeaders: [
          "id",
          "name",
          "description",
          "is_static",
          "cohort_type",
          "count",
          "is_calculating",
          "created_at",
          "last_calculation",
        ],
        defaultColumns: [],
        mode: "rest",
        fetch: (cursor) => {
          const r = client.cohorts.listAll({ offset: offset(cursor), maxPages: restPages });
          return page(
            r.items,
            (c: Cohort) =>
              plain(String(c.id), [
                c.id,
                c.name,
                c.description ?? "",
                c.is_static,
                c.cohort_type ?? null,
                c.count,
                c.is_calculating,
                c.created_at ?? null,
                c.last_calculation ?? null,
              ]),
            r.cursor,
          );
        },
      };
    case "cohort_members":
      return {
        title: `Cohort ${request.cohortId} members`,
        fixedHeaders: ["person_uuid", "distinct_ids", CREATED_HEADER],
        defaultColumns: ["email", "name"],
        mode: "rest",
        fetch: (cursor) => {
          const r = client.cohorts.allPersons(request.cohortId, {
            offset: offset(cursor),
            maxPages: restPages,
          });
          return page(
            r.items,
            (p: CohortPerson) =>
              plain(
                p.uuid,
                [p.uuid, p.distinct_ids.join(", "), p.created_at ?? null],
                p.properties ?? {},
              ),
            r.cursor,
          );
        },
      };
    case "property_definitions":
      return {
        title: `${nameOf(request.groupTypeIndex, false)} properties`,
        fixedHeaders: ["name", "property_type", "is_numerical", "tags"],
        defaultColumns: [],
        mode: "rest",
        fetch: (cursor) => {
          const r = client.propertyDefinitions.listAll({
            groupTypeIndex: request.groupTypeIndex,
            offset: offset(cursor),
            maxPages: restPages,
          });
          return page(
            r.items,
            (d: PropertyDefinition) =>
              plain(d.name, [d.name, d.property_type, d.is_numerical, d.tags ?? []]),
            r.cursor,
          );
        },
      };
    case "related":
      return {
        title: `Related to ${request.groupKey}`,
        fixedHeaders: ["related_id", "type", "group_type_index"],
        defaultColumns: ["name"],
        mode: "rest",
        fetch: () =>
          page(
            client.groups.related({ id: request.groupKey, groupTypeIndex: request.groupTypeIndex }),
            (a: RelatedActor) =>
              plain(
                `${a.type}:${a.id}`,
                [a.id, a.type, a.type === "group" ? a.group_type_index : null],
                a.properties ?? {},
              ),
            null,
          ),
      };
    case "activity":
      return {
        title: `Activity of ${request.groupKey}`,
        fixedHeaders: ["id", CREATED_HEADER, "user", "activity", "scope", "detail"],
        defaultColumns: [],
        mode: "rest",
        fetch: (cursor) => {
          const r = client.groups.allActivity({
            groupTypeIndex: request.groupTypeIndex,
            groupKey: request.groupKey,
            page: cursor ? Number(cursor) : 1,
            maxPages: restPages,
          });
          return page(
            r.items,
            (e: ActivityEntry) =>
              plain(e.id, [e.id, e.created_at, e.user?.email ?? "", e.activity, e.scope, e.detail]),
            r.cursor,
          );
        },
      };
  }
}

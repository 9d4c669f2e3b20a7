// Server-side handlers for the sidebar's "Manage" forms: usage metrics, group types, cohorts and the selected group.
import type { PostHogClient } from "../api";
import { isPostHogError } from "../api/posthog-error";
import type {
  ActivityEntry,
  Cohort,
  GroupType,
  GroupUsageMetric,
  RelatedActor,
} from "../api/types";
import { projectClient } from "../connection/connect";
import { toFailure, UserFacingError } from "../connection/failures";
import { metricInput } from "../connection/metric-input";
import { connectDeps } from "../platform/posthog.gas";
import { type ActiveSelection, activeSelection } from "../platform/workbook.gas";
import type {
  ActivityView,
  CohortChange,
  IdKind,
  MetricView,
  RelatedView,
  SelectedGroupView,
  SelectionView,
} from "../shared/manage-rpc";
import type { CohortView, GroupTypeView, RpcResult } from "../shared/rpc";
import { KEY_HEADER } from "../sheets/columns";
import { cohortCsv, idsFromCells } from "../sheets/selection-ids";
import { META_KEY, readMeta } from "../sheets/sheet-meta";
import { argsOf } from "./rpc-handlers";

/** Like `respond`, with PostHog's validation `attr` renamed to the form's field (e.g. "filters__events" → "filters"). */
function answer<T>(work: () => T, fields: Record<string, string> = {}): RpcResult<T> {
  try {
    return { ok: true, value: work() };
  } catch (error) {
    const failure = toFailure(error);
    if (failure.field) {
      const base = failure.field.split("__")[0] ?? failure.field;
      failure.field = fields[base] ?? base;
    }
    return failure;
  }
}

const client = (): PostHogClient => projectClient(connectDeps()).client;

const int = (value: unknown, field: string, label: string): number => {
  const n = Number(value);
  if (value === "" || value === null || !Number.isSafeInteger(n) || n < 0)
    throw new UserFacingError("invalid_input", `Choose a ${label}.`, field);
  return n;
};

function metricView(m: GroupUsageMetric): MetricView {
  return {
    id: String(m.id),
    name: String(m.name ?? ""),
    format: m.format,
    interval: m.interval,
    display: m.display,
    math: m.math,
    mathProperty: m.math_property ?? "",
    filters: JSON.stringify(m.filters ?? {}),
  };
}

export function groupTypeView(t: GroupType): GroupTypeView {
  return {
    index: t.group_type_index,
    name: t.group_type,
    singular: t.name_singular || t.group_type,
    plural: t.name_plural || `${t.group_type}s`,
  };
}

function cohortView(c: Cohort): CohortView {
  return { id: c.id, name: c.name ?? `Cohort ${c.id}`, isStatic: c.is_static, count: c.count };
}

// ---- Usage metrics ----

export const listMetricsHandler = (input: unknown): RpcResult<MetricView[]> =>
  answer(() => {
    const index = int(argsOf(input).groupTypeIndex, "groupTypeIndex", "group type");
    return client().metrics.listAll(index, { maxPages: 10 }).items.map(metricView);
  });

export const saveMetricHandler = (input: unknown): RpcResult<MetricView> =>
  answer(
    () => {
      const args = argsOf(input);
      const index = int(args.groupTypeIndex, "groupTypeIndex", "group type");
      const body = metricInput(args);
      const api = client().metrics;
      const id = typeof args.id === "string" && args.id ? args.id : null;
      return metricView(id ? api.update(index, id, body) : api.create(index, body));
    },
    { mathProperty: "math_property" },
  );

export const deleteMetricHandler = (input: unknown): RpcResult<null> =>
  answer(() => {
    const args = argsOf(input);
    const index = int(args.groupTypeIndex, "groupTypeIndex", "group type");
    if (typeof args.id !== "string" || !args.id)
      throw new UserFacingError("invalid_input", "Choose a metric to delete.", "id");
    client().metrics.delete(index, args.id);
    return null;
  });

// ---- Group types ----

/** PostHog lets only legacy (unscoped) personal keys rename group types. */
const RENAME_REFUSED =
  "Your PostHog key cannot rename group types: PostHog allows it only with a personal API key created without scopes (a legacy key), or in PostHog itself. Nothing was changed.";

export const renameGroupTypeHandler = (input: unknown): RpcResult<GroupTypeView[]> =>
  answer(() => {
    const args = argsOf(input);
    const index = int(args.groupTypeIndex, "groupTypeIndex", "group type");
    const singular = String(args.singular ?? "").trim();
    const plural = String(args.plural ?? "").trim();
    if (!singular)
      throw new UserFacingError("invalid_input", "Enter the singular name.", "singular");
    if (!plural) throw new UserFacingError("invalid_input", "Enter the plural name.", "plural");
    if (singular.length > 400 || plural.length > 400)
      throw new UserFacingError("invalid_input", "Names are at most 400 characters.", "singular");
    try {
      return client()
        .groupTypes.updateMetadata([
          { groupTypeIndex: index, nameSingular: singular, namePlural: plural },
        ])
        .map(groupTypeView);
    } catch (error) {
      if (isPostHogError(error) && error.code === "forbidden")
        throw new UserFacingError("key_cannot_rename", RENAME_REFUSED);
      throw error;
    }
  });

export const deleteGroupTypeHandler = (input: unknown): RpcResult<GroupTypeView[]> =>
  answer(() => {
    const args = argsOf(input);
    const index = int(args.groupTypeIndex, "groupTypeIndex", "group type");
    const api = client().groupTypes;
    const type = api.list().find((t) => t.group_type_index === index);
    if (!type)
      throw new UserFacingError("not_found", "This group type no longer exists.", "groupTypeIndex");
    if (String(args.confirmName ?? "").trim() !== type.group_type)
      throw new UserFacingError(
        "confirm_mismatch",
        `Type the group type's name, ${type.group_type}, to delete it.`,
        "confirmName",
      );
    api.delete(index);
    return api.list().map(groupTypeView);
  });

// ---- Cohorts from the selection ----

function selection(): ActiveSelection {
  const found = activeSelection();
  if (!found)
    throw new UserFacingError(
      "no_selection",
      "Select the cells with the persons first.",
      "selection",
    );
  return found;
}

function selectedIds(sel: ActiveSelection): { kind: IdKind; ids: string[] } {
  if ((sel.values[0]?.length ?? 0) > 1)
    throw new UserFacingError(
      "invalid_selection",
      `Select one column (the selection ${sel.range} has ${sel.values[0]?.length} columns).`,
      "selection",
    );
  const header = sel.row > 1 ? sel.headers[sel.column - 1] : undefined;
  const { kind, ids } = idsFromCells(sel.values, header);
  if (!kind)
    throw new UserFacingError(
      "empty_selection",
      `The selected cells (${sel.sheetName}!${sel.range}) are empty. Select the persons' emails, distinct ids or person ids.`,
      "selection",
    );
  if (ids.length > 10_000)
    throw new UserFacingError(
      "invalid_selection",
      "Select at most 10,000 persons at once.",
      "selection",
    );
  return { kind, ids };
}

const KIND_LABEL: Record<IdKind, string> = {
  person_id: "person ids",
  email: "emails",
  distinct_id: "distinct ids",
};

export const describeSelectionHandler = (): RpcResult<SelectionView> =>
  answer(() => {
    const sel = activeSelection();
    if (!sel) return { sheetName: "", range: "", kind: null, count: 0, sample: [] };
    const width = sel.values[0]?.length ?? 0;
    const { kind, ids } =
      width === 1
        ? idsFromCells(sel.values, sel.row > 1 ? sel.headers[sel.column - 1] : undefined)
        : { kind: null, ids: [] };
    return {
      sheetName: sel.sheetName,
      range: sel.range,
      kind,
      count: ids.length,
      sample: ids.slice(0, 3),
    };
  });

function staticCohort(api: PostHogClient["cohorts"], cohortId: unknown): Cohort {
  const id = int(cohortId, "cohortId", "cohort");
  const cohort = api.get(id);
  if (cohort.deleted)
    throw new UserFacingError("not_found", "This cohort was deleted.", "cohortId");
  if (!cohort.is_static)
    throw new UserFacingError(
      "not_static",
      "Persons can be added to or removed from static cohorts only. Duplicate this cohort as static first.",
      "cohortId",
    );
  return cohort;
}

const csvField = { csv: "selection", person_ids: "selection" };

export const createStaticCohortHandler = (input: unknown): RpcResult<CohortChange> =>
  answer(() => {
    const name = String(argsOf(input).name ?? "").trim();
    if (!name) throw new UserFacingError("invalid_input", "Enter a name for the cohort.", "name");
    if (name.length > 400)
      throw new UserFacingError("invalid_input", "The name is longer than 400 characters.", "name");
    const { kind, ids } = selectedIds(selection());
    const api = client().cohorts;
    let cohort: Cohort;
    if (kind === "person_id") {
      if (ids.length > 1000)
        throw new UserFacingError(
          "invalid_selection",
          "Select at most 1,000 person ids at once.",
          "selection",
        );
      cohort = api.create({ name, is_static: true, _create_static_person_ids: ids });
    } else {
      cohort = api.createStaticFromCsv({ name, csv: cohortCsv(kind, ids) });
    }
    return {
      cohort: cohortView(cohort),
      kind,
      count: ids.length,
      notFound: 0,
      message: `Created “${cohortView(cohort).name}” from ${ids.length} ${KIND_LABEL[kind]}. PostHog adds the persons in the background.`,
    };
  }, csvField);

export const addSelectionToCohortHandler = (input: unknown): RpcResult<CohortChange> =>
  answer(() => {
    const api = client().cohorts;
    const cohort = staticCohort(api, argsOf(input).cohortId);
    const { kind, ids } = selectedIds(selection());
    if (kind === "person_id") {
      const result = api.addPersons(cohort.id, ids);
      if (result.kind === "partial") throw result.error;
    } else {
      api.appendCsv(cohort.id, cohortCsv(kind, ids));
    }
    return {
      cohort: cohortView(cohort),
      kind,
      count: ids.length,
      notFound: 0,
      message: `Added ${ids.length} ${KIND_LABEL[kind]} to “${cohortView(cohort).name}”.`,
    };
  }, csvField);

export const removeSelectionFromCohortHandler = (input: unknown): RpcResult<CohortChange> =>
  answer(() => {
    const api = client().cohorts;
    const cohort = staticCohort(api, argsOf(input).cohortId);
    const { kind, ids } = selectedIds(selection());
    // Removal takes person UUIDs: emails and distinct ids are matched against the cohort's members.
    let uuids: string[] = ids.map((id) => id.toLowerCase());
    let notFound = 0;
    if (kind !== "person_id") {
      const members = api.allPersons(cohort.id, { maxPages: 100 }).items;
      const byId = new Map<string, string>();
      for (const p of members) {
        if (kind === "email" && typeof p.properties?.email === "string")
          byId.set(p.properties.email, p.uuid);
        if (kind === "distinct_id") for (const d of p.distinct_ids ?? []) byId.set(d, p.uuid);
      }
      uuids = ids.flatMap((id) => byId.get(id) ?? []);
      notFound = ids.length - uuids.length;
    }
    let removed = 0;
    for (const uuid of [...new Set(uuids)]) {
      try {
        api.removePerson(cohort.id, uuid);
        removed++;
      } catch (error) {
        if (isPostHogError(error) && error.code === "not_found") notFound++;
        else throw error;
      }
    }
    const missing = notFound ? ` ${notFound} were not in it.` : "";
    return {
      cohort: cohortView(cohort),
      kind,
      count: removed,
      notFound,
      message: `Removed ${removed} of ${ids.length} ${KIND_LABEL[kind]} from “${cohortView(cohort).name}”.${missing}`,
    };
  }, csvField);

export const duplicateCohortHandler = (input: unknown): RpcResult<CohortView> =>
  answer(() => {
    const api = client().cohorts;
    const id = int(argsOf(input).cohortId, "cohortId", "cohort");
    const cohort = api.get(id);
    if (cohort.is_static)
      throw new UserFacingError(
        "already_static",
        "This cohort is already static: pick a dynamic cohort to copy.",
        "cohortId",
      );
    return cohortView(api.duplicateAsStatic(id));
  });

export const deleteCohortHandler = (input: unknown): RpcResult<null> =>
  answer(() => {
    const args = argsOf(input);
    const api = client().cohorts;
    const cohort = api.get(int(args.cohortId, "cohortId", "cohort"));
    const name = cohort.name ?? `Cohort ${cohort.id}`;
    if (String(args.confirmName ?? "").trim() !== name)
      throw new UserFacingError(
        "confirm_mismatch",
        `Type the cohort's name, ${name}, to delete it.`,
        "confirmName",
      );
    api.softDelete(cohort.id);
    return null;
  });

// ---- The selected row's group ----

const shown = (value: unknown): string =>
  value === null || value === undefined
    ? ""
    : typeof value === "string"
      ? value
      : JSON.stringify(value);

function activityView(entry: ActivityEntry): ActivityView {
  const changes = Array.isArray(entry.detail?.changes) ? (entry.detail.changes as unknown[]) : [];
  const parts = changes.slice(0, 5).map((raw) => {
    const c = (raw ?? {}) as Record<string, unknown>;
    const field = shown(c.field) || shown(c.type);
    return c.before === undefined && c.after === undefined
      ? field
      : `${field}: ${shown(c.before) || "(none)"} → ${shown(c.after) || "(none)"}`;
  });
  return {
    when: shown(entry.created_at),
    who: shown(entry.user?.email) || shown(entry.user?.first_name) || "PostHog",
    what: [shown(entry.activity), ...parts].filter(Boolean).join("; "),
  };
}

function relatedView(actor: RelatedActor, types: GroupType[]): RelatedView {
  const props = (actor.properties ?? {}) as Record<string, unknown>;
  if (actor.type === "group") {
    const type = types.find((t) => t.group_type_index === actor.group_type_index);
    const name = shown(props.name);
    return {
      kind: "group",
      type: type ? groupTypeView(type).singular : `type ${actor.group_type_index}`,
      id: shown(actor.group_key),
      label:
        name && name !== actor.group_key ? `${name} (${actor.group_key})` : shown(actor.group_key),
    };
  }
  const label = shown(props.email) || shown(props.name) || shown(actor.id);
  return { kind: "person", type: "person", id: shown(actor.uuid ?? actor.id), label };
}

export const selectedGroupHandler = (): RpcResult<SelectedGroupView> =>
  answer(() => {
    const sel = activeSelection();
    const meta = sel ? readMeta(sel.meta(META_KEY)) : null;
    if (!sel || !meta || meta.request.entity !== "groups")
      throw new UserFacingError(
        "not_groups_sheet",
        "Select a row in a sheet pulled as Groups (Pull data → Groups), then try again.",
      );
    const keyColumn = sel.headers.findIndex(
      (h) => String(h) === (meta.fixedHeaders[0] ?? KEY_HEADER),
    );
    if (keyColumn < 0)
      throw new UserFacingError(
        "no_key_column",
        `The sheet ${sel.sheetName} has no ${KEY_HEADER} column any more.`,
      );
    if (sel.row < 2)
      throw new UserFacingError("header_row", "Select a group's row, below the header row.");
    const groupKey = String(sel.readRow(sel.row)[keyColumn] ?? "").trim();
    if (!groupKey)
      throw new UserFacingError("no_key", `Row ${sel.row} of ${sel.sheetName} has no group key.`);
    const groupTypeIndex = meta.request.groupTypeIndex;
    const api = client();
    const types = api.groupTypes.list();
    const type = types.find((t) => t.group_type_index === groupTypeIndex);
    const activity = api.groups.activity({ groupTypeIndex, groupKey, limit: 20 }).results;
    const related = api.groups.related({ id: groupKey, groupTypeIndex });
    return {
      groupTypeIndex,
      typeName: type ? groupTypeView(type).singular : `type ${groupTypeIndex}`,
      groupKey,
      sheetName: sel.sheetName,
      row: sel.row,
      activity: activity.map(activityView),
      related: related.slice(0, 50).map((a) => relatedView(a, types)),
    };
  });

// The selected row of a Groups sheet: the group's recent activity and the people and groups related to it.
import type { PostHogClient } from "../../api";
import type { ActivityEntry, GroupType, RelatedActor } from "../../api/types";
import { UserFacingError } from "../../shared/failures";
import type { ActivityView, RelatedView, SelectedGroupView } from "../../shared/manage-rpc";
import { KEY_HEADER } from "../../sheets/columns";
import type { ActiveSelection } from "../../sheets/selection";
import { readMeta } from "../../sheets/sheet-meta";
import type { Workbook } from "../../sheets/workbook";
import { groupTypeView } from "./views";

export interface GroupDeps {
  client: PostHogClient;
  workbook: Workbook;
  selection: () => ActiveSelection | null;
  /** A time as "2026-11-22 10:00 CET" in the given time zone (Utilities.formatDate on Apps Script). */
  formatTime: (date: Date, timeZone: string) => string;
}

const shown = (value: unknown): string =>
  value === null || value === undefined
    ? ""
    : typeof value === "string"
      ? value
      : JSON.stringify(value);

/** Old → new of one change; PostHog's group entries keep the property in `detail.name` and null for "none". */
function changeText(c: Record<string, unknown>): string {
  const before = c.before === null || c.before === undefined ? "" : shown(c.before);
  const after = c.after === null || c.after === undefined ? "" : shown(c.after);
  if (c.action === "deleted") return before ? `removed (was ${before})` : "removed";
  if (!before && !after) return "";
  return before ? `${before} → ${after || "(empty)"}` : `set to ${after}`;
}

/** `iso` in the spreadsheet's time zone, as "2026-11-22 10:00 CET" (the raw text when it is not a time). */
function localTime(iso: string, timeZone: string, format: GroupDeps["formatTime"]): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : format(date, timeZone);
}

function activityView(
  entry: ActivityEntry,
  timeZone: string,
  format: GroupDeps["formatTime"],
): ActivityView {
  const changes = Array.isArray(entry.detail?.changes) ? (entry.detail.changes as unknown[]) : [];
  const first = (changes[0] ?? {}) as Record<string, unknown>;
  return {
    when: localTime(shown(entry.created_at), timeZone, format),
    who: shown(entry.user?.email) || shown(entry.user?.first_name) || "PostHog",
    property: shown(entry.detail?.name) || shown(first.field) || shown(entry.activity),
    change: changeText(first),
  };
}

function relatedView(actor: RelatedActor, types: GroupType[]): RelatedView {
  const props = (actor.properties ?? {}) as Record<string, unknown>;
  if (actor.type === "group") {
    const type = types.find((t) => t.group_type_index === actor.group_type_index);
    const name = shown(props.name);
    return {
      kind: "group",
      type: type ? groupTypeView(type).name_singular : `type ${actor.group_type_index}`,
      id: shown(actor.group_key),
      label:
        name && name !== actor.group_key ? `${name} (${actor.group_key})` : shown(actor.group_key),
    };
  }
  const label = shown(props.email) || shown(props.name) || shown(actor.id);
  return { kind: "person", type: "person", id: shown(actor.uuid ?? actor.id), label };
}

/** The group on the selected row of a pulled groups sheet: its type, key, sheet and row (refused in plain words). */
export function selectedGroupRow(deps: Pick<GroupDeps, "workbook" | "selection">): {
  groupTypeIndex: number;
  groupKey: string;
  sheetName: string;
  sheetId: number;
  row: number;
} {
  const sel = deps.selection();
  const workbook = deps.workbook;
  const active = workbook.active();
  const meta = sel && active ? readMeta(workbook, active) : null;
  if (!sel || !active || !meta || meta.request.entity !== "groups")
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
  return { groupTypeIndex, groupKey, sheetName: sel.sheetName, sheetId: active.id, row: sel.row };
}

/** The group on the selected row of a Groups sheet, with its last 20 changes and up to 50 related actors. */
export function selectedGroup(deps: GroupDeps): SelectedGroupView {
  const { groupTypeIndex, groupKey, sheetName, row } = selectedGroupRow(deps);
  const workbook = deps.workbook;
  const api = deps.client;
  const types = api.groupTypes.list();
  const type = types.find((t) => t.group_type_index === groupTypeIndex);
  const activity = api.groups.activity({ groupTypeIndex, groupKey, limit: 20 }).results;
  const related = api.groups.related({ id: groupKey, groupTypeIndex });
  const timeZone = workbook.timeZone();
  return {
    groupTypeIndex,
    typeName: type ? groupTypeView(type).name_singular : `type ${groupTypeIndex}`,
    groupKey,
    sheetName,
    row,
    activity: activity.map((entry) => activityView(entry, timeZone, deps.formatTime)),
    related: related.slice(0, 50).map((a) => relatedView(a, types)),
  };
}

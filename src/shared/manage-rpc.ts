// The sidebar's "Manage" calls (usage metrics, group types, cohorts, the selected group): declared apart, merged into ServerArgs.
import type { CohortView } from "./rpc";

/** A group usage metric as the sidebar shows and edits it; `filters` is JSON text. */
export interface MetricView {
  id: string;
  /** The group type PostHog keeps it under: where it is edited and deleted (it applies to every type). */
  groupTypeIndex: number;
  name: string;
  format: "numeric" | "currency";
  interval: number;
  display: "number" | "sparkline";
  math: "count" | "sum";
  mathProperty: string;
  filters: string;
}

/**
 * What the metric form sends: a new metric without `id` (kept under type 0, as PostHog's settings page keeps them),
 * an edit with its `id` and the `groupTypeIndex` it is kept under. Field errors use PostHog's names.
 */
export interface MetricSave {
  groupTypeIndex?: number;
  id?: string;
  name: string;
  format: string;
  interval: number | string;
  display: string;
  math: string;
  mathProperty: string;
  /** JSON text of an object (the guided form builds it, or the person types it). */
  filters: string;
}

/** What kind of ids the selected cells hold. */
export type IdKind = "person_id" | "email" | "distinct_id";

/** The selected cells as cohort members: how many ids, of which kind, where. */
export interface SelectionView {
  sheetName: string;
  range: string;
  kind: IdKind | null;
  count: number;
  /** The first few ids, as text. */
  sample: string[];
}

export interface CohortChange {
  cohort: CohortView;
  kind: IdKind;
  /** Ids sent (for CSV uploads PostHog matches them to persons in the background). */
  count: number;
  /** Ids that matched no member (removals only). */
  notFound: number;
  /** Person UUIDs PostHog does not know in this project (removals only). */
  unknown?: number;
  /** Selected values PostHog matched to a person (create and add). */
  matched?: number;
  /** Distinct people those values are, the ones sent (create and add). */
  people?: number;
  /** The first few values that matched nobody (create and add). */
  unmatched?: string[];
  /** Members the cohort really has after the call, as PostHog lists them (create and add). */
  size?: number;
  message: string;
}

/** Only some selected values matched people: nothing was sent; call again with `confirm: people` to go on. */
export interface CohortConfirm {
  needsConfirm: true;
  kind: IdKind;
  /** Values in the selection. */
  count: number;
  matched: number;
  people: number;
  unmatched: string[];
  message: string;
}

/** One activity entry as a person reads it: when (in the spreadsheet's time zone), who, which property, old → new. */
export interface ActivityView {
  when: string;
  who: string;
  /** The property changed, or PostHog's activity name when the entry is not about one property. */
  property: string;
  /** "old → new", "set to new", "removed (was old)", or "" when PostHog recorded no values. */
  change: string;
}

export interface RelatedView {
  kind: "person" | "group";
  /** "person", or the group type's singular name. */
  type: string;
  id: string;
  label: string;
}

export interface SelectedGroupView {
  groupTypeIndex: number;
  typeName: string;
  groupKey: string;
  sheetName: string;
  row: number;
  activity: ActivityView[];
  related: RelatedView[];
}

/** What each "Manage" call sends; merged into ServerArgs (src/shared/server-functions.ts). */
export interface ManageArgs {
  /** The project's usage metrics, under every group type (each applies to all of them). */
  listMetrics: [];
  /** Creates (no id) or updates a metric after checking its fields; errors name the field. */
  saveMetric: [input: MetricSave];
  deleteMetric: [input: { groupTypeIndex: number; id: string }];
  /** Deletes a group type once `confirmName` equals its name. */
  deleteGroupType: [input: { groupTypeIndex: number; confirmName: string }];
  /** The selected cells read as cohort members (nothing is sent). */
  describeSelection: [];
  /**
   * A static cohort of the people PostHog matches to the selected cells; refused when none match, and when only
   * some do it answers a CohortConfirm until called with `confirm` equal to the number of matched people.
   */
  createStaticCohort: [input: { name: string; confirm?: number }];
  /** Adds the people matched to the selected cells to a static cohort (same checks as creating). */
  addSelectionToCohort: [input: { cohortId: number; confirm?: number }];
  /** Removes the selected persons from a static cohort. */
  removeSelectionFromCohort: [input: { cohortId: number }];
  /** "<name> (static copy)" of a dynamic cohort. */
  duplicateCohort: [input: { cohortId: number }];
  /** Soft-deletes a cohort once `confirmName` equals its name. */
  deleteCohort: [input: { cohortId: number; confirmName: string }];
  /** The group in the selected row of a pulled groups sheet, with its activity and related actors. */
  selectedGroup: [];
}

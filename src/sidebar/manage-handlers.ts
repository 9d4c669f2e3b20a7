// Sidebar calls of the Manage panel: each one line over features/manage (cohorts, group, group types, metrics).
import {
  addSelectionToCohort,
  COHORT_FIELDS,
  createStaticCohort,
  deleteCohort,
  describeSelection,
  duplicateCohort,
  removeSelectionFromCohort,
} from "../features/manage/cohorts";
import { selectedGroup } from "../features/manage/group";
import { deleteGroupType } from "../features/manage/group-types";
import { deleteMetric, listMetrics, METRIC_FIELDS, saveMetric } from "../features/manage/metrics";
import { cohortDeps, groupDeps, projectReader } from "../platform/root.gas";
import type {
  CohortChange,
  CohortConfirm,
  MetricView,
  SelectedGroupView,
  SelectionView,
} from "../shared/manage-rpc";
import { respond } from "../shared/respond";
import type { CohortView, GroupTypeView, RpcResult } from "../shared/rpc";

export const describeSelectionHandler = (): RpcResult<SelectionView> =>
  respond(() => describeSelection(cohortDeps()));

export const createStaticCohortHandler = (
  input: unknown,
): RpcResult<CohortChange | CohortConfirm> =>
  respond(() => createStaticCohort(cohortDeps(), input), COHORT_FIELDS);

export const addSelectionToCohortHandler = (
  input: unknown,
): RpcResult<CohortChange | CohortConfirm> =>
  respond(() => addSelectionToCohort(cohortDeps(), input), COHORT_FIELDS);

export const removeSelectionFromCohortHandler = (input: unknown): RpcResult<CohortChange> =>
  respond(() => removeSelectionFromCohort(cohortDeps(), input), COHORT_FIELDS);

export const duplicateCohortHandler = (input: unknown): RpcResult<CohortView> =>
  respond(() => duplicateCohort(cohortDeps(), input));

export const deleteCohortHandler = (input: unknown): RpcResult<null> =>
  respond(() => deleteCohort(cohortDeps(), input));

export const selectedGroupHandler = (): RpcResult<SelectedGroupView> =>
  respond(() => selectedGroup(groupDeps()));

export const deleteGroupTypeHandler = (input: unknown): RpcResult<GroupTypeView[]> =>
  respond(() => deleteGroupType(projectReader(), input));

export const listMetricsHandler = (): RpcResult<MetricView[]> =>
  respond(() => listMetrics(projectReader()));

export const saveMetricHandler = (input: unknown): RpcResult<MetricView> =>
  respond(() => saveMetric(projectReader(), input), METRIC_FIELDS);

export const deleteMetricHandler = (input: unknown): RpcResult<null> =>
  respond(() => deleteMetric(projectReader(), input));

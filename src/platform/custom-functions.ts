// The custom functions: each cell runs its use case in the environment the composition root builds.
import { groupTable, groupValues } from "../features/formulas/group-functions";
import {
  cohortMemberTable,
  cohortTable,
  groupTypeTable,
  metricTable,
  propertyValueTable,
} from "../features/formulas/list-functions";
import { metricValues } from "../features/formulas/metric-functions";
import { runFormula } from "../features/formulas/run";
import type { FormulaResult } from "../features/formulas/values";
import { formulaEnv } from "./root.gas";

export const groupFormula = (
  groupType: unknown,
  groupKey: unknown,
  property: unknown,
  refresh: unknown,
): FormulaResult =>
  runFormula(formulaEnv, refresh, (ctx) => groupValues(ctx, groupType, groupKey, property));

export const metricFormula = (
  groupType: unknown,
  keys: unknown,
  metric: unknown,
  field: unknown,
  refresh: unknown,
): FormulaResult =>
  runFormula(formulaEnv, refresh, (ctx) => metricValues(ctx, groupType, keys, metric, field));

export const groupsFormula = (
  groupType: unknown,
  search: unknown,
  properties: unknown,
  refresh: unknown,
): FormulaResult =>
  runFormula(formulaEnv, refresh, (ctx) => groupTable(ctx, groupType, search, properties));

export const groupTypesFormula = (refresh: unknown): FormulaResult =>
  runFormula(formulaEnv, refresh, groupTypeTable);

export const cohortsFormula = (refresh: unknown): FormulaResult =>
  runFormula(formulaEnv, refresh, cohortTable);

export const cohortMembersFormula = (cohort: unknown, refresh: unknown): FormulaResult =>
  runFormula(formulaEnv, refresh, (ctx) => cohortMemberTable(ctx, cohort));

export const metricsFormula = (groupType: unknown, refresh: unknown): FormulaResult =>
  runFormula(formulaEnv, refresh, (ctx) => metricTable(ctx, groupType));

export const propertyValuesFormula = (
  groupType: unknown,
  property: unknown,
  refresh: unknown,
): FormulaResult =>
  runFormula(formulaEnv, refresh, (ctx) => propertyValueTable(ctx, groupType, property));

// The composition root of the custom functions: builds each cell's environment from Apps Script and runs the use case.

import type { FormulaEnv } from "../features/formulas/context";
import { groupTable, groupValues } from "../features/formulas/group-functions";
import {
  cohortMemberTable,
  cohortTable,
  groupTypeTable,
  metricTable,
  propertyValueTable,
} from "../features/formulas/list-functions";
import { runFormula } from "../features/formulas/run";
import type { FormulaResult } from "../features/formulas/values";
import { documentCachePort, makeFormulaClient, snapshotStore } from "./formula-platform.gas";
import { sha256Hex } from "./posthog.gas";
import { documentLock } from "./stores.gas";

/** Read-only in a custom function: the spreadsheet's id, the owner's and the document's properties, the caches. */
function formulaEnv(): FormulaEnv {
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  const documentProperties = PropertiesService.getDocumentProperties();
  return {
    spreadsheetId: spreadsheet ? spreadsheet.getId() : "",
    user: snapshotStore(PropertiesService.getUserProperties()),
    document: documentProperties ? snapshotStore(documentProperties) : null,
    cache: documentCachePort(),
    digest: sha256Hex,
    makeClient: makeFormulaClient,
    lock: documentLock,
    clock: () => Date.now(),
    newId: () => Utilities.getUuid().slice(0, 8),
  };
}

export const groupFormula = (
  groupType: unknown,
  groupKey: unknown,
  property: unknown,
  refresh: unknown,
): FormulaResult =>
  runFormula(formulaEnv, refresh, (ctx) => groupValues(ctx, groupType, groupKey, property));

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

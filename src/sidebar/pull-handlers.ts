// Sidebar calls for pulls: each one line over features/pull, under the document lock where it writes sheets.

import { listCohorts, listGroupProperties, listGroupTypes } from "../features/pull/pickers";
import {
  continuePull,
  currentPull,
  refreshActiveSheet,
  startPull,
} from "../features/pull/pull-job";
import { parsePullRequest } from "../features/pull/pull-request";
import { documentStore, locked, projectReader, pullDeps, workbook } from "../platform/root.gas";
import { argsOf, respond } from "../shared/respond";
import type { CohortView, GroupTypeView, PullProgress, RpcResult } from "../shared/rpc";

export const startPullHandler = (input: unknown): RpcResult<PullProgress> =>
  respond(() => locked(() => startPull(pullDeps(), parsePullRequest(input))));

export const continuePullHandler = (input: unknown): RpcResult<PullProgress> =>
  respond(() => locked(() => continuePull(pullDeps(), String(argsOf(input).jobId ?? ""))));

export const currentPullHandler = (): RpcResult<PullProgress | null> =>
  respond(() => {
    const jobs = documentStore();
    return jobs ? currentPull({ jobs, workbook: workbook() }) : null;
  });

export const refreshActiveSheetHandler = (input: unknown): RpcResult<PullProgress> =>
  respond(() => locked(() => refreshActiveSheet(pullDeps(), argsOf(input).discardEdits === true)));

export const listGroupTypesHandler = (): RpcResult<GroupTypeView[]> =>
  respond(() => listGroupTypes(projectReader()));

export const listGroupPropertiesHandler = (input: unknown): RpcResult<string[]> =>
  respond(() => listGroupProperties(projectReader(), input));

export const listCohortsHandler = (): RpcResult<CohortView[]> =>
  respond(() => listCohorts(projectReader()));

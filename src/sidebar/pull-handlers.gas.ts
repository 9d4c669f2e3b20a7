// Server-side handlers for pulls: one document lock keeps two pulls from writing the same sheets at once.
import { projectClient } from "../features/connect/connect";
import {
  continuePull,
  currentPull,
  type PullDeps,
  refreshSheet,
  startPull,
} from "../features/pull/pull-job";
import { parsePullRequest } from "../features/pull/pull-request";
import { clock } from "../platform/clock.gas";
import { connectDeps } from "../platform/posthog.gas";
import { documentLock, documentStore, propertiesStore } from "../platform/stores.gas";
import { activeWorkbook } from "../platform/workbook.gas";
import { UserFacingError } from "../shared/failures";
import type { CohortView, GroupTypeView, PullProgress, RpcResult } from "../shared/rpc";
import { cohortView, groupTypeView } from "./manage-common.gas";
import { argsOf, respond } from "./rpc-handlers";

/** Apps Script stops an execution at 6 minutes; a chunk hands back well before. */
const DEFAULT_BUDGET_MS = 270_000;

/** Developer settings (script properties): a smaller chunk budget or query page, for tests and benchmarks. */
function tuning(): { budgetMs: number; queryPageSize?: number; restPagesPerFetch?: number } {
  const script = propertiesStore(PropertiesService.getScriptProperties());
  const number = (key: string) => {
    const value = Number(script.get(key));
    return Number.isFinite(value) && value > 0 ? value : undefined;
  };
  const queryPageSize = number("posthog.queryPageSize");
  const restPagesPerFetch = number("posthog.restPagesPerFetch");
  return {
    budgetMs: number("posthog.pullBudgetMs") ?? DEFAULT_BUDGET_MS,
    ...(queryPageSize ? { queryPageSize } : {}),
    ...(restPagesPerFetch ? { restPagesPerFetch } : {}),
  };
}

export function pullDeps(): PullDeps {
  const jobs = documentStore();
  if (!jobs)
    throw new UserFacingError("no_document", "Open a spreadsheet to pull PostHog data into it.");
  const { client, project } = projectClient(connectDeps());
  const { budgetMs, ...source } = tuning();
  return {
    workbook: activeWorkbook(),
    jobs,
    client,
    project,
    clock,
    newId: () => Utilities.getUuid(),
    budgetMs,
    source,
  };
}

export function locked<T>(work: () => T): T {
  const lock = documentLock();
  if (lock && !lock.tryAcquire(10_000)) {
    throw new UserFacingError(
      "busy",
      "Another pull or push is writing to this spreadsheet. Try again when it has finished.",
    );
  }
  try {
    return work();
  } finally {
    lock?.release();
  }
}

export const startPullHandler = (input: unknown): RpcResult<PullProgress> =>
  respond(() => {
    const request = parsePullRequest(input);
    return locked(() => startPull(pullDeps(), request));
  });

export const continuePullHandler = (input: unknown): RpcResult<PullProgress> =>
  respond(() => locked(() => continuePull(pullDeps(), String(argsOf(input).jobId ?? ""))));

export const currentPullHandler = (): RpcResult<PullProgress | null> =>
  respond(() => {
    const jobs = documentStore();
    return jobs ? currentPull({ jobs, workbook: activeWorkbook() }) : null;
  });

export const refreshActiveSheetHandler = (input: unknown): RpcResult<PullProgress> =>
  respond(() => {
    const discardEdits = argsOf(input).discardEdits === true;
    return locked(() => {
      const deps = pullDeps();
      return refreshSheet(deps, deps.workbook.active(), discardEdits);
    });
  });

export const listGroupTypesHandler = (): RpcResult<GroupTypeView[]> =>
  respond(() => projectClient(connectDeps()).client.groupTypes.list().map(groupTypeView));

export const listGroupPropertiesHandler = (input: unknown): RpcResult<string[]> =>
  respond(() => {
    const groupTypeIndex = Number(argsOf(input).groupTypeIndex);
    const { client } = projectClient(connectDeps());
    return client.propertyDefinitions
      .listAll({ groupTypeIndex, maxPages: 10 })
      .items.map((d) => d.name);
  });

export const listCohortsHandler = (): RpcResult<CohortView[]> =>
  respond(() =>
    projectClient(connectDeps()).client.cohorts.listAll({ maxPages: 10 }).items.map(cohortView),
  );

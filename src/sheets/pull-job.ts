// A pull as a resumable job: pages go to a hidden staging sheet chunk by chunk, then one write makes the sheet.
// The job's state lives in document properties, so a new execution (or a closed sidebar) picks it up.
import { isPostHogError, type PostHogClient, shouldFallBackToRest } from "../api";
import type { Clock } from "../api/transport";
import type { GroupType } from "../api/types";
import { UserFacingError } from "../connection/failures";
import type { DocumentProject } from "../connection/settings";
import type { KeyValueStore } from "../platform/ports";
import type { PullProgress, PullRequest } from "../shared/rpc";
import { toCell } from "./cells";
import { layoutColumns } from "./columns";
import { findEdits } from "./edits";
import type { PageSizing } from "./query-pages";
import { propertyNames } from "./records";
import { addonHeaders, META_KEY, type PulledSheetMeta, readMeta } from "./sheet-meta";
import { readSnapshot, snapshotRows } from "./snapshot";
import type { SourceOptions, SourcePage } from "./source-page";
import { sourceFor } from "./sources";
import { buildTable, mergeRefresh } from "./table";
import { freeSheetName, type SheetHandle, type Workbook } from "./workbook";

const JOB_KEY = "posthog.pullJob";

export interface PullJob {
  id: string;
  request: PullRequest;
  targetSheetId: number;
  stagingSheetId: number;
  /** Snapshot rows written to the staging sheet so far; the next page goes below them. */
  staged: number;
  /** The widest snapshot row so far, in cells. */
  width: number;
  cursor: string | null;
  /** The next query page's size, measured from the last one. */
  sizing?: PageSizing;
  /** The query API refused this pull (402: the month's query allowance is used up): it reads the REST list. */
  queryRefused?: true;
  totalRows: number | null;
  startedAt: string;
  hint?: string;
}

export interface PullDeps {
  workbook: Workbook;
  /** Document properties: the job's state. */
  jobs: KeyValueStore;
  client: PostHogClient;
  project: DocumentProject;
  clock: Clock;
  newId: () => string;
  /** Milliseconds a chunk may run before handing back (well inside Apps Script's 6 minutes). */
  budgetMs: number;
  source?: Partial<SourceOptions>;
}

/** A job nobody continued for this long was abandoned (the sidebar was closed for good). */
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

function abandon(deps: Pick<PullDeps, "jobs" | "workbook">, job: PullJob): void {
  const staging = deps.workbook.sheetById(job.stagingSheetId);
  if (staging) deps.workbook.remove(staging);
  deps.jobs.remove(JOB_KEY);
}

const QUERY_HINT = "Pulls are faster when your PostHog key has the query:read scope.";
const QUOTA_NOTE =
  "Your PostHog organisation has used up this month's free query allowance, so this pull reads through " +
  "the groups list instead. It is slower, and it completes all the same.";
const QUERY_HINT_SHOWN = "posthog.queryHintShown";

/** The query:read hint, once per document: after that it would only be noise. */
function queryHintOnce(jobs: KeyValueStore): { hint?: string } {
  if (jobs.get(QUERY_HINT_SHOWN)) return {};
  jobs.put(QUERY_HINT_SHOWN, "1");
  return { hint: QUERY_HINT };
}

function loadJob(jobs: KeyValueStore): PullJob | null {
  const text = jobs.get(JOB_KEY);
  return text ? (JSON.parse(text) as PullJob) : null;
}

function progress(
  job: PullJob,
  sheetName: string,
  status: PullProgress["status"],
  message?: string,
): PullProgress {
  return {
    jobId: job.id,
    sheetName,
    status,
    rows: job.staged,
    totalRows: status === "done" ? job.staged : job.totalRows,
    startedAt: job.startedAt,
    ...(message ? { message } : {}),
    ...(job.hint ? { hint: job.hint } : {}),
  };
}

/** The document's unfinished pull, if any. */
export function currentPull(deps: Pick<PullDeps, "jobs" | "workbook">): PullProgress | null {
  const job = loadJob(deps.jobs);
  if (!job) return null;
  return progress(job, deps.workbook.sheetById(job.targetSheetId)?.name() ?? "", "running");
}

/** Starts a pull into a new sheet, or into the add-on's sheet that already holds the same thing. */
export function startPull(
  deps: PullDeps,
  request: PullRequest,
  options: { target?: SheetHandle; discardEdits?: boolean } = {},
): PullProgress {
  const running = loadJob(deps.jobs);
  if (running && deps.clock() - Date.parse(running.startedAt) > ABANDONED_AFTER_MS) {
    abandon(deps, running);
  } else if (running) {
    const name = deps.workbook.sheetById(running.targetSheetId)?.name() ?? "a sheet";
    throw new UserFacingError(
      "pull_running",
      `A pull into "${name}" is still running. Let it finish (the sidebar continues it) before starting another.`,
    );
  }
  const types = deps.client.groupTypes.list();
  let refusal: string | null = null;
  let totalRows: number | null = null;
  if (deps.project.canQuery) {
    try {
      totalRows = countRows(deps.client, request);
    } catch (error) {
      if (!shouldFallBackToRest(error)) throw error;
      refusal = noteFor(error);
    }
  }
  const queryRefused = refusal !== null;
  const source = sourceFor(request, deps.client, types, {
    canQuery: deps.project.canQuery && !queryRefused,
    ...deps.source,
  });
  const target =
    options.target ??
    sameRequestSheet(deps, request) ??
    deps.workbook.insert(freeSheetName(deps.workbook, source.title));
  if (!options.discardEdits) refuseOverEdits(deps.workbook, target);
  const staging = deps.workbook.insert(
    freeSheetName(deps.workbook, `PostHog staging ${deps.newId()}`),
    { hidden: true },
  );
  const job: PullJob = {
    id: deps.newId(),
    request,
    targetSheetId: target.id,
    stagingSheetId: staging.id,
    staged: 0,
    width: 1,
    cursor: null,
    totalRows,
    startedAt: new Date(deps.clock()).toISOString(),
    ...(refusal ? { queryRefused: true as const, hint: refusal } : {}),
    ...(request.entity === "groups" && source.mode === "rest" && !queryRefused
      ? queryHintOnce(deps.jobs)
      : {}),
  };
  deps.jobs.put(JOB_KEY, JSON.stringify(job));
  return continuePull(deps, job.id, types);
}

/** Runs the job for up to `budgetMs`: more pages, and the final write once PostHog has no more. */
export function continuePull(
  deps: PullDeps,
  jobId: string,
  knownTypes?: GroupType[],
): PullProgress {
  const job = loadJob(deps.jobs);
  if (!job || job.id !== jobId)
    throw new UserFacingError("no_such_pull", "That pull has finished or was cancelled.");
  const target = deps.workbook.sheetById(job.targetSheetId);
  const staging = deps.workbook.sheetById(job.stagingSheetId);
  if (!target || !staging) {
    deps.jobs.remove(JOB_KEY);
    throw new UserFacingError(
      "pull_lost",
      "The sheet this pull was writing to was deleted. Start the pull again.",
    );
  }
  const types = knownTypes ?? deps.client.groupTypes.list();
  const sourceOf = () =>
    sourceFor(job.request, deps.client, types, {
      canQuery: deps.project.canQuery && !job.queryRefused,
      ...deps.source,
    });
  let source = sourceOf();
  const deadline = deps.clock() + deps.budgetMs;
  let done = false;
  // At least one page a chunk, so every call moves the job on.
  do {
    let page: SourcePage;
    try {
      page = source.fetch(job.cursor, job.sizing);
    } catch (error) {
      // Resuming would fail the same way: let the person pull again with fewer columns.
      if (error instanceof UserFacingError && error.code === "page_too_large") abandon(deps, job);
      if (source.mode !== "query" || !shouldFallBackToRest(error)) throw error;
      // A query cursor means nothing to the REST list: start over through it, over the same staging sheet.
      restartThroughRest(job, staging, noteFor(error));
      deps.jobs.put(JOB_KEY, JSON.stringify(job));
      source = sourceOf();
      continue;
    }
    if (page.sizing) job.sizing = page.sizing;
    if (page.records.length > 0) {
      const { rows, width } = snapshotRows(page.records);
      job.width = Math.max(job.width, width);
      // Written at the saved offset: a chunk cut off before saving rewrites the same rows, never doubles them.
      staging.write(job.staged + 1, rows);
      job.staged += rows.length;
    }
    job.cursor = page.next;
    done = page.next === null;
    deps.jobs.put(JOB_KEY, JSON.stringify(job));
  } while (!done && deps.clock() < deadline);
  if (!done) return progress(job, target.name(), "running");
  finish(deps, job, source, target, staging);
  deps.jobs.remove(JOB_KEY);
  return progress(job, target.name(), "done");
}

function finish(
  deps: PullDeps,
  job: PullJob,
  source: ReturnType<typeof sourceFor>,
  target: SheetHandle,
  staging: SheetHandle,
): void {
  const records = job.staged > 0 ? readSnapshot(staging.readRows(1, job.staged, job.width)) : [];
  const asked = job.request.entity === "groups" ? job.request.columns : undefined;
  const columns = layoutColumns(propertyNames(records, asked), source.defaultColumns);
  const table = buildTable(records, source.fixedHeaders, columns);
  const previous = readMeta(target.getMeta(META_KEY));
  const current = target.read();
  const cells =
    previous && current.values.length > 0
      ? mergeRefresh(current, addonHeaders(previous), table)
      : [table.header.map((h) => toCell(h).cell), ...table.rows];
  target.replaceAll(cells);
  const oldSnapshot = previous ? deps.workbook.sheetByName(previous.snapshotSheet) : null;
  if (oldSnapshot) deps.workbook.remove(oldSnapshot);
  const snapshotName = freeSheetName(deps.workbook, `PostHog snapshot ${target.id}`);
  staging.rename(snapshotName);
  const meta: PulledSheetMeta = {
    v: 1,
    host: deps.project.host,
    projectId: deps.project.projectId,
    request: job.request,
    fixedHeaders: source.fixedHeaders,
    columns,
    pulledAt: new Date(deps.clock()).toISOString(),
    rows: records.length,
    snapshotSheet: snapshotName,
  };
  target.setMeta(META_KEY, JSON.stringify(meta));
  target.activate();
}

/** An add-on sheet that already shows this same request (same project): pulling again refreshes it. */
function sameRequestSheet(deps: PullDeps, request: PullRequest): SheetHandle | null {
  const wanted = JSON.stringify(request);
  for (const sheet of deps.workbook.sheets()) {
    const meta = readMeta(sheet.getMeta(META_KEY));
    if (
      meta &&
      meta.projectId === deps.project.projectId &&
      JSON.stringify(meta.request) === wanted
    )
      return sheet;
  }
  return null;
}

/** Refreshing must not wipe out edits the person has not pushed yet. */
function refuseOverEdits(workbook: Workbook, target: SheetHandle): void {
  const meta = readMeta(target.getMeta(META_KEY));
  if (meta?.request.entity !== "groups") return;
  const snapshotSheet = workbook.sheetByName(meta.snapshotSheet);
  if (!snapshotSheet) return;
  const snapshot = readSnapshot(snapshotSheet.read().values);
  const edits = findEdits(target.read(), meta, snapshot, workbook.timeZone());
  if (edits.changedCells + edits.newRows > 0) {
    throw new UserFacingError(
      "unpushed_edits",
      `"${target.name()}" has ${edits.changedCells} changed cell(s) and ${edits.newRows} new row(s) not pushed to PostHog yet. ` +
        "Push them first, or refresh anyway to discard them.",
    );
  }
}

/** One count query when the key may query; otherwise the total is learnt at the end. */
function countRows(client: PostHogClient, request: PullRequest): number | null {
  if (request.entity !== "groups" || request.search) return null;
  return client.query.countGroups({ groupTypeIndex: request.groupTypeIndex });
}

/** After a 402: the pull reads the REST list from the start, with one note saying why. */
function restartThroughRest(job: PullJob, staging: SheetHandle, note: string): void {
  if (job.staged > 0) staging.replaceAll([]);
  job.queryRefused = true;
  job.staged = 0;
  job.width = 1;
  job.cursor = null;
  delete job.sizing;
  job.totalRows = null;
  job.hint = note;
}

/** Why the query API is closed: the month's allowance (402) or the key's missing query:read. */
function noteFor(error: unknown): string {
  return isPostHogError(error) && error.code === "quota_exceeded" ? QUOTA_NOTE : QUERY_HINT;
}

/** Re-pulls the active sheet with the settings it remembers. */
export function refreshSheet(
  deps: PullDeps,
  sheet: SheetHandle | null,
  discardEdits = false,
): PullProgress {
  const meta = sheet ? readMeta(sheet.getMeta(META_KEY)) : null;
  if (!sheet || !meta) {
    throw new UserFacingError(
      "not_a_pulled_sheet",
      "This sheet was not pulled from PostHog. Open a sheet the add-on made, or pull a new one.",
    );
  }
  if (meta.projectId !== deps.project.projectId) {
    throw new UserFacingError(
      "other_project",
      `This sheet was pulled from PostHog project ${meta.projectId}; the spreadsheet is now connected to ${deps.project.projectId}.`,
    );
  }
  return startPull(deps, meta.request, { target: sheet, discardEdits });
}

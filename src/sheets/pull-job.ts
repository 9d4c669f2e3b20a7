// A pull as a resumable job: pages go to a hidden staging sheet chunk by chunk, then one write makes the sheet.
// The job's state lives in document properties, so a new execution (or a closed sidebar) picks it up.
import type { PostHogClient } from "../api";
import type { Clock } from "../api/transport";
import type { GroupType } from "../api/types";
import { UserFacingError } from "../connection/failures";
import type { DocumentProject } from "../connection/settings";
import type { KeyValueStore } from "../platform/ports";
import type { PullProgress, PullRequest } from "../shared/rpc";
import { countOf } from "../shared/wording";
import { toCell } from "./cells";
import { layoutColumns } from "./columns";
import { findEdits } from "./edits";
import { isLookup, nothingMatched } from "./pull-empty";
import { propertyNames } from "./records";
import { addonHeaders, META_KEY, type PulledSheetMeta, readMeta } from "./sheet-meta";
import { readSnapshot, snapshotRows } from "./snapshot";
import type { SourceOptions } from "./source-page";
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
  totalRows: number | null;
  startedAt: string;
  hint?: string;
  /** The pull made its sheet (rather than refreshing one): a lookup that finds nothing removes it again. */
  newSheet?: boolean;
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
  const source = sourceFor(request, deps.client, types, {
    canQuery: deps.project.canQuery,
    ...deps.source,
  });
  const existing = options.target ?? sameRequestSheet(deps, request);
  const target = existing ?? deps.workbook.insert(freeSheetName(deps.workbook, source.title));
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
    totalRows: countRows(deps.client, request, source.mode),
    startedAt: new Date(deps.clock()).toISOString(),
    ...(existing ? {} : { newSheet: true }),
    ...(request.entity === "groups" && source.mode === "rest" ? queryHintOnce(deps.jobs) : {}),
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
  const source = sourceFor(job.request, deps.client, types, {
    canQuery: deps.project.canQuery,
    ...deps.source,
  });
  const deadline = deps.clock() + deps.budgetMs;
  let done = false;
  // At least one page a chunk, so every call moves the job on.
  do {
    const page = source.fetch(job.cursor);
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
  if (job.staged === 0 && job.newSheet && isLookup(job.request)) {
    deps.workbook.remove(staging);
    deps.workbook.remove(target);
    deps.jobs.remove(JOB_KEY);
    throw nothingMatched(deps.client, job.request, types);
  }
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
      `"${target.name()}" has ${countOf(edits.changedCells, "changed cell")} and ${countOf(edits.newRows, "new row")} not pushed to PostHog yet. ` +
        "Push them first, or refresh anyway to discard them.",
    );
  }
}

/** One count query when the key may query; otherwise the total is learnt at the end. */
function countRows(
  client: PostHogClient,
  request: PullRequest,
  mode: "query" | "rest",
): number | null {
  if (request.entity !== "groups" || mode !== "query" || request.search) return null;
  return client.query.countGroups({ groupTypeIndex: request.groupTypeIndex });
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

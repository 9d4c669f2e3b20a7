// A pull as a resumable job: pages go to a hidden staging sheet chunk by chunk, then one write makes the sheet.
// The job's state lives in document properties, so a new execution (or a closed sidebar) picks it up.
import { isPostHogError, type PostHogClient, shouldFallBackToRest } from "../../api";
import type { Clock } from "../../api/transport";
import type { GroupType } from "../../api/types";
import type { KeyValueStore } from "../../platform/ports";
import { UserFacingError } from "../../shared/failures";
import type { PullProgress, PullRequest } from "../../shared/rpc";
import { countOf } from "../../shared/wording";
import { toCell } from "../../sheets/cells";
import { layoutColumns } from "../../sheets/columns";
import { propertyNames, type TableRecord } from "../../sheets/records";
import {
  addonHeaders,
  isPulled,
  META_KEY,
  type PulledSheetMeta,
  readMeta,
  tagText,
} from "../../sheets/sheet-meta";
import { checkPullSize } from "../../sheets/size-guard";
import {
  FIRST_RECORD_ROW,
  layoutRow,
  readLayout,
  readSnapshot,
  snapshotRows,
} from "../../sheets/snapshot";
import { buildTable } from "../../sheets/table";
import { freeSheetName, type SheetHandle, type Workbook } from "../../sheets/workbook";
import type { DocumentProject } from "../connect/settings";
import {
  captureHistory,
  type HistoryCapture,
  recordRefresh,
  withMetricValues,
} from "../history/record";
import { besideDeclared, readingDeclared } from "../refresh/declared-columns";
import { findEdits } from "../refresh/edits";
import { applyRefresh, plannedSize, planRefresh } from "../refresh/refresh-plan";
import { type MetricColumns, metricColumns } from "./metric-columns";
import { isLookup, nothingMatched } from "./pull-empty";
import type { PageSizing } from "./query-pages";
import type { SourceOptions, SourcePage } from "./source-page";
import { sourceFor } from "./sources";

const JOB_KEY = "posthog.pullJob";

export interface PullJob {
  id: string;
  /**
   * Only in jobs saved by older versions: the request now waits in the staging sheet's first row, since
   * document properties take 9 KB a value and 600 chosen columns are more.
   */
  request?: PullRequest;
  targetSheetId: number;
  stagingSheetId: number;
  /** Snapshot rows written to the staging sheet so far; the next page goes below them. */
  staged: number;
  /** The widest snapshot row so far, in cells. */
  width: number;
  /** Columns of the visible sheet as far as seen (the widest page), for the size guard. */
  columns: number;
  /** Whether this job made the target sheet (a refused or failed pull removes it again). */
  newTarget: boolean;
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

/** Takes away what the job created (its staging sheet, and its target if it made it) and forgets it. */
function abandon(deps: Pick<PullDeps, "jobs" | "workbook">, job: PullJob): void {
  const staging = deps.workbook.sheetById(job.stagingSheetId);
  if (staging) deps.workbook.remove(staging);
  const target = job.newTarget ? deps.workbook.sheetById(job.targetSheetId) : null;
  if (target) deps.workbook.remove(target);
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
  const existing = options.target ?? sameRequestSheet(deps, request);
  // A column-picked refresh also reads the declared properties (declared-columns.ts): one more read, only then.
  const declared =
    existing && request.entity === "groups" && request.columns?.length
      ? readMeta(deps.workbook, existing)?.declared
      : undefined;
  let source = pullSource(deps, readingDeclared(request, declared), types, refusal !== null);
  if (existing && !options.discardEdits) refuseOverEdits(deps.workbook, existing);
  const asked = request.entity === "groups" ? (request.columns?.length ?? 0) : 0;
  const known = { rows: totalRows ?? 0, columns: source.fixedHeaders.length + asked };
  checkPullSize(
    deps.workbook,
    { ...known, snapshotRows: known.rows + 1, snapshotWidth: 1 },
    existing,
    null,
  );
  // The first page comes before any sheet is made, so a pull too big for the spreadsheet writes nothing.
  let first: SourcePage;
  try {
    first = source.fetch(null);
  } catch (error) {
    if (source.mode !== "query" || !shouldFallBackToRest(error)) throw error;
    refusal = noteFor(error);
    totalRows = null;
    source = pullSource(deps, readingDeclared(request, declared), types, true);
    first = source.fetch(null);
  }
  const queryRefused = refusal !== null;
  const columns = pageColumns(first, request, source.fixedHeaders.length);
  const { rows: firstRows, width } = snapshotRows(first.records);
  const rows = Math.max(totalRows ?? 0, first.records.length);
  checkPullSize(
    deps.workbook,
    { rows, columns, snapshotRows: rows + 1, snapshotWidth: width },
    existing,
    null,
  );
  const target = existing ?? deps.workbook.insert(freeSheetName(deps.workbook, source.title));
  const staging = deps.workbook.insert(
    freeSheetName(deps.workbook, `PostHog staging ${deps.newId()}`),
    { hidden: true },
  );
  staging.write(1, [
    layoutRow({
      request,
      fixedHeaders: source.fixedHeaders,
      columns: [],
      ...(declared?.length ? { declared } : {}),
    }),
  ]);
  const job: PullJob = {
    id: deps.newId(),
    targetSheetId: target.id,
    stagingSheetId: staging.id,
    staged: 0,
    width: 1,
    columns,
    newTarget: !existing,
    cursor: null,
    ...(first.sizing ? { sizing: first.sizing } : {}),
    totalRows,
    startedAt: new Date(deps.clock()).toISOString(),
    ...(refusal ? { queryRefused: true as const, hint: refusal } : {}),
    ...(request.entity === "groups" && source.mode === "rest" && !queryRefused
      ? queryHintOnce(deps.jobs)
      : {}),
  };
  deps.jobs.put(JOB_KEY, JSON.stringify(job));
  return continuePull(deps, job.id, types, { ...first, rows: firstRows, width });
}

/** The pull's source: the query API when the key can query and PostHog has not refused this pull (402), else REST. */
function pullSource(
  deps: PullDeps,
  request: PullRequest,
  types: GroupType[],
  queryRefused: boolean,
) {
  return sourceFor(request, deps.client, types, {
    canQuery: deps.project.canQuery && !queryRefused,
    ...deps.source,
  });
}

/** Columns a page's records make: the fixed ones and the properties (those asked for, or all of them). */
function pageColumns(page: SourcePage, request: PullRequest, fixed: number): number {
  const asked = request.entity === "groups" ? request.columns : undefined;
  return fixed + propertyNames(page.records, asked).length;
}

/** Runs the job for up to `budgetMs`: more pages, and the final write once PostHog has no more. */
export function continuePull(
  deps: PullDeps,
  jobId: string,
  knownTypes?: GroupType[],
  firstPage?: SourcePage & { rows: string[][]; width: number },
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
  const staged = readLayout(staging.readRows(1, 1, staging.lastColumn())[0]);
  const request = job.request ?? staged?.request;
  if (!request) {
    abandon(deps, job);
    throw new UserFacingError(
      "pull_lost",
      "This pull's hidden sheet was changed. Start the pull again.",
    );
  }
  const types = knownTypes ?? deps.client.groupTypes.list();
  const reading = readingDeclared(request, staged?.declared);
  let source = pullSource(deps, reading, types, job.queryRefused === true);
  const deadline = deps.clock() + deps.budgetMs;
  let done = false;
  let pending = firstPage;
  // At least one page a chunk, so every call moves the job on.
  do {
    let page: SourcePage;
    let packed: { rows: string[][]; width: number } | undefined;
    if (pending) {
      page = pending;
      packed = pending;
      pending = undefined;
    } else {
      try {
        page = source.fetch(job.cursor, job.sizing);
      } catch (error) {
        // Resuming would fail the same way: let the person pull again with fewer columns.
        if (error instanceof UserFacingError && error.code === "page_too_large") abandon(deps, job);
        if (source.mode !== "query" || !shouldFallBackToRest(error)) throw error;
        // A query cursor means nothing to the REST list: start over through it, over the same staging sheet.
        restartThroughRest(job, staging, noteFor(error));
        deps.jobs.put(JOB_KEY, JSON.stringify(job));
        source = pullSource(deps, reading, types, true);
        continue;
      }
    }
    if (page.sizing) job.sizing = page.sizing;
    if (page.records.length > 0) {
      const { rows, width } = packed ?? snapshotRows(page.records);
      job.width = Math.max(job.width, width);
      job.columns = Math.max(job.columns, pageColumns(page, request, source.fixedHeaders.length));
      guardPage(deps, job, target, staging, rows.length);
      // Written at the saved offset: a chunk cut off before saving rewrites the same rows, never doubles them.
      staging.write(job.staged + FIRST_RECORD_ROW, rows);
      job.staged += rows.length;
    }
    job.cursor = page.next;
    done = page.next === null;
    deps.jobs.put(JOB_KEY, JSON.stringify(job));
  } while (!done && deps.clock() < deadline);
  if (!done) return progress(job, target.name(), "running");
  const name = target.name();
  // Nothing matched a search or a lookup: say so, and leave no empty sheet behind (pull-empty.ts).
  if (job.staged === 0 && job.newTarget && isLookup(request)) {
    abandon(deps, job);
    throw nothingMatched(deps.client, request, types);
  }
  let recorded: ReturnType<typeof finish>;
  try {
    recorded = finish(deps, job, request, source, target, staging, types);
  } catch (error) {
    // Google refused the final write (a limit): nothing half-written stays behind.
    abandon(deps, job);
    throw error;
  }
  deps.jobs.remove(JOB_KEY);
  // Once the refresh is whole: a history that cannot be written never leaves the sheet half refreshed.
  if (recorded) recordRefresh(deps, recorded.capture, recorded.records);
  return progress(job, name, "done");
}

/** Before a page is staged: the pull, as now known, must still fit the spreadsheet; if not, it stops cleanly. */
function guardPage(
  deps: PullDeps,
  job: PullJob,
  target: SheetHandle,
  staging: SheetHandle,
  pageRows: number,
): void {
  const rows = Math.max(job.totalRows ?? 0, job.staged + pageRows);
  const size = {
    rows,
    columns: job.columns,
    snapshotRows: rows + FIRST_RECORD_ROW - 1,
    snapshotWidth: job.width,
  };
  try {
    checkPullSize(deps.workbook, size, target, staging);
  } catch (error) {
    abandon(deps, job);
    throw error;
  }
}

function finish(
  deps: PullDeps,
  job: PullJob,
  request: PullRequest,
  source: ReturnType<typeof sourceFor>,
  target: SheetHandle,
  staging: SheetHandle,
  types: readonly GroupType[],
): { capture: HistoryCapture; records: TableRecord[] } | null {
  const previous = readMeta(deps.workbook, target);
  const declared = previous?.declared;
  const records =
    job.staged > 0 ? readSnapshot(staging.readRows(FIRST_RECORD_ROW, job.staged, job.width)) : [];
  const asked = request.entity === "groups" ? request.columns : undefined;
  const columns = besideDeclared(
    layoutColumns(propertyNames(records, asked), source.defaultColumns),
    declared,
  );
  const metrics = metricColumnsOf(deps, request, types);
  const table = withMetrics(buildTable(records, source.fixedHeaders, columns), metrics);
  const previousTag = target.getMeta(META_KEY);
  const current = target.read();
  // A refresh changes the fewest cells (refresh-plan.ts); a first pull writes the whole sheet.
  const refresh =
    previous && current.values.length > 0
      ? planRefresh(current, addonHeaders(previous), table)
      : null;
  const fresh = [table.header.map((h) => toCell(h).cell), ...table.rows];
  const size = refresh
    ? plannedSize(current, refresh)
    : { rows: table.rows.length, columns: table.header.length };
  const layout = {
    request,
    fixedHeaders: source.fixedHeaders,
    columns,
    ...(declared?.length ? { declared } : {}),
    ...(metrics ? { metricHeaders: metrics.headers } : {}),
  };
  const layoutCells = layoutRow(layout);
  // The exact size, checked before the sheet is touched.
  checkPullSize(
    deps.workbook,
    {
      ...size,
      snapshotRows: job.staged + 1,
      snapshotWidth: Math.max(job.width, layoutCells.length),
    },
    target,
    staging,
  );
  staging.write(1, [layoutCells]);
  const oldSnapshot = previous ? deps.workbook.sheetByName(previous.snapshotSheet) : null;
  // The old snapshot goes once the sheet is written, and the new one takes its name.
  const snapshotName = oldSnapshot
    ? oldSnapshot.name()
    : freeSheetName(deps.workbook, `PostHog snapshot ${target.id}`);
  const meta: PulledSheetMeta = {
    host: deps.project.host,
    projectId: deps.project.projectId,
    ...layout,
    pulledAt: new Date(deps.clock()).toISOString(),
    rows: records.length,
    snapshotSheet: snapshotName,
  };
  // The tag first: if Google refuses it (the metadata limit), the sheet is still as it was.
  try {
    target.setMeta(META_KEY, tagText(meta));
  } catch (error) {
    // Google's wording for a full metadata store is not documented: anything about size or metadata is taken as it.
    if (!/metadata|limit|exceed/i.test(String(error))) throw error;
    throw new UserFacingError(
      "metadata_full",
      "This spreadsheet has no room left for the few hundred characters the add-on keeps about a pulled sheet " +
        "(Google allows 30,000 characters of developer metadata a spreadsheet, and other add-ons or scripts use " +
        "the rest). Pull into a new spreadsheet, or remove what the other add-ons stored.",
    );
  }
  try {
    if (refresh) applyRefresh(target, refresh);
    else target.replaceAll(fresh);
  } catch (error) {
    if (previousTag) target.setMeta(META_KEY, previousTag);
    throw error;
  }
  // A sheet that keeps history: the old snapshot's records, read before it goes (features/history/record.ts).
  const metricValues = metrics
    ? { headers: metrics.valueHeaders, shownBefore: current.values }
    : undefined;
  const capture = refresh ? captureHistory(oldSnapshot, target, previous, metricValues) : null;
  if (oldSnapshot) deps.workbook.remove(oldSnapshot);
  staging.rename(snapshotName);
  target.activate();
  return capture
    ? { capture, records: metrics ? withMetricValues(records, metrics.values) : records }
    : null;
}

/** A groups pull asked for usage metrics (the project's, under every type): their columns, one `now` for all rows. */
function metricColumnsOf(
  deps: PullDeps,
  request: PullRequest,
  types: readonly GroupType[],
): MetricColumns | null {
  if (request.entity !== "groups" || !request.metrics) return null;
  const indexes = types.map((t) => t.group_type_index);
  return metricColumns(
    deps.client,
    request.groupTypeIndex,
    indexes,
    deps.project.canQuery,
    deps.clock(),
  );
}

/** The table with the metric columns after the property columns. */
function withMetrics(table: ReturnType<typeof buildTable>, metrics: MetricColumns | null) {
  if (!metrics) return table;
  return {
    ...table,
    header: [...table.header, ...metrics.headers],
    rows: table.rows.map((row, i) => [...row, ...metrics.cells(table.keys[i] ?? "")]),
  };
}

/** An add-on sheet that already shows this same request (same project): pulling again refreshes it. */
function sameRequestSheet(deps: PullDeps, request: PullRequest): SheetHandle | null {
  const wanted = JSON.stringify(request);
  for (const sheet of deps.workbook.sheets()) {
    if (!isPulled(sheet)) continue;
    const meta = readMeta(deps.workbook, sheet);
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
  const meta = readMeta(workbook, target);
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
function countRows(client: PostHogClient, request: PullRequest): number | null {
  if (request.entity !== "groups" || request.search) return null;
  return client.query.countGroups({ groupTypeIndex: request.groupTypeIndex });
}

/** After a 402: the pull reads the REST list from the start, with one note saying why. */
function restartThroughRest(job: PullJob, staging: SheetHandle, note: string): void {
  if (job.staged > 0) {
    // The layout row (the pull's request) stays; only the staged records go.
    const layout = readLayout(staging.readRows(1, 1, staging.lastColumn())[0]);
    staging.replaceAll(layout ? [layoutRow(layout)] : []);
  }
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
  const meta = sheet ? readMeta(deps.workbook, sheet) : null;
  if (sheet && !meta && isPulled(sheet)) {
    throw new UserFacingError(
      "no_snapshot",
      "This sheet's hidden snapshot sheet is gone, so the add-on no longer knows what it pulled. Pull it again from the sidebar.",
    );
  }
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

/** Re-pulls the active sheet with its saved settings (the sidebar's Refresh, the page's `discardEdits`). */
export function refreshActiveSheet(deps: PullDeps, discardEdits: boolean): PullProgress {
  return refreshSheet(deps, deps.workbook.active(), discardEdits);
}

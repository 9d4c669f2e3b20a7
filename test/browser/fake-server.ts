// A stateful fake of the sidebar's server functions for the browser tests, typed by ServerFunctions: src/main.ts's real results.
import type { AccountHistoryView } from "../../src/shared/history-rpc.ts";
import type {
  CohortChange,
  CohortConfirm,
  MetricSave,
  MetricView,
  SelectedGroupView,
  SelectionView,
} from "../../src/shared/manage-rpc.ts";
import type {
  AccountsInput,
  AccountsSelectionView,
  PeopleResult,
} from "../../src/shared/people-rpc.ts";
import type {
  BlockedEditView,
  DeclaredColumns,
  PushConflictView,
  PushItemView,
  PushPreview,
  PushProgress,
} from "../../src/shared/push-rpc.ts";
import type {
  CohortView,
  ConnectionView,
  GroupTypeView,
  ProjectView,
  PullProgress,
  PullRequest,
  RpcResult,
  SetupReport,
  SheetStatus,
} from "../../src/shared/rpc.ts";
import { SERVER_FUNCTION_NAMES } from "../../src/shared/rpc-names.ts";
import { requestedScopes } from "../../src/shared/scopes.ts";
import type { ServerFunctions } from "../../src/shared/server-functions.ts";
import type { ServerHandler } from "./harness.ts";

export const GOOD_KEY = "phx_test_personal_key_abcd";

export interface FakeOptions {
  canQuery?: boolean;
  /** The key's scopes as `personal_api_keys/@current/` gave them (null: PostHog did not say). */
  scopes?: string[] | null;
  projects?: ProjectView[];
  groupTypes?: GroupTypeView[];
  cohorts?: CohortView[];
  properties?: string[];
  /** continuePull calls a pull needs before it is done (default 3). */
  steps?: number;
  rowsPerCall?: number;
  /** Whether progress carries totalRows (default true). */
  knowsTotal?: boolean;
  hint?: string;
  /** Items a startPush or continuePush call settles (default 2). */
  pushPerCall?: number;
  /** Sent items a fast push leaves pending (PostHog has not shown them yet); default 0. */
  pendingAfterFast?: number;
}

/** Formula settings as getFormulaSettings returns them. */
export interface FakeFormulaSettings {
  enabled: boolean;
  isOwner: boolean;
  ownerConfirmed: boolean;
  refreshCell: string;
}

interface PushJob {
  progress: PushProgress;
  items: PushItemView[];
  overwrite: boolean;
  sentItems: PushItemView[];
}

interface StoredPreview {
  preview: PushPreview;
  items: PushItemView[];
  /** The sheet's version when previewed: a later edit makes the push refuse. */
  version: number;
}

/** A sheet with three sets, a new group, a removal (shown only with removals) and a blocked edit. */
export const SAMPLE_EDITS: PushItemView[] = [
  { kind: "set", key: "acme", property: "plan", old: "free", new: "pro" },
  { kind: "set", key: "globex", property: "seats", old: "10", new: "12" },
  { kind: "set", key: "initech", property: "name", old: "Initech", new: "Initech Corp" },
  { kind: "create", key: "newco", property: "", old: "", new: '{"name":"NewCo"}' },
  { kind: "remove", key: "acme", property: "legacy_id", old: "42", new: "" },
];
export const SAMPLE_BLOCKED: BlockedEditView[] = [
  { key: "umbrella", property: "$group_key", row: 7, reason: "The key column cannot be edited." },
];

interface Job {
  progress: PullProgress;
  request: PullRequest | "refresh";
  continues: number;
}

const ok = <T>(value: T): RpcResult<T> => ({ ok: true, value });

export class FakeServer implements ServerFunctions {
  connection: ConnectionView | null = null;
  /** Unpushed edits in the active sheet: refreshActiveSheet refuses unless told to discard them. */
  unpushedEdits = false;
  sheetStatus: SheetStatus | null = null;
  /** What runSetupCheck answers. */
  setupReport: SetupReport = { sheetName: "PostHog setup check", passed: 9, failed: 0, lines: [] };
  key: string | null = null;
  jobs = new Map<string, Job>();
  /** Awaited before each call whose name it returns a promise for: lets a test hold a call open. */
  gate: (name: string) => Promise<void> | undefined = () => undefined;
  /** The active sheet's edits (removals are sent only when a preview includes them). */
  sheetEdits: PushItemView[] = [];
  blockedEdits: BlockedEditView[] = [];
  /** What PostHog has now where it changed since the pull, by `key\u0000property`: those items conflict. */
  posthogChanged = new Map<string, string>();
  /** Reasons PostHog refuses items with, by `key\u0000property`. */
  refusals = new Map<string, string>();
  /** Bumped by every edit of the sheet: a preview of an older version can't be pushed. */
  sheetVersion = 1;
  previews = new Map<string, StoredPreview>();
  pushJobs = new Map<string, PushJob>();
  /** What the last finished push sent (previewUndo puts it back). */
  lastPush: PushItemView[] | null = null;
  formulas: FakeFormulaSettings = {
    enabled: false,
    isOwner: true,
    ownerConfirmed: true,
    refreshCell: "PostHogRefresh!A1",
  };
  private nextJob = 1;
  private nextPreview = 1;
  readonly options: Required<FakeOptions>;

  constructor(options: FakeOptions = {}) {
    this.options = {
      canQuery: true,
      scopes: requestedScopes(),
      projects: [
        { id: 1, name: "Production" },
        { id: 2, name: "Staging" },
      ],
      groupTypes: [
        {
          group_type_index: 0,
          group_type: "company",
          name_singular: "company",
          name_plural: "companies",
        },
        { group_type_index: 1, group_type: "team", name_singular: "team", name_plural: "teams" },
      ],
      cohorts: [{ id: 7, name: "Power users", isStatic: false, count: 1234 }],
      properties: ["name", "plan", "seats"],
      steps: 3,
      rowsPerCall: 1000,
      knowsTotal: true,
      hint: "Add query:read to your key for faster pulls.",
      pendingAfterFast: 0,
      pushPerCall: 2,
      ...options,
    };
  }

  /** Starts already connected to project `projectId`, as if the key had been saved earlier. */
  connected(projectId: number | null = 1): this {
    const project = this.options.projects.find((p) => p.id === projectId) ?? null;
    this.key = GOOD_KEY;
    this.connection = {
      host: "https://us.posthog.com",
      keyHint: `••••${GOOD_KEY.slice(-4)}`,
      projectId: project?.id ?? null,
      projectName: project?.name ?? null,
      canQuery: this.options.canQuery,
      scopes: this.options.scopes,
    };
    return this;
  }

  /** A job left running by an earlier sidebar (resumed through currentPull). */
  running(rows = 1000): this {
    const job = this.newJob({ entity: "groups", groupTypeIndex: 0 });
    job.progress.rows = rows;
    return this;
  }

  handler(): ServerHandler {
    return async (name, args) => {
      await this.gate(name);
      const fn = (this as unknown as Record<string, unknown>)[name];
      if (!(name in FAKE_NAMES) || typeof fn !== "function") {
        throw new Error(`Script function not found: ${name}`);
      }
      return (fn as (...a: unknown[]) => unknown).apply(this, args);
    };
  }

  getAddonInfo() {
    return ok({ name: "PostHog for Sheets", version: "9.8.7" });
  }
  getConnection() {
    return ok(this.connection);
  }
  connect(input: { host: string; apiKey: string }) {
    if (input.apiKey !== GOOD_KEY) {
      return {
        ok: false as const,
        code: "invalid_key",
        message: "PostHog refused this key. Check that you copied all of it.",
        field: "apiKey",
      };
    }
    const host =
      input.host === "us" || input.host === "eu" ? `https://${input.host}.posthog.com` : input.host;
    this.key = input.apiKey;
    this.connection = {
      host,
      keyHint: `••••${input.apiKey.slice(-4)}`,
      projectId: null,
      projectName: null,
      canQuery: this.options.canQuery,
      scopes: this.options.scopes,
    };
    return ok({ connection: this.connection, projects: this.options.projects });
  }
  selectProject(input: { projectId: number }) {
    const project = this.options.projects.find((p) => p.id === input.projectId);
    if (!this.connection)
      return { ok: false as const, code: "not_connected", message: "Connect first." };
    if (!project)
      return {
        ok: false as const,
        code: "no_project",
        message: "No such project.",
        field: "projectId",
      };
    this.connection = { ...this.connection, projectId: project.id, projectName: project.name };
    return ok(this.connection);
  }
  disconnect() {
    this.connection = null;
    this.key = null;
    return ok(null);
  }
  listGroupTypes() {
    return ok(this.options.groupTypes);
  }
  listGroupProperties(_input: { groupTypeIndex: number }) {
    return ok(this.options.properties);
  }
  listCohorts() {
    return ok(this.options.cohorts);
  }
  startPull(request: PullRequest) {
    // As the bundle does: a search that matches nothing makes no job and no sheet.
    if (request.entity === "groups" && request.search === "nothing here")
      return {
        ok: false as const,
        code: "nothing_matched",
        message: "Nothing matched “nothing here” among companies.",
        field: "search",
      };
    return ok({ ...this.newJob(request).progress });
  }
  continuePull(input: { jobId: string }) {
    const job = this.jobs.get(input.jobId);
    if (!job) return { ok: false as const, code: "no_job", message: "That pull is gone." };
    const { steps, rowsPerCall } = this.options;
    job.continues += 1;
    job.progress.rows += rowsPerCall;
    if (job.continues >= steps) {
      job.progress.status = "done";
      job.progress.totalRows = job.progress.rows;
    }
    const { hint: _, ...rest } = job.progress;
    return ok({ ...rest });
  }
  currentPull() {
    const running = [...this.jobs.values()].find((j) => j.progress.status === "running");
    return ok(running ? { ...running.progress } : null);
  }
  refreshActiveSheet(input?: { discardEdits?: boolean }) {
    if (this.unpushedEdits && input?.discardEdits !== true) {
      return {
        ok: false as const,
        code: "unpushed_edits",
        message: '"Groups: company" has 2 changed cells and 0 new rows not pushed to PostHog yet.',
      };
    }
    this.unpushedEdits = false;
    return ok({ ...this.newJob("refresh").progress });
  }
  getSheetStatus() {
    return ok(this.sheetStatus);
  }
  /** The active sheet's own columns and those sent as properties (declareColumn). */
  columns: DeclaredColumns = { sheetName: "Companies", columns: [], declared: [] };
  /** Empty cells of declared columns the sheet's preview counts. */
  emptyDeclared = 0;
  /** Headers declareColumn refuses, with the server's message. */
  declareRefusals = new Map<string, string>();
  declareColumn(input?: { header?: string; property?: string }) {
    const { header, property = "" } = input ?? {};
    if (header === undefined) return ok(this.columns);
    const refusal = this.declareRefusals.get(header);
    if (refusal) return { ok: false as const, code: "invalid_input", message: refusal };
    const { columns, declared } = this.columns;
    const others = declared.filter((d) => d.header !== header);
    this.columns = {
      ...this.columns,
      columns: property ? columns.filter((c) => c !== header) : [...columns, header],
      declared: property ? [...others, { header, property }] : others,
    };
    return ok(this.columns);
  }
  runSetupCheck() {
    return ok(this.setupReport);
  }
  setSchedule(input: { every: "off" | "hourly" | "daily" }) {
    if (!this.sheetStatus) {
      return { ok: false as const, code: "not_a_pulled_sheet", message: "Open a pulled sheet." };
    }
    this.sheetStatus = { ...this.sheetStatus, schedule: input.every };
    return ok(this.sheetStatus);
  }
  listProjects() {
    if (!this.connection)
      return { ok: false as const, code: "not_connected", message: "Connect first." };
    return ok(this.options.projects);
  }

  /** Gives the active sheet the sample edits. */
  withEdits(
    edits: PushItemView[] = SAMPLE_EDITS,
    blocked: BlockedEditView[] = SAMPLE_BLOCKED,
  ): this {
    this.sheetEdits = edits.map((e) => ({ ...e }));
    this.blockedEdits = blocked.map((b) => ({ ...b }));
    this.sheetVersion += 1;
    return this;
  }

  /** A push left running by an earlier sidebar (resumed through currentPush), `done` items settled. */
  runningPush(done = 2): this {
    const stored = this.storePreview("sheet", true, this.sheetEdits);
    const job = this.newPushJob(stored, false, "rest");
    this.settle(job, done);
    return this;
  }

  getFormulaSettings() {
    return ok({ ...this.formulas });
  }
  /** `=POSTHOG_…` cells in the spreadsheet: switching formulas on enters them again. */
  formulaCells = 3;

  setFormulasEnabled(input: { enabled: boolean }) {
    if (!this.formulas.isOwner) {
      return {
        ok: false as const,
        code: "not_owner",
        message:
          "Only the spreadsheet's owner can switch PostHog formulas on or off: formulas run with the owner's PostHog key, whoever edits the cell.",
      };
    }
    this.formulas = { ...this.formulas, enabled: input.enabled };
    return ok({ ...this.formulas, ...(input.enabled ? { recomputed: this.formulaCells } : {}) });
  }

  previewPush(input?: { includeRemovals?: boolean }) {
    const includeRemovals = input?.includeRemovals === true;
    const items = this.sheetEdits.filter((e) => includeRemovals || e.kind !== "remove");
    return ok(this.storePreview("sheet", includeRemovals, items).preview);
  }
  previewUndo() {
    if (!this.lastPush?.length) {
      return {
        ok: false as const,
        code: "nothing_to_undo",
        message: "No push from this sheet is in the PostHog push log.",
      };
    }
    const items = this.lastPush.map(
      (e): PushItemView => ({
        kind: e.kind === "create" ? "remove" : "set",
        key: e.key,
        property: e.property,
        old: e.new,
        new: e.old,
      }),
    );
    return ok(this.storePreview("undo", true, items).preview);
  }
  startPush(input: { previewId: string; overwriteConflicts?: boolean; mode?: "rest" | "fast" }) {
    const stored = this.previews.get(input.previewId);
    const running = [...this.pushJobs.values()].some((j) => j.progress.status === "running");
    if (running)
      return {
        ok: false as const,
        code: "push_running",
        message:
          "A push is still running in this spreadsheet. Let it finish (the sidebar continues it) before starting another.",
      };
    if (!stored)
      return {
        ok: false as const,
        code: "no_preview",
        message: "Preview the changes first: only a previewed push is sent.",
      };
    if (stored.version !== this.sheetVersion)
      return {
        ok: false as const,
        code: "changed_since_preview",
        message: "The sheet changed since the preview. Preview again, then push.",
      };
    if (stored.items.length === 0)
      return {
        ok: false as const,
        code: "nothing_to_push",
        message: "There is nothing to push: no cell differs from PostHog.",
      };
    this.previews.delete(input.previewId);
    const job = this.newPushJob(stored, input.overwriteConflicts === true, input.mode ?? "rest");
    this.settle(job, this.options.pushPerCall);
    return ok(structuredClone(job.progress));
  }
  continuePush(input: { jobId: string }) {
    const found = this.pushJobs.get(input.jobId);
    const job = found?.progress.status === "running" ? found : undefined;
    if (!job)
      return {
        ok: false as const,
        code: "no_such_push",
        message: "That push has finished or was cancelled.",
      };
    this.settle(job, this.options.pushPerCall);
    return ok(structuredClone(job.progress));
  }
  /** Fast-mode updates still pending; `landPending` makes the next check find them in PostHog. */
  pendingItems: PushItemView[] = [];
  landPending = false;
  pendingChecks = 0;
  checkPendingPushes() {
    this.pendingChecks += 1;
    const landed = this.landPending ? this.pendingItems.length : 0;
    if (this.landPending) this.pendingItems = [];
    const pending = this.pendingItems.length;
    return ok({
      pending,
      sent: landed,
      failed: 0,
      limitMinutes: 30,
      failsAt: pending > 0 ? "2026-11-22T10:30:00.000Z" : null,
    });
  }
  currentPush() {
    const running = [...this.pushJobs.values()].find((j) => j.progress.status === "running");
    return ok(running ? structuredClone(running.progress) : null);
  }

  private storePreview(
    origin: "sheet" | "undo",
    includeRemovals: boolean,
    items: PushItemView[],
  ): StoredPreview {
    const count = (kind: PushItemView["kind"]) => items.filter((i) => i.kind === kind).length;
    const blocked = origin === "sheet" ? this.blockedEdits : [];
    const preview: PushPreview = {
      previewId: `preview-${this.nextPreview++}`,
      sheetName: "Groups: company",
      origin,
      includeRemovals,
      counts: {
        sets: count("set"),
        removals: count("remove"),
        creates: count("create"),
        blocked: blocked.length,
        ...(origin === "sheet" && this.emptyDeclared ? { empty: this.emptyDeclared } : {}),
      },
      items: items.slice(0, 200).map((i) => ({ ...i })),
      blocked: blocked.slice(0, 200).map((b) => ({ ...b })),
    };
    const stored = { preview, items: items.map((i) => ({ ...i })), version: this.sheetVersion };
    this.previews.set(preview.previewId, stored);
    return stored;
  }

  private newPushJob(stored: StoredPreview, overwrite: boolean, mode: "rest" | "fast"): PushJob {
    const jobId = `push-${this.nextJob++}`;
    const progress: PushProgress = {
      jobId,
      sheetName: stored.preview.sheetName,
      status: "running",
      mode,
      phase: "sending",
      total: stored.items.length,
      done: 0,
      sent: 0,
      conflicts: 0,
      failed: 0,
      pending: 0,
      startedAt: "2026-11-22T10:00:00.000Z",
      conflictList: [],
      failures: [],
    };
    const job: PushJob = { progress, items: stored.items, overwrite, sentItems: [] };
    this.pushJobs.set(jobId, job);
    return job;
  }

  /** Settles up to `n` items; fast mode confirms in one more call once everything is sent. */
  private settle(job: PushJob, n: number): void {
    const p = job.progress;
    if (p.phase === "confirming") {
      this.finish(job);
      return;
    }
    for (const item of job.items.slice(p.done, p.done + n)) {
      const id = `${item.key}\u0000${item.property}`;
      const posthog = this.posthogChanged.get(id);
      const refusal = this.refusals.get(id);
      if (posthog !== undefined && !job.overwrite) {
        p.conflicts += 1;
        const conflict: PushConflictView = {
          key: item.key,
          property: item.property,
          pulled: item.old,
          posthog,
          yours: item.new,
        };
        p.conflictList.push(conflict);
      } else if (refusal !== undefined) {
        p.failed += 1;
        p.failures.push({ key: item.key, property: item.property, reason: refusal });
      } else {
        p.sent += 1;
        job.sentItems.push(item);
      }
      p.done += 1;
    }
    if (p.done < p.total) return;
    if (p.mode === "fast") p.phase = "confirming";
    else this.finish(job);
  }

  private finish(job: PushJob): void {
    job.progress.status = "done";
    job.progress.phase = "done";
    const waiting = job.progress.mode === "fast" ? this.options.pendingAfterFast : 0;
    if (waiting > 0) {
      this.pendingItems = job.sentItems.slice(-waiting);
      job.progress.sent -= this.pendingItems.length;
      job.progress.pending = this.pendingItems.length;
    }
    this.lastPush = job.sentItems;
    this.sheetEdits = this.sheetEdits.filter(
      (e) => !job.sentItems.some((s) => s.key === e.key && s.property === e.property),
    );
    this.sheetVersion += 1;
  }

  private newJob(request: PullRequest | "refresh"): Job {
    const jobId = `job-${this.nextJob++}`;
    const { steps, rowsPerCall, knowsTotal, hint } = this.options;
    const type = this.options.groupTypes[0]?.group_type ?? "groups";
    const progress: PullProgress = {
      jobId,
      sheetName: request === "refresh" ? "Refreshed sheet" : `Groups: ${type}`,
      status: "running",
      rows: 0,
      totalRows: knowsTotal ? steps * rowsPerCall : null,
      startedAt: "2026-11-22T10:00:00.000Z",
    };
    if (hint && !this.options.canQuery) progress.hint = hint;
    const job: Job = { progress, request, continues: 0 };
    this.jobs.set(jobId, job);
    return job;
  }

  // ---- Manage (a small in-memory stand-in; the real handlers are tested against the local PostHog) ----
  metrics: MetricView[] = [];
  selection: SelectionView = {
    sheetName: "Sheet1",
    range: "A1:A2",
    kind: "email",
    count: 2,
    sample: ["a@example.com", "b@example.com"],
  };
  listMetrics() {
    return ok(this.metrics);
  }
  saveMetric(input: MetricSave) {
    if (!input.name.trim())
      return { ok: false as const, code: "invalid_input", message: "Enter a name.", field: "name" };
    const metric: MetricView = {
      id: input.id ?? `m-${this.metrics.length + 1}`,
      groupTypeIndex: input.id ? (input.groupTypeIndex ?? 0) : 0,
      name: input.name,
      format: input.format === "currency" ? "currency" : "numeric",
      interval: Number(input.interval),
      display: input.display === "sparkline" ? "sparkline" : "number",
      math: input.math === "sum" ? "sum" : "count",
      mathProperty: input.mathProperty,
      filters: input.filters,
    };
    this.metrics = [...this.metrics.filter((m) => m.id !== metric.id), metric];
    return ok(metric);
  }
  deleteMetric(input: { groupTypeIndex: number; id: string }) {
    this.metrics = this.metrics.filter((m) => m.id !== input.id);
    return ok(null);
  }
  deleteGroupType(input: { groupTypeIndex: number; confirmName: string }) {
    const type = this.options.groupTypes.find((t) => t.group_type_index === input.groupTypeIndex);
    if (!type || type.group_type !== input.confirmName)
      return {
        ok: false as const,
        code: "confirm_mismatch",
        message: "Type the name.",
        field: "confirmName",
      };
    this.options.groupTypes = this.options.groupTypes.filter((t) => t !== type);
    return ok(this.options.groupTypes);
  }
  /** Selected values PostHog "matched nobody": create and add then ask before going on (see src/features/manage/cohorts.ts). */
  unmatched: string[] = [];
  describeSelection() {
    return ok(this.selection);
  }
  private question(confirm: number | undefined): RpcResult<CohortConfirm> | null {
    const people = this.selection.count - this.unmatched.length;
    if (this.unmatched.length === 0 || confirm === people) return null;
    const kind = this.selection.kind ?? "email";
    return ok({
      needsConfirm: true as const,
      kind,
      count: this.selection.count,
      matched: people,
      people,
      unmatched: this.unmatched,
      message: `PostHog matched ${people} of the ${this.selection.count}; ${this.unmatched.length} matched nobody (${this.unmatched.join(", ")}).`,
    });
  }
  private cohortChange(cohort: CohortView, message: string): RpcResult<CohortChange> {
    const kind = this.selection.kind ?? "email";
    return ok({ cohort, kind, count: this.selection.count, notFound: 0, message });
  }
  createStaticCohort(input: { name: string; confirm?: number }) {
    const asked = this.question(input.confirm);
    if (asked) return asked;
    const cohort: CohortView = {
      id: 100 + this.options.cohorts.length,
      name: input.name,
      isStatic: true,
      count: null,
    };
    this.options.cohorts = [cohort, ...this.options.cohorts];
    return this.cohortChange(cohort, `Created “${input.name}”.`);
  }
  private cohortById(id: number): CohortView {
    return (
      this.options.cohorts.find((c) => c.id === id) ?? {
        id,
        name: "?",
        isStatic: true,
        count: null,
      }
    );
  }
  addSelectionToCohort(input: { cohortId: number; confirm?: number }) {
    const asked = this.question(input.confirm);
    if (asked) return asked;
    return this.cohortChange(this.cohortById(input.cohortId), "Added.");
  }
  removeSelectionFromCohort(input: { cohortId: number }) {
    return this.cohortChange(this.cohortById(input.cohortId), "Removed.");
  }
  duplicateCohort(input: { cohortId: number }) {
    const source = this.cohortById(input.cohortId);
    const copy: CohortView = {
      id: 200 + this.options.cohorts.length,
      name: `${source.name} (static copy)`,
      isStatic: true,
      count: null,
    };
    this.options.cohorts = [copy, ...this.options.cohorts];
    return ok(copy);
  }
  deleteCohort(input: { cohortId: number; confirmName: string }) {
    this.options.cohorts = this.options.cohorts.filter((c) => c.id !== input.cohortId);
    return ok(null);
  }
  /** The selected account keys, as describeAccounts reads them. */
  accounts: AccountsSelectionView = {
    sheetName: "Groups: company",
    range: "A2:A4",
    count: 3,
    sample: ["acme", "globex", "acme-old"],
    groupTypeIndex: 0,
  };
  /** What the people calls were sent, in order. */
  peopleCalls: Array<{ name: string; input: unknown }> = [];
  describeAccounts() {
    return ok(this.accounts);
  }
  private peopleResult(extra: Partial<PeopleResult>, message: string): RpcResult<PeopleResult> {
    return ok({
      accounts: 3,
      people: 17,
      noPeople: ["acme-old"],
      truncated: false,
      message,
      ...extra,
    });
  }
  peopleOfAccounts(input: AccountsInput) {
    this.peopleCalls.push({ name: "peopleOfAccounts", input });
    return this.peopleResult(
      { sheetName: "People of 3 companies" },
      "Pulled 3 accounts, 17 people; no people: acme-old into “People of 3 companies”.",
    );
  }
  cohortFromAccounts(input: AccountsInput & { name?: string; cohortId?: number }) {
    this.peopleCalls.push({ name: "cohortFromAccounts", input });
    return this.peopleResult(
      { cohortId: input.cohortId ?? 300 },
      `${input.cohortId ? "Added to" : `Created “${input.name}” with`} 3 accounts, 17 people; no people: acme-old.`,
    );
  }
  accountsOfCohort(input: { cohortId: number; groupTypeIndex: number; days?: number }) {
    this.peopleCalls.push({ name: "accountsOfCohort", input });
    return this.peopleResult(
      { noPeople: [], sheetName: "Companies of Champions" },
      "Pulled 2 companies of “Champions” into “Companies of Champions” (2 members active in them).",
    );
  }
  setHistory(input: { keep: boolean; days?: number }) {
    if (!this.sheetStatus)
      return { ok: false as const, code: "not_a_pulled_sheet", message: "Open a pulled sheet." };
    if (input.keep && input.days !== undefined && (input.days < 1 || input.days > 3650))
      return {
        ok: false as const,
        code: "invalid_input",
        message: "Keep history for 1 to 3650 days (whole days).",
        field: "days",
      };
    this.sheetStatus = {
      ...this.sheetStatus,
      history: input.keep ? { days: input.days ?? 180 } : null,
    };
    return ok(this.sheetStatus);
  }
  /** How many times "History of this account" ran. */
  historySheets = 0;
  accountHistory(): RpcResult<AccountHistoryView> {
    this.historySheets++;
    return ok({
      sheetName: "History acme",
      groupKey: "acme",
      entries: 3,
      bySource: { activity: 1, push: 1, recorded: 1 },
      trends: 0,
      activityPartial: false,
    });
  }
  selectedGroup(): RpcResult<SelectedGroupView> {
    return ok({
      groupTypeIndex: 0,
      typeName: "company",
      groupKey: "acme",
      sheetName: "Groups: company",
      row: 2,
      activity: [],
      related: [],
    });
  }
}

/** The contract's names: the fake answers only these (a typo in the sidebar fails like a missing global). */
const FAKE_NAMES = SERVER_FUNCTION_NAMES;

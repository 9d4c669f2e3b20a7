// The server functions the sidebar calls through google.script.run: one declaration for both sides.
// Only JSON crosses: no Dates (times travel as ISO strings), no functions, no class instances.
import type { ManageFunctions } from "./manage-rpc";
import type { PushFunctions } from "./push-rpc";

/** What the sidebar shows in its header. */
export interface AddonInfo {
  name: string;
  version: string;
}

/** A failure that crossed google.script.run: a stable code the sidebar can branch on, and a message for people. */
export interface RpcFailure {
  ok: false;
  code: string;
  message: string;
  /** The form field the failure concerns, when there is one (e.g. "apiKey", "host"). */
  field?: string;
}

export type RpcResult<T> = { ok: true; value: T } | RpcFailure;

/** "us" and "eu" are PostHog Cloud; anything else is a self-hosted https URL. */
export type HostChoice = "us" | "eu" | string;

/** A project as the picker lists it: its own name and id (PostHog's `organization` is only an id, so it is left out). */
export interface ProjectView {
  id: number;
  name: string;
}

/** The connection as the sidebar may see it: never the key, only its last four characters. */
export interface ConnectionView {
  host: string;
  keyHint: string;
  projectId: number | null;
  projectName: string | null;
  /** False when the key lacks `query:read`: pulls use the slower REST list (the sidebar hints once). */
  canQuery: boolean;
  /**
   * The key's scopes (`personal_api_keys/@current/`), read at connect; null when PostHog did not say (an older
   * self-hosted version), then every feature is offered. See `featureAccess` in src/shared/scopes.ts.
   */
  scopes: string[] | null;
}

/** A group type under the API's own field names (`groups_types/`), as formulas and pulled sheets head them too. */
export interface GroupTypeView {
  group_type_index: number;
  group_type: string;
  name_singular: string;
  name_plural: string;
}

export interface CohortView {
  id: number;
  name: string;
  isStatic: boolean;
  count: number | null;
}

/** What to pull; each kind lands in a sheet of its own. */
export type PullRequest =
  | { entity: "groups"; groupTypeIndex: number; search?: string; columns?: string[] }
  | { entity: "group_types" }
  | { entity: "metrics"; groupTypeIndex: number }
  | { entity: "cohorts" }
  | { entity: "cohort_members"; cohortId: number }
  | { entity: "property_definitions"; groupTypeIndex: number }
  | { entity: "related"; groupTypeIndex: number; groupKey: string }
  | { entity: "activity"; groupTypeIndex: number; groupKey: string };

/** Where a pull stands. A "running" job continues with `continuePull(jobId)`. */
export interface PullProgress {
  jobId: string;
  sheetName: string;
  status: "running" | "done" | "failed";
  rows: number;
  /** Total rows when known (a count query, or the end reached). */
  totalRows: number | null;
  /** ISO time the pull started. */
  startedAt: string;
  /** For "failed": what happened and what to do. */
  message?: string;
  /** A one-time suggestion (e.g. add `query:read` to the key for faster pulls). */
  hint?: string;
}

/** The active sheet: its name, and when the add-on pulled it (null: not pulled), how many rows, its scheduled refresh. */
export interface SheetStatus {
  sheetName: string;
  pulledAt: string | null;
  rows: number;
  schedule: "off" | "hourly" | "daily";
  lastRunAt: string | null;
  lastResult: "ok" | "failed" | null;
  lastMessage: string | null;
  /** ISO time PostHog's data was last seen to match the sheet (a scheduled refresh, or a check that found no change). */
  checkedAt?: string | null;
  /** ISO time scheduled refreshes resume after a quota stopped them (`lastMessage` says why). */
  pausedUntil?: string | null;
}

/** One line of "Check setup": pass or fail, what was found, and what to do. */
export interface SetupReportLine {
  check: string;
  ok: boolean;
  detail: string;
  todo: string;
}

export interface SetupReport {
  sheetName: string;
  passed: number;
  failed: number;
  lines: SetupReportLine[];
}

/** Every server function callable from the sidebar, with its arguments and result. */
export interface ServerFunctions extends PushFunctions, ManageFunctions {
  getAddonInfo(): RpcResult<AddonInfo>;
  getConnection(): RpcResult<ConnectionView | null>;
  /** Validates the key against the host, saves it in the user's own properties, lists its projects. */
  connect(input: {
    host: HostChoice;
    apiKey: string;
  }): RpcResult<{ connection: ConnectionView; projects: ProjectView[] }>;
  selectProject(input: { projectId: number }): RpcResult<ConnectionView>;
  disconnect(): RpcResult<null>;
  listGroupTypes(): RpcResult<GroupTypeView[]>;
  /** Property names of a group type, for the column picker. */
  listGroupProperties(input: { groupTypeIndex: number }): RpcResult<string[]>;
  listCohorts(): RpcResult<CohortView[]>;
  startPull(request: PullRequest): RpcResult<PullProgress>;
  continuePull(input: { jobId: string }): RpcResult<PullProgress>;
  /** The unfinished job of this document, if any (the sidebar was closed mid-pull). */
  currentPull(): RpcResult<PullProgress | null>;
  /** Re-pulls the active sheet with its saved settings; refuses over unpushed edits. */
  refreshActiveSheet(input?: { discardEdits?: boolean }): RpcResult<PullProgress>;
  /** The active sheet's pull and schedule, or null when the add-on did not pull it. */
  getSheetStatus(): RpcResult<SheetStatus | null>;
  /** Runs "Check setup" and writes its report sheet (it never holds the key). */
  runSetupCheck(): RpcResult<SetupReport>;
  /** Switches the active sheet's scheduled refresh (hourly at most: Apps Script's limit for add-ons). */
  setSchedule(input: { every: "off" | "hourly" | "daily" }): RpcResult<SheetStatus | null>;
  /** The projects the saved key can see (for "change project", without asking for the key again). */
  listProjects(): RpcResult<ProjectView[]>;
  /**
   * Whether PostHog formulas are on for this spreadsheet, whether the caller owns it (`ownerConfirmed`: false
   * when the add-on could not read the caller's identity), and the refresh cell formulas should pass.
   */
  getFormulaSettings(): RpcResult<{
    enabled: boolean;
    isOwner: boolean;
    ownerConfirmed: boolean;
    refreshCell: string;
  }>;
  /** Switches PostHog formulas on or off for this spreadsheet; refused (code "not_owner") unless the caller owns it. */
  setFormulasEnabled(input: { enabled: boolean }): RpcResult<{
    enabled: boolean;
    isOwner: boolean;
    ownerConfirmed: boolean;
    refreshCell: string;
    /** Switched on: how many existing `=POSTHOG_…` cells were entered again so Sheets recomputes them. */
    recomputed?: number;
  }>;
}

// What crosses google.script.run between the sidebar and the server: the shapes, and what each call sends.
// Only JSON crosses: no Dates (times travel as ISO strings), no functions, no class instances. Results are typed
// from src/main.ts's exports themselves (src/shared/server-functions.ts).

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
  | {
      entity: "groups";
      groupTypeIndex: number;
      search?: string;
      columns?: string[];
      /** Add the type's usage metrics as columns (value, previous, change, trend). */
      metrics?: boolean;
    }
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
  /** The sheet keeps its account history for this many days (features/history); null or absent: it keeps none. */
  history?: { days: number } | null;
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

/**
 * What each sidebar call sends, as an argument list (the handlers take `unknown` and check it). What it answers
 * is the RpcResult its export in src/main.ts returns: see ServerFunctions in src/shared/server-functions.ts.
 */
export interface CoreArgs {
  getAddonInfo: [];
  getConnection: [];
  /** Validates the key against the host, saves it in the user's own properties, lists its projects. */
  connect: [input: { host: HostChoice; apiKey: string }];
  selectProject: [input: { projectId: number }];
  disconnect: [];
  listGroupTypes: [];
  /** Property names of a group type, for the column picker. */
  listGroupProperties: [input: { groupTypeIndex: number }];
  listCohorts: [];
  startPull: [request: PullRequest];
  continuePull: [input: { jobId: string }];
  /** The unfinished job of this document, if any (the sidebar was closed mid-pull). */
  currentPull: [];
  /** Re-pulls the active sheet with its saved settings; refuses over unpushed edits. */
  refreshActiveSheet: [input?: { discardEdits?: boolean }];
  /** The active sheet's pull and schedule, or null when the add-on did not pull it. */
  getSheetStatus: [];
  /** Runs "Check setup" and writes its report sheet (it never holds the key). */
  runSetupCheck: [];
  /** Switches the active sheet's scheduled refresh (hourly at most: Apps Script's limit for add-ons). */
  setSchedule: [input: { every: "off" | "hourly" | "daily" }];
  /** The projects the saved key can see (for "change project", without asking for the key again). */
  listProjects: [];
  /** Whether PostHog formulas are on for this spreadsheet, whether the caller owns it, and the refresh cell. */
  getFormulaSettings: [];
  /** Switches PostHog formulas on or off for this spreadsheet; refused (code "not_owner") unless the caller owns it. */
  setFormulasEnabled: [input: { enabled: boolean }];
}

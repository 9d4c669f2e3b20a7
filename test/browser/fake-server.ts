// A stateful fake of the sidebar's server functions (the ServerFunctions contract) for the browser tests.
import type {
  CohortView,
  ConnectionView,
  GroupTypeView,
  ProjectView,
  PullProgress,
  PullRequest,
  RpcResult,
  ServerFunctions,
  SheetStatus,
} from "../../src/shared/rpc.ts";
import type { ServerHandler } from "./harness.ts";

export const GOOD_KEY = "phx_test_personal_key_abcd";

export interface FakeOptions {
  canQuery?: boolean;
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
}

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
  key: string | null = null;
  jobs = new Map<string, Job>();
  /** Awaited before each call whose name it returns a promise for: lets a test hold a call open. */
  gate: (name: string) => Promise<void> | undefined = () => undefined;
  private nextJob = 1;
  readonly options: Required<FakeOptions>;

  constructor(options: FakeOptions = {}) {
    this.options = {
      canQuery: true,
      projects: [
        { id: 1, name: "Production", organization: "Acme" },
        { id: 2, name: "Staging", organization: "Acme" },
      ],
      groupTypes: [
        { index: 0, name: "company", singular: "company", plural: "companies" },
        { index: 1, name: "team", singular: "team", plural: "teams" },
      ],
      cohorts: [{ id: 7, name: "Power users", isStatic: false, count: 1234 }],
      properties: ["name", "plan", "seats"],
      steps: 3,
      rowsPerCall: 1000,
      knowsTotal: true,
      hint: "Add query:read to your key for faster pulls.",
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
        message:
          '"Groups: company" has 2 changed cell(s) and 0 new row(s) not pushed to PostHog yet.',
      };
    }
    this.unpushedEdits = false;
    return ok({ ...this.newJob("refresh").progress });
  }
  getSheetStatus() {
    return ok(this.sheetStatus);
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

  private newJob(request: PullRequest | "refresh"): Job {
    const jobId = `job-${this.nextJob++}`;
    const { steps, rowsPerCall, knowsTotal, hint } = this.options;
    const type = this.options.groupTypes[0]?.name ?? "groups";
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
}

/** The contract's names: the fake answers only these (a typo in the sidebar fails like a missing global). */
const FAKE_NAMES: Record<keyof ServerFunctions, true> = {
  getAddonInfo: true,
  getConnection: true,
  connect: true,
  selectProject: true,
  disconnect: true,
  listGroupTypes: true,
  listGroupProperties: true,
  listCohorts: true,
  startPull: true,
  continuePull: true,
  currentPull: true,
  refreshActiveSheet: true,
  getSheetStatus: true,
  setSchedule: true,
  listProjects: true,
};

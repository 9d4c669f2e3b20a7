// The composition root: every dependency set the use cases take is built here, and only here, from Apps Script.
//
// Clients (read; write, with no retries and its own limits; formulas), stores (user, document, caches), the
// workbook and selection, the document lock, clock, sleep and ids, and the time budgets (src/shared/time-budgets.ts).
// Sidebar handlers and menu items call a use case with what this module builds, and hold no logic of their own.
import { createPostHogClient, type PostHogClient, type PostHogClientOptions } from "../api";
import {
  type ClientFactory,
  type ClientInput,
  type ConnectDeps,
  projectClient,
} from "../features/connect/connect";
import type { FormulaEnv } from "../features/formulas/context";
import { bumpFormulaRefresh } from "../features/formulas/refresh";
import { FORMULA_RETRY } from "../features/formulas/run";
import { ownershipOf, type SettingsDeps } from "../features/formulas/settings";
import type { SwitchDeps } from "../features/formulas/switch";
import type { AccountHistoryDeps } from "../features/history/account";
import type { CohortDeps } from "../features/manage/cohorts";
import type { GroupDeps } from "../features/manage/group";
import type { PeopleDeps } from "../features/people/people";
import type { PullDeps } from "../features/pull/pull-job";
import type { PreviewDeps } from "../features/push/handle";
import type { PushDeps } from "../features/push/job";
import type { ScheduledRunStores } from "../features/schedule/scheduled-run";
import type { StatusDeps } from "../features/schedule/status";
import type { SetupDeps } from "../features/setup/run-check";
import { UserFacingError } from "../shared/failures";
import { budgetOf, TIME_BUDGETS, type TimeBudget } from "../shared/time-budgets";
import { activeSpreadsheet, probeHost, reportSheet } from "./check-setup.gas";
import { clock, sleep } from "./clock.gas";
import { myEmail, ownerEmail, pusherName } from "./identity.gas";
import type { KeyValueStore } from "./ports";
import { reenterPostHogFormulas } from "./reenter-formulas.gas";
import {
  cacheStore,
  documentCachePort,
  documentLock,
  documentStore,
  propertiesStore,
  snapshotStore,
  userStore,
} from "./stores.gas";
import { hasHourlyTrigger, keepHourlyTrigger } from "./triggers.gas";
import { createUrlFetchTransport, fetchesSoFar } from "./url-fetch-transport.gas";
import { activeSelection, activeWorkbook } from "./workbook.gas";

export { clock, sleep };

export const newId = (): string => Utilities.getUuid();

/** Lower-case hex SHA-256 of a text (UTF-8). */
export function sha256Hex(text: string): string {
  return Utilities.computeDigest(Utilities.DigestAlgorithm.SHA_256, text, Utilities.Charset.UTF_8)
    .map((b) => ((b + 256) % 256).toString(16).padStart(2, "0"))
    .join("");
}

// ---- Time budgets -------------------------------------------------------------------------------------------

/** Developer settings live in the script's properties (tests and benchmarks shorten a chunk there). */
const scriptSettings = (): KeyValueStore =>
  propertiesStore(PropertiesService.getScriptProperties());

/** A budget of the one table, or its developer override. */
export const budget = (name: TimeBudget): number => budgetOf(name, scriptSettings().get);

// ---- Clients ------------------------------------------------------------------------------------------------

/**
 * What every client of a key shares, whoever builds it (sidebar, push, formulas): UrlFetchApp, Utilities.sleep,
 * and one pacer per key in the person's own cache, so together they keep under PostHog's per-key limits. The
 * pacer's bucket names the key's budget without holding the key: a digest of it, cut short.
 */
function clientOptions(
  input: ClientInput,
  options: { failFast?: boolean } = {},
): PostHogClientOptions {
  return {
    ...(options.failFast ? { retry: { retryUnreachable: false } } : {}),
    connection: input,
    transport: createUrlFetchTransport(),
    sleep,
    clock,
    store: cacheStore(CacheService.getUserCache()),
    bucket: sha256Hex(input.apiKey).slice(0, 16),
    random: Math.random,
  };
}

/** The read client: the API client's own retries. */
export const makeClient: ClientFactory = (input, options) =>
  createPostHogClient(clientOptions(input, options));

/**
 * PostHog paces `/query/` apart from the rest, so the pacer counts a push's conflict-check queries on their own
 * budget; but a push promises at most 480 requests of any kind a minute. Its writes leave room for that many
 * queries a minute (the check of 50,000 keys takes 6; a REST push reads nothing else by query).
 */
export const QUERY_ROOM = 10;
const WRITE_LIMITS = {
  rest: { perMinute: 480 - QUERY_ROOM, perHour: 4800 - 10 * QUERY_ROOM },
};

/**
 * The client a push writes with: the same key, pacer and cache as every other call, but no automatic retries,
 * so a write whose reply was lost is re-read by the push before it is sent again (never sent twice unseen).
 */
const makeWriteClient: ClientFactory = (input) =>
  createPostHogClient({
    ...clientOptions(input),
    // After a failed fetchAll every write of the batch has an unknown outcome: the push re-reads those groups
    // before sending any again (the read transport would resend each one at once).
    transport: createUrlFetchTransport({ afterBatchFailure: "unknown" }),
    // One write call sleeps at most a minute for the pacer (at the hourly limit it would wait longer): a chunk
    // that starts a batch just before its budget ends still stops well inside Apps Script's 6 minutes.
    retry: { maxRetries: 0, budgetMs: TIME_BUDGETS.writeCallMs },
    limits: WRITE_LIMITS,
  });

/**
 * The client for custom functions: retries sized for Sheets' 30 s, and the same rate budget (the owner's
 * user cache, the same bucket) as the sidebar's client, so formulas and pulls share one pacer per key.
 */
const makeFormulaClient = (input: ClientInput): PostHogClient =>
  createPostHogClient({ ...clientOptions(input), retry: FORMULA_RETRY });

/** Settings stores and the client factory, for connecting and for every use case that needs the project. */
export function connectDeps(): ConnectDeps {
  return { stores: { user: userStore(), document: documentStore() }, makeClient };
}

/** The read client of this document's project (refused in plain words when there is no key or project). */
export const projectReader = (): PostHogClient => projectClient(connectDeps()).client;

// ---- Stores, lock -------------------------------------------------------------------------------------------

export { documentStore, userStore };

/** The document's properties, or a refusal saying what the person should open first. */
export function requireDocument(message: string): KeyValueStore {
  const store = documentStore();
  if (!store) throw new UserFacingError("no_document", message);
  return store;
}

/** Runs `work` holding the document lock: two pulls or pushes never write the same sheets at once. */
export function locked<T>(work: () => T): T {
  const lock = documentLock();
  if (lock && !lock.tryAcquire(TIME_BUDGETS.lockWaitMs)) {
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

// ---- Dependency sets of the use cases ---------------------------------------------------------------------

export const workbook = activeWorkbook;

/** Developer settings of a pull's source: a smaller query page or fewer REST pages per fetch. */
function sourceTuning(): { queryPageSize?: number; restPagesPerFetch?: number } {
  const script = scriptSettings();
  const number = (key: string) => {
    const value = Number(script.get(key));
    return Number.isFinite(value) && value > 0 ? value : undefined;
  };
  const queryPageSize = number("posthog.queryPageSize");
  const restPagesPerFetch = number("posthog.restPagesPerFetch");
  return {
    ...(queryPageSize ? { queryPageSize } : {}),
    ...(restPagesPerFetch ? { restPagesPerFetch } : {}),
  };
}

export function pullDeps(): PullDeps {
  const jobs = requireDocument("Open a spreadsheet to pull PostHog data into it.");
  const { client, project } = projectClient(connectDeps());
  return {
    workbook: activeWorkbook(),
    jobs,
    client,
    project,
    clock,
    newId,
    budgetMs: budget("pullChunkMs"),
    source: sourceTuning(),
  };
}

const PUSH_NEEDS_DOCUMENT = "Open a spreadsheet to push its edits.";

export function pushDeps(): PushDeps {
  const jobs = requireDocument(PUSH_NEEDS_DOCUMENT);
  const { client, project } = projectClient(connectDeps());
  const { client: writer } = projectClient({ ...connectDeps(), makeClient: makeWriteClient });
  return {
    workbook: activeWorkbook(),
    jobs,
    client,
    writer,
    project,
    clock,
    sleep,
    newId,
    budgetMs: budget("pushChunkMs"),
    // The userinfo.email scope lets the log name who pushed.
    who: pusherName(),
  };
}

/** A preview's dependencies: the push's own (clients, so a connection) are built only if something is pending. */
export function previewDeps(): PreviewDeps {
  return {
    workbook: activeWorkbook(),
    jobs: requireDocument(PUSH_NEEDS_DOCUMENT),
    newId,
    clock,
    pushDeps,
  };
}

/** Read-only in a custom function: the spreadsheet's id, the owner's and the document's properties, the caches. */
export function formulaEnv(): FormulaEnv {
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
    clock,
    newId: () => newId().slice(0, 8),
  };
}

/** A new cache generation and a new time in the active spreadsheet's refresh cell. */
export function bumpActiveFormulaRefresh(): void {
  bumpFormulaRefresh({
    document: requireDocument("Open a spreadsheet first."),
    workbook: activeWorkbook(),
    now: () => new Date(),
    newId,
  });
}

export function settingsDeps(): SettingsDeps {
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  if (!spreadsheet) throw new UserFacingError("no_document", "Open a spreadsheet first.");
  return {
    user: userStore(),
    spreadsheetId: spreadsheet.getId(),
    ownership: ownershipOf(ownerEmail(spreadsheet), myEmail()),
  };
}

export function switchDeps(): SwitchDeps {
  return {
    settings: settingsDeps(),
    bumpRefresh: bumpActiveFormulaRefresh,
    reenterFormulas: reenterPostHogFormulas,
  };
}

/** A scheduled run's stores; null outside a document (a trigger whose document is gone has nothing to do). */
export function scheduledRunStores(): ScheduledRunStores | null {
  const schedules = documentStore();
  return schedules ? { schedules, usage: userStore(), fetchesSoFar } : null;
}

export function statusDeps(): StatusDeps {
  return { workbook: activeWorkbook(), schedules: documentStore(), keepHourlyTrigger };
}

/**
 * Dependencies whose client is built on first use: a form checks its own fields and the selection first, so a
 * person without a connection hears about the form before hearing about the key.
 */
function withLazyReader<T extends object>(rest: T): T & { readonly client: PostHogClient } {
  let client: PostHogClient | undefined;
  return Object.defineProperty(rest, "client", {
    get: () => {
      client ??= projectReader();
      return client;
    },
    enumerable: true,
  }) as T & { readonly client: PostHogClient };
}

export const cohortDeps = (): CohortDeps => withLazyReader({ selection: activeSelection });

/** The selected row's deps: times shown with `pattern` in the spreadsheet's zone (Utilities.formatDate). */
const selectedRowDeps = (pattern: string) =>
  withLazyReader({
    workbook: activeWorkbook(),
    selection: activeSelection,
    formatTime: (date: Date, timeZone: string) => Utilities.formatDate(date, timeZone, pattern),
  });

/** Check setup: the person's stores and client, the host probe, the report sheet and what the platform reports. */
export function setupDeps(): SetupDeps {
  const spreadsheet = activeSpreadsheet();
  return {
    user: userStore(),
    document: documentStore(),
    clock,
    makeClient,
    probeHost,
    reportSheet: () => reportSheet(spreadsheet),
    timeZone: spreadsheet.getSpreadsheetTimeZone(),
    intl: Intl,
    ownership: ownershipOf(ownerEmail(spreadsheet), myEmail()),
    triggerInstalled: hasHourlyTrigger(),
    fetchesSoFar,
  };
}

/** Members of accounts: the selection, the workbook for the result sheet, the clock for the window. */
export const peopleDeps = (): PeopleDeps =>
  withLazyReader({ workbook: activeWorkbook(), selection: activeSelection, now: clock });
/** An account's history is read to the second: a refresh and a push can fall in one minute. */
export const historyDeps = (): AccountHistoryDeps => selectedRowDeps("yyyy-MM-dd HH:mm:ss z");

export const groupDeps = (): GroupDeps => selectedRowDeps("yyyy-MM-dd HH:mm z");

// ScriptApp: auth modes and status, installable triggers under the editor add-on rules, the script id.
// Over 300 lines: Apps Script's trigger-builder surface is wide, and each rule of add-on triggers is checked here.

import { gasError, messages } from "../errors.ts";
import { SCOPES } from "../kernel-impl.ts";
import type { ServiceEnv } from "./env.ts";
import { formatDate } from "./format-date.ts";

export type EventType = "CLOCK" | "ON_OPEN" | "ON_EDIT" | "ON_CHANGE" | "ON_FORM_SUBMIT";
export type TriggerSource = "CLOCK" | "SPREADSHEETS";

/** One installable trigger, as the runtime keeps it (across executions). */
export interface TriggerRecord {
  id: string;
  handlerFunction: string;
  eventType: EventType;
  triggerSource: TriggerSource;
  /** The spreadsheet id for SPREADSHEETS triggers, null for CLOCK. */
  triggerSourceId: string | null;
  /** The creator: triggers run as this user. */
  user: string;
  /** The document the add-on created it in (add-on triggers belong to one document). */
  documentId: string | null;
  createdAt: number;
  /** CLOCK: repeat interval in ms (absent for a one-shot `at`/`after`). */
  everyMs?: number;
  /** CLOCK: when it next fires (runtime clock); null once a one-shot fired. */
  nextRunAt: number | null;
  lastRun?: { at: number; error?: string };
}

const enumOf = (keys: string[]) => Object.freeze(Object.fromEntries(keys.map((k) => [k, k])));

/** Editor add-on limits (apps-script.md §1 Triggers; quotas page: 20 triggers / user / script). */
export const MAX_TRIGGERS_PER_USER = 20;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Values ClockTriggerBuilder.everyHours accepts (Apps Script reference). */
const VALID_HOURS = [1, 2, 4, 6, 8, 12];

export class GasTrigger {
  constructor(
    private readonly env: ServiceEnv,
    readonly record: TriggerRecord,
  ) {}
  private use(method: string): void {
    this.env.kernel.call("Trigger", method);
  }
  getUniqueId(): string {
    this.use("getUniqueId");
    return this.record.id;
  }
  getHandlerFunction(): string {
    this.use("getHandlerFunction");
    return this.record.handlerFunction;
  }
  getEventType(): string {
    this.use("getEventType");
    return this.record.eventType;
  }
  getTriggerSource(): string {
    this.use("getTriggerSource");
    return this.record.triggerSource;
  }
  getTriggerSourceId(): string | null {
    this.use("getTriggerSourceId");
    return this.record.triggerSourceId;
  }
  toString(): string {
    return "Trigger";
  }
}

interface Plan {
  eventType?: EventType;
  source?: TriggerSource;
  sourceId?: string | null;
  everyMs?: number;
  atMs?: number;
  atHour?: number;
  nearMinute?: number;
}

/** One builder for both the clock and the spreadsheet forms; each method counts under its Apps Script class. */
class TriggerBuilder {
  private readonly plan: Plan = {};
  constructor(
    private readonly env: ServiceEnv,
    private readonly handler: string,
  ) {}
  private use(klass: string, method: string): void {
    this.env.kernel.call(klass, method);
  }
  timeBased(): this {
    this.use("TriggerBuilder", "timeBased");
    this.plan.eventType = "CLOCK";
    this.plan.source = "CLOCK";
    this.plan.sourceId = null;
    return this;
  }
  forSpreadsheet(spreadsheet: unknown): this {
    this.use("TriggerBuilder", "forSpreadsheet");
    this.plan.source = "SPREADSHEETS";
    this.plan.sourceId = spreadsheetId(this.env, spreadsheet);
    return this;
  }
  everyMinutes(_n: unknown): this {
    this.use("ClockTriggerBuilder", "everyMinutes");
    // Editor add-ons: "time-driven at most hourly" (apps-script.md §1).
    throw gasError(messages.addOnClockTooFrequent());
  }
  everyHours(n: unknown): this {
    this.use("ClockTriggerBuilder", "everyHours");
    const hours = Number(n);
    if (!VALID_HOURS.includes(hours)) throw gasError(messages.invalidArgument(String(n)));
    this.plan.everyMs = hours * HOUR;
    return this;
  }
  everyDays(n: unknown): this {
    this.use("ClockTriggerBuilder", "everyDays");
    const days = Number(n);
    if (!Number.isInteger(days) || days < 1) throw gasError(messages.invalidArgument(String(n)));
    this.plan.everyMs = days * DAY;
    return this;
  }
  everyWeeks(n: unknown): this {
    this.use("ClockTriggerBuilder", "everyWeeks");
    const weeks = Number(n);
    if (!Number.isInteger(weeks) || weeks < 1) throw gasError(messages.invalidArgument(String(n)));
    this.plan.everyMs = weeks * 7 * DAY;
    return this;
  }
  atHour(hour: unknown): this {
    this.use("ClockTriggerBuilder", "atHour");
    const h = Number(hour);
    if (!Number.isInteger(h) || h < 0 || h > 23)
      throw gasError(messages.invalidArgument(String(hour)));
    this.plan.atHour = h;
    return this;
  }
  nearMinute(minute: unknown): this {
    this.use("ClockTriggerBuilder", "nearMinute");
    const m = Number(minute);
    if (!Number.isInteger(m) || m < 0 || m > 59)
      throw gasError(messages.invalidArgument(String(minute)));
    this.plan.nearMinute = m;
    return this;
  }
  onWeekDay(_day: unknown): this {
    this.use("ClockTriggerBuilder", "onWeekDay");
    this.plan.everyMs = 7 * DAY;
    return this;
  }
  inTimezone(_tz: unknown): this {
    this.use("ClockTriggerBuilder", "inTimezone");
    return this;
  }
  at(date: unknown): this {
    this.use("ClockTriggerBuilder", "at");
    this.plan.atMs = Date.prototype.getTime.call(date);
    return this;
  }
  after(ms: unknown): this {
    this.use("ClockTriggerBuilder", "after");
    this.plan.atMs = this.env.state.clock.now() + Number(ms);
    return this;
  }
  onOpen(): this {
    this.use("SpreadsheetTriggerBuilder", "onOpen");
    this.plan.eventType = "ON_OPEN";
    return this;
  }
  onEdit(): this {
    this.use("SpreadsheetTriggerBuilder", "onEdit");
    this.plan.eventType = "ON_EDIT";
    return this;
  }
  onChange(): this {
    this.use("SpreadsheetTriggerBuilder", "onChange");
    this.plan.eventType = "ON_CHANGE";
    return this;
  }
  onFormSubmit(): this {
    this.use("SpreadsheetTriggerBuilder", "onFormSubmit");
    this.plan.eventType = "ON_FORM_SUBMIT";
    return this;
  }
  create(): GasTrigger {
    const { env, plan } = this;
    const klass = plan.source === "CLOCK" ? "ClockTriggerBuilder" : "SpreadsheetTriggerBuilder";
    env.kernel.call(klass, "create", { userData: true, scope: SCOPES.scriptApp });
    const { state, execution } = env;
    if (!plan.eventType || !plan.source) {
      throw gasError(
        "The trigger has no event: call timeBased() or forSpreadsheet(...).onOpen() etc.",
      ); // approximated
    }
    if (plan.eventType === "CLOCK" && plan.everyMs === undefined && plan.atMs === undefined) {
      throw gasError("The time-based trigger has no schedule."); // approximated
    }
    const mine = state.triggers.filter((t) => t.user === execution.user);
    if (mine.length >= MAX_TRIGGERS_PER_USER) throw gasError(messages.tooManyTriggers());
    // Add-ons: one trigger of each event type per user per document (apps-script.md §1).
    if (mine.some((t) => t.documentId === execution.documentId && t.eventType === plan.eventType)) {
      const kind =
        plan.eventType === "CLOCK" ? "time-based" : plan.eventType.slice(3).toLowerCase();
      throw gasError(messages.addOnTriggerTypeTaken(kind));
    }
    const now = state.clock.now();
    const record: TriggerRecord = {
      id: String(1_000_000_000 + state.triggers.length + Math.floor(Math.random() * 1e9)),
      handlerFunction: this.handler,
      eventType: plan.eventType,
      triggerSource: plan.source,
      triggerSourceId: plan.sourceId ?? null,
      user: execution.user,
      documentId: execution.documentId,
      createdAt: now,
      nextRunAt: null,
    };
    if (plan.eventType === "CLOCK") {
      if (plan.everyMs !== undefined) {
        record.everyMs = plan.everyMs;
        record.nextRunAt =
          plan.atHour === undefined
            ? now + plan.everyMs
            : nextAtHour(now, plan.atHour, plan.nearMinute ?? 0, state.timeZone);
      } else {
        record.nextRunAt = plan.atMs ?? now;
      }
    }
    state.triggers.push(record);
    return new GasTrigger(env, record);
  }
  toString(): string {
    return "TriggerBuilder";
  }
}

/** The next time (after now) whose wall-clock hour in the zone is `hour`. */
function nextAtHour(now: number, hour: number, minute: number, zone: string): number {
  const start = Math.ceil(now / 60_000) * 60_000;
  for (let t = start; t < start + 2 * DAY; t += 60_000) {
    const [h, m] = formatDate(t, zone, "H:m").split(":").map(Number);
    if (h === hour && m === minute) return t;
  }
  return now + DAY;
}

/** A spreadsheet's id from a Spreadsheet object (uncounted) or an id string. */
function spreadsheetId(env: ServiceEnv, spreadsheet: unknown): string {
  if (typeof spreadsheet === "string") return spreadsheet;
  const getId = (spreadsheet as { getId?: () => unknown } | null)?.getId;
  if (typeof getId !== "function") throw gasError(messages.invalidArgument("spreadsheet"));
  env.kernel.muted++;
  try {
    return String(getId.call(spreadsheet));
  } finally {
    env.kernel.muted--;
  }
}

export function createScriptApp(env: ServiceEnv) {
  const { state, execution } = env;
  const use = (method: string, needs = {}) => env.kernel.call("ScriptApp", method, needs);
  const triggerNeeds = { userData: true, scope: SCOPES.scriptApp };
  return {
    AuthMode: enumOf(["NONE", "CUSTOM_FUNCTION", "LIMITED", "FULL"]),
    AuthorizationStatus: enumOf(["REQUIRED", "NOT_REQUIRED"]),
    EventType: enumOf([
      "CLOCK",
      "ON_OPEN",
      "ON_EDIT",
      "ON_FORM_SUBMIT",
      "ON_CHANGE",
      "ON_EVENT_UPDATED",
    ]),
    TriggerSource: enumOf(["SPREADSHEETS", "CLOCK", "FORMS", "DOCUMENTS", "CALENDAR"]),
    WeekDay: enumOf(["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"]),
    InstallationSource: enumOf(["APPS_MARKETPLACE_DOMAIN_ADD_ON", "NONE", "WEB_STORE_ADD_ON"]),

    getScriptId(): string {
      use("getScriptId");
      return state.scriptId;
    },
    getInstallationSource(): string {
      use("getInstallationSource");
      return "WEB_STORE_ADD_ON";
    },
    getAuthorizationInfo(_authMode: unknown) {
      use("getAuthorizationInfo");
      const authorized = state.isAuthorized(execution.user);
      return new AuthorizationInfo(env, authorized, state.scriptId);
    },
    getOAuthToken(): string {
      use("getOAuthToken", { userData: true });
      return `ya29.runtime-token-for-${execution.user}`;
    },
    newTrigger(functionName: unknown): TriggerBuilder {
      use("newTrigger", triggerNeeds);
      return new TriggerBuilder(env, String(functionName));
    },
    /** The current user's triggers for this spreadsheet (add-ons only see their own). */
    getUserTriggers(spreadsheet: unknown): GasTrigger[] {
      use("getUserTriggers", triggerNeeds);
      const id = spreadsheetId(env, spreadsheet);
      return state.triggers
        .filter(
          (t) => t.user === execution.user && (t.documentId === id || t.triggerSourceId === id),
        )
        .map((t) => new GasTrigger(env, t));
    },
    /** "All installable triggers associated with the current project and current user." */
    getProjectTriggers(): GasTrigger[] {
      use("getProjectTriggers", triggerNeeds);
      return state.triggers
        .filter((t) => t.user === execution.user)
        .map((t) => new GasTrigger(env, t));
    },
    deleteTrigger(trigger: unknown): void {
      use("deleteTrigger", triggerNeeds);
      if (!(trigger instanceof GasTrigger)) throw gasError(messages.invalidArgument("trigger"));
      const index = state.triggers.findIndex(
        (t) => t.id === trigger.record.id && t.user === execution.user,
      );
      if (index >= 0) state.triggers.splice(index, 1);
    },
  };
}

class AuthorizationInfo {
  constructor(
    private readonly env: ServiceEnv,
    private readonly authorized: boolean,
    private readonly scriptId: string,
  ) {}
  getAuthorizationStatus(): string {
    this.env.kernel.call("AuthorizationInfo", "getAuthorizationStatus");
    return this.authorized ? "NOT_REQUIRED" : "REQUIRED";
  }
  getAuthorizationUrl(): string | null {
    this.env.kernel.call("AuthorizationInfo", "getAuthorizationUrl");
    return this.authorized ? null : `https://script.google.com/macros/d/${this.scriptId}/authorize`;
  }
  toString(): string {
    return "AuthorizationInfo";
  }
}

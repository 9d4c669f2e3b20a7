// "Check setup": a short self-test in the person's real spreadsheet, each line pass or fail with what to do.
// Pure: every platform fact comes in through SetupPlatform (src/platform/check-setup.gas.ts gives the real one).

import { toFailure } from "../../shared/failures";
import type { SetupReportLine } from "../../shared/rpc";
import { featureAccess } from "../../shared/scopes";
import { countOf } from "../../shared/wording";
import type { CellValue } from "../../sheets/cells";
import { cellShows, toCell } from "../../sheets/cells";
import { SCHEDULE_DAY_BUDGET_MS, SCHEDULE_DAY_FETCHES } from "../schedule/schedule-budget";
import type { Usage } from "../schedule/usage";
import { windowEndsAt } from "../schedule/usage";

/** One line: `detail` is what was found (never the key), `todo` what to do about a failure ("" when it passed). */
export type SetupLine = SetupReportLine;

/** The answer of a plain GET to the PostHog host, without the key. */
export type HostProbe =
  | { kind: "response"; status: number }
  | { kind: "not-allowlisted" }
  | { kind: "unreachable"; reason: string };

export interface SetupPlatform {
  /** The connection without the key: the host as the person chose it, and its origin; null when not connected. */
  connection: { host: string; origin: string } | null;
  /** The key's scopes (GET /api/personal_api_keys/@current/); throws when they cannot be read. */
  readScopes(): string[];
  probeHost(origin: string): HostProbe;
  /**
   * Writes `cells` into a scratch range (formatted as Plain text when `plainText`), reads them back, and clears the
   * range and its format again.
   */
  roundTrip(cells: CellValue[][], plainText: boolean): CellValue[][];
  /** The spreadsheet's time zone (IANA name). */
  timeZone: string;
  /** The Intl object of the runtime (Apps Script's V8), to test its time-zone support. */
  intl: typeof Intl;
  ownership: "owner" | "not_owner" | "unknown" | "no_owner";
  /** This person's time-driven trigger for this spreadsheet, and the sheets scheduled in it. */
  trigger: {
    installed: boolean;
    scheduledSheets: number;
    lastRunAt: string | null;
    lastResult: "ok" | "failed" | null;
    lastMessage: string | null;
    pausedUntil: string | null;
  };
  usage: Usage;
}

/** A failure in words safe for a report support may read: never a URL, a header or the key. */
const describe = (error: unknown): string => toFailure(error).message;

/** Text that Sheets would otherwise turn into a formula, a number, a boolean or a date, and text with a quote. */
export const TEXT_SAMPLES = ["=1+1", "+1 555 0100", "00123", "TRUE", "3/4", "'quoted", "plain"];
/** A date with milliseconds, on a day some zones change their clocks. */
export const DATE_SAMPLE = "2026-03-29T01:30:45.123Z";

const line = (check: string, ok: boolean, detail: string, todo = ""): SetupLine => ({
  check,
  ok,
  detail,
  todo: ok ? "" : todo,
});

function scopesLine(p: SetupPlatform): SetupLine {
  const check = "PostHog key scopes";
  if (!p.connection)
    return line(check, false, "Not connected.", "Open the sidebar and connect a personal API key.");
  let scopes: string[];
  try {
    scopes = p.readScopes();
  } catch (error) {
    return line(
      check,
      false,
      `The key's scopes could not be read: ${describe(error)}`,
      "Check the key in PostHog (Settings → Personal API keys) and connect it again in the sidebar.",
    );
  }
  const all = scopes.includes("*");
  // The same table the connect form and the sidebar use (src/shared/scopes.ts).
  const access = featureAccess(scopes);
  const allowed = access.filter((f) => f.allowed);
  const missing = access.filter((f) => !f.allowed && !f.optional);
  const slower = access.filter((f) => !f.allowed && f.optional);
  const notAllowed = [...missing, ...slower]
    .map((f) => `${f.label} (needs ${f.missing.join(", ")})`)
    .join(", ");
  const detail = `Scopes: ${all ? "all (*)" : scopes.join(", ") || "none"}. Allows: ${
    allowed.map((f) => f.label).join(", ") || "nothing"
  }.${notAllowed ? ` Not allowed: ${notAllowed}.` : ""}`;
  return line(
    check,
    missing.length === 0,
    detail,
    "Add the missing scopes to the key in PostHog (Settings → Personal API keys), or create a key with them and connect it.",
  );
}

function hostLines(p: SetupPlatform): SetupLine[] {
  if (!p.connection) return [];
  const probe = p.probeHost(p.connection.origin);
  const host = p.connection.origin;
  const allowlisted = line(
    "Host on the add-on's allowlist",
    probe.kind !== "not-allowlisted",
    probe.kind === "not-allowlisted"
      ? `${host} is not on the add-on's URL allowlist: Apps Script refuses every request to it.`
      : `${host} is on the add-on's URL allowlist.`,
    "A self-hosted PostHog needs its own deployment of the add-on, built with the host on its allowlist (README, Deploying).",
  );
  const reachable = line(
    "Host reachable",
    probe.kind === "response" && probe.status < 500,
    probe.kind === "response"
      ? `${host} answered (HTTP ${probe.status}).`
      : probe.kind === "unreachable"
        ? `${host} did not answer: ${probe.reason}`
        : "Not tried: the host is not on the allowlist.",
    "Check the host in the sidebar's connection; a self-hosted PostHog must be reachable from Google's servers on the internet.",
  );
  return [allowlisted, reachable];
}

function textLine(p: SetupPlatform): SetupLine {
  const cells = [TEXT_SAMPLES.map((s) => toCell(s).cell)];
  const bad: string[] = [];
  for (const plainText of [false, true]) {
    try {
      const back = p.roundTrip(cells, plainText)[0] ?? [];
      TEXT_SAMPLES.forEach((sample, i) => {
        if (!cellShows(back[i], sample))
          bad.push(
            `${JSON.stringify(sample)} reads back as ${JSON.stringify(back[i] ?? "")}${plainText ? " in a Plain text cell" : ""}`,
          );
      });
    } catch (error) {
      bad.push(`the scratch range could not be used: ${describe(error)}`);
    }
  }
  return line(
    "Text round trip (plain text and apostrophes)",
    bad.length === 0,
    bad.length === 0
      ? `${countOf(TEXT_SAMPLES.length, "text")} (formulas, numbers, booleans, dates as text, a leading apostrophe) read back exactly, in Automatic and in Plain text cells.`
      : `Not exact: ${bad.join("; ")}.`,
    "Send this report to support: pulled text may not read back exactly in this spreadsheet.",
  );
}

function dateLine(p: SetupPlatform): SetupLine {
  const check = `Date round trip to the millisecond (${p.timeZone})`;
  const written = toCell(DATE_SAMPLE).cell;
  try {
    const [[back] = []] = p.roundTrip([[written]], false);
    const ok = back instanceof Date && back.getTime() === Date.parse(DATE_SAMPLE);
    return line(
      check,
      ok,
      ok
        ? `${DATE_SAMPLE} read back as the same instant.`
        : `${DATE_SAMPLE} read back as ${back instanceof Date ? back.toISOString() : JSON.stringify(back ?? "")}.`,
      "Send this report to support: dates may shift in this spreadsheet's time zone (File → Settings).",
    );
  } catch (error) {
    return line(
      check,
      false,
      `The scratch range could not be used: ${describe(error)}`,
      "Send this report to support.",
    );
  }
}

function intlLine(p: SetupPlatform): SetupLine {
  let zone = "";
  let tokyoHour = "";
  try {
    zone = new p.intl.DateTimeFormat("en-US", { timeZone: p.timeZone }).resolvedOptions().timeZone;
    // A runtime without time-zone data accepts the option and ignores it: midnight UTC must be 09 in Tokyo.
    tokyoHour = new p.intl.DateTimeFormat("en-US", {
      timeZone: "Asia/Tokyo",
      hour: "2-digit",
      hourCycle: "h23",
    }).format(Date.UTC(2026, 0, 1));
  } catch {
    zone = "";
  }
  const ok = zone !== "" && tokyoHour === "09";
  return line(
    "Intl time-zone support",
    ok,
    ok
      ? `Intl knows the spreadsheet's time zone ${p.timeZone}${zone !== p.timeZone ? ` (as ${zone})` : ""} and converts between zones.`
      : `Intl does not handle time zones here (the spreadsheet's is ${p.timeZone}).`,
    "Send this report to support: dates are formatted without the spreadsheet's time zone here.",
  );
}

function ownerLine(p: SetupPlatform): SetupLine {
  const ok = p.ownership === "owner";
  const detail = {
    owner: "You own this spreadsheet: you can switch PostHog formulas on.",
    not_owner:
      "You do not own this spreadsheet: PostHog formulas run with the owner's key, only the owner can switch them on.",
    unknown:
      "The add-on could not confirm who you are (the userinfo.email permission was not granted).",
    no_owner: "This spreadsheet has no owner the add-on can see (a shared drive).",
  }[p.ownership];
  return line(
    "Spreadsheet owner (for formulas)",
    ok,
    detail,
    "Ask the spreadsheet's owner to switch PostHog formulas on, or work in a copy you own.",
  );
}

function triggerLine(p: SetupPlatform, now: number): SetupLine {
  const t = p.trigger;
  const check = "Scheduled refresh trigger";
  if (t.scheduledSheets === 0) {
    return line(
      check,
      !t.installed,
      t.installed
        ? "A trigger exists but no sheet is scheduled."
        : "No sheet is scheduled; no trigger is needed.",
      "Switch any sheet's schedule on and off in the sidebar to remove the stray trigger.",
    );
  }
  if (!t.installed) {
    return line(
      check,
      false,
      `${countOf(t.scheduledSheets, "sheet is", "sheets are")} scheduled but the trigger is missing.`,
      "In the sidebar's This sheet panel, switch the schedule off and on again. In a test deployment triggers never run (README).",
    );
  }
  const last = t.lastRunAt ? `Last run ${t.lastRunAt}: ${t.lastResult ?? "?"}.` : "Not run yet.";
  if (t.pausedUntil && Date.parse(t.pausedUntil) > now) {
    return line(
      check,
      false,
      `${last} Paused until ${t.pausedUntil}: ${t.lastMessage ?? ""}`,
      "Nothing to do: scheduled refreshes resume then. Schedule fewer sheets, or daily instead of hourly, to stay within the day's budget.",
    );
  }
  return line(
    check,
    t.lastResult !== "failed",
    `Installed for ${countOf(t.scheduledSheets, "sheet")}. ${last}${t.lastResult === "failed" && t.lastMessage ? ` ${t.lastMessage}` : ""}`,
    "Fix what the last run's message says, then wait for the next hourly run.",
  );
}

function quotaLine(p: SetupPlatform): SetupLine {
  const u = p.usage;
  const minutes = (ms: number) => Math.round(ms / 60_000);
  const ok = u.fetches < SCHEDULE_DAY_FETCHES && u.triggerMs < SCHEDULE_DAY_BUDGET_MS;
  return line(
    "Today's Apps Script quota use (as the add-on counts it)",
    ok,
    `Since ${new Date(u.windowStartedAt).toISOString()}: ${u.fetches} UrlFetch calls and ${minutes(u.triggerMs)} min of scheduled runs, counted by the add-on (its scheduled runs and this check; Google's own count also has the sidebar, the menu, formulas and your other scripts). A consumer account has 20,000 calls and 90 min of triggers a day; the add-on's scheduled runs use at most ${SCHEDULE_DAY_FETCHES} and ${minutes(SCHEDULE_DAY_BUDGET_MS)} min.`,
    `Scheduled refreshes wait until ${new Date(windowEndsAt(u)).toISOString()}. Schedule fewer sheets, or daily instead of hourly.`,
  );
}

/** Runs every check; the report never holds the key. */
export function checkSetup(p: SetupPlatform, now: number): SetupLine[] {
  return [
    scopesLine(p),
    ...hostLines(p),
    textLine(p),
    dateLine(p),
    intlLine(p),
    ownerLine(p),
    triggerLine(p, now),
    quotaLine(p),
  ];
}

/** The report as rows for a sheet: a title block, then a header and a row per check. */
export function reportRows(
  lines: readonly SetupLine[],
  about: { at: number; version: string; timeZone: string; host: string | null },
): string[][] {
  const passed = lines.filter((l) => l.ok).length;
  return [
    ["PostHog for Sheets: setup check", "", "", ""],
    [
      `${new Date(about.at).toISOString()} · add-on ${about.version} · time zone ${about.timeZone} · host ${about.host ?? "not connected"}`,
      "",
      "",
      "",
    ],
    [`${passed} of ${countOf(lines.length, "check")} passed.`, "", "", ""],
    ["Check", "Result", "Details", "What to do"],
    ...lines.map((l) => [l.check, l.ok ? "pass" : "FAIL", l.detail, l.todo]),
  ];
}

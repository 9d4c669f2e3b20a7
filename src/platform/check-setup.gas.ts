// Check setup on Apps Script: the real platform for src/features/setup/check-setup.ts, and the report sheet it writes.
import { createConnection } from "../api/credentials";
import { readKey, readProject } from "../features/connect/settings";
import { ownershipOf } from "../features/formulas/settings";
import { readSchedules } from "../features/schedule/schedule";
import { addUsage, readUsage } from "../features/schedule/usage";
import {
  checkSetup,
  type HostProbe,
  reportRows,
  type SetupPlatform,
} from "../features/setup/check-setup";
import { UserFacingError } from "../shared/failures";
import type { SetupReport } from "../shared/rpc";
import { ADDON_VERSION } from "../shared/version";
import type { CellValue } from "../sheets/cells";
import { myEmail, ownerEmail } from "./identity.gas";
import { clock, documentStore, makeClient, userStore } from "./root.gas";
import { hasHourlyTrigger } from "./triggers.gas";
import { fetchesSoFar, networkFailure } from "./url-fetch-transport.gas";

export const REPORT_SHEET = "PostHog setup check";
/** The scratch range sits well below the report; it is cleared before the report is written. */
const SCRATCH_ROW = 200;

/** A GET without the key: any HTTP answer means reachable; Apps Script's refusal names the allowlist. */
function probeHost(origin: string): HostProbe {
  try {
    const response = UrlFetchApp.fetch(`${origin}/_health`, {
      muteHttpExceptions: true,
      followRedirects: false,
    });
    return { kind: "response", status: response.getResponseCode() };
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    if (/whitelist|allowlist/i.test(text)) return { kind: "not-allowlisted" };
    return { kind: "unreachable", reason: networkFailure(error).message };
  }
}

function roundTripOn(sheet: GoogleAppsScript.Spreadsheet.Sheet) {
  return (cells: CellValue[][], plainText: boolean): CellValue[][] => {
    const width = Math.max(1, ...cells.map((r) => r.length));
    const range = sheet.getRange(SCRATCH_ROW, 1, cells.length, width);
    try {
      range.setNumberFormat(plainText ? "@" : "General");
      range.setValues(cells);
      SpreadsheetApp.flush();
      return range.getValues() as CellValue[][];
    } finally {
      range.clear();
    }
  };
}

function triggerState(): SetupPlatform["trigger"] {
  const store = documentStore();
  const schedules = store ? readSchedules(store) : [];
  const latest = [...schedules]
    .filter((s) => s.lastRunAt || s.pausedUntil)
    .sort((a, b) => (b.lastRunAt ?? "").localeCompare(a.lastRunAt ?? ""))[0];
  return {
    installed: hasHourlyTrigger(),
    scheduledSheets: schedules.length,
    lastRunAt: latest?.lastRunAt ?? null,
    lastResult: latest?.lastResult ?? null,
    lastMessage: latest?.lastMessage ?? null,
    pausedUntil: schedules.find((s) => s.pausedUntil)?.pausedUntil ?? null,
  };
}

/** Runs the check in the active spreadsheet and writes the report to its own sheet, shown to the person. */
export function runSetupCheck(): SetupReport {
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  if (!spreadsheet) throw new UserFacingError("no_document", "Open a spreadsheet first.");
  const now = clock();
  const user = userStore();
  const doc = documentStore();
  const key = readKey({ user, document: doc });
  const project = readProject({ user, document: doc });
  const projectId = project && key && project.host === key.host ? project.projectId : 1;
  const sheet = spreadsheet.getSheetByName(REPORT_SHEET) ?? spreadsheet.insertSheet(REPORT_SHEET);
  sheet.clear();
  const timeZone = spreadsheet.getSpreadsheetTimeZone();
  let origin: string | null = null;
  try {
    origin = key
      ? createConnection({ host: key.host, apiKey: key.apiKey, projectId }).origin
      : null;
  } catch {
    origin = null;
  }
  const platform: SetupPlatform = {
    connection: key && origin ? { host: key.host, origin } : null,
    readScopes: key
      ? () =>
          makeClient({ host: key.host, apiKey: key.apiKey, projectId }).personalApiKeys.current()
            .scopes
      : () => [],
    probeHost,
    roundTrip: roundTripOn(sheet),
    timeZone,
    intl: Intl,
    ownership: ownershipOf(ownerEmail(spreadsheet), myEmail()),
    trigger: triggerState(),
    usage: readUsage(user, now),
  };
  const lines = checkSetup(platform, now);
  addUsage(user, clock(), { fetches: fetchesSoFar() });
  const rows = reportRows(lines, { at: now, version: ADDON_VERSION, timeZone, host: origin });
  // Plain text: every line is shown exactly as written (a detail starting with "=" stays text).
  sheet.getRange(1, 1, rows.length, 4).setNumberFormat("@").setValues(rows);
  sheet.getRange(4, 1, 1, 4).setFontWeight("bold");
  sheet.setFrozenRows(4);
  sheet.activate();
  const passed = lines.filter((l) => l.ok).length;
  return { sheetName: REPORT_SHEET, passed, failed: lines.length - passed, lines };
}

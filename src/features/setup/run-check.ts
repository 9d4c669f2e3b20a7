// Running Check setup: reads the connection and schedules, runs the self-test, records its fetches, writes the report.
import { createConnection } from "../../api/credentials";
import type { Clock } from "../../api/transport";
import type { KeyValueStore } from "../../platform/ports";
import type { SetupReport } from "../../shared/rpc";
import { ADDON_VERSION } from "../../shared/version";
import type { CellValue } from "../../sheets/cells";
import type { ClientFactory } from "../connect/connect";
import { readKey, readProject } from "../connect/settings";
import { readSchedules, type SheetSchedule } from "../schedule/schedule";
import { addUsage, readUsage } from "../schedule/usage";
import { checkSetup, type HostProbe, reportRows, type SetupPlatform } from "./check-setup";

export const REPORT_SHEET = "PostHog setup check";

/** The report sheet: a scratch round trip for the cell checks, then the report written over it. */
export interface ReportSheet {
  roundTrip(cells: CellValue[][], plainText: boolean): CellValue[][];
  write(rows: string[][]): void;
}

export interface SetupDeps {
  user: KeyValueStore;
  /** Null outside a document. */
  document: KeyValueStore | null;
  clock: Clock;
  makeClient: ClientFactory;
  probeHost(origin: string): HostProbe;
  /** Opens (or makes) the report sheet, cleared. */
  reportSheet(): ReportSheet;
  timeZone: string;
  intl: typeof Intl;
  ownership: SetupPlatform["ownership"];
  triggerInstalled: boolean;
  /** UrlFetch calls this execution made so far (the check's own, counted toward the day's quota). */
  fetchesSoFar(): number;
}

/** The trigger's state as the report shows it: installed, how many sheets, the latest run and any pause. */
export function triggerState(installed: boolean, schedules: readonly SheetSchedule[]) {
  const latest = [...schedules]
    .filter((s) => s.lastRunAt || s.pausedUntil)
    .sort((a, b) => (b.lastRunAt ?? "").localeCompare(a.lastRunAt ?? ""))[0];
  return {
    installed,
    scheduledSheets: schedules.length,
    lastRunAt: latest?.lastRunAt ?? null,
    lastResult: latest?.lastResult ?? null,
    lastMessage: latest?.lastMessage ?? null,
    pausedUntil: schedules.find((s) => s.pausedUntil)?.pausedUntil ?? null,
  };
}

/** Runs the check and writes its report; returns the counts and lines for the sidebar or the menu. */
export function runSetupCheck(deps: SetupDeps): SetupReport {
  const now = deps.clock();
  const stores = { user: deps.user, document: deps.document };
  const key = readKey(stores);
  const project = readProject(stores);
  const projectId = project && key && project.host === key.host ? project.projectId : 1;
  const sheet = deps.reportSheet();
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
          deps
            .makeClient({ host: key.host, apiKey: key.apiKey, projectId })
            .personalApiKeys.current().scopes
      : () => [],
    probeHost: deps.probeHost,
    roundTrip: sheet.roundTrip,
    timeZone: deps.timeZone,
    intl: deps.intl,
    ownership: deps.ownership,
    trigger: triggerState(deps.triggerInstalled, deps.document ? readSchedules(deps.document) : []),
    usage: readUsage(deps.user, now),
  };
  const lines = checkSetup(platform, now);
  addUsage(deps.user, deps.clock(), { fetches: deps.fetchesSoFar() });
  sheet.write(
    reportRows(lines, { at: now, version: ADDON_VERSION, timeZone: deps.timeZone, host: origin }),
  );
  const passed = lines.filter((l) => l.ok).length;
  return { sheetName: REPORT_SHEET, passed, failed: lines.length - passed, lines };
}

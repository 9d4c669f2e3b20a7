// Check setup's Apps Script pieces: the host probe over UrlFetchApp and the report sheet (scratch round trip, report).
import type { HostProbe } from "../features/setup/check-setup";
import { REPORT_SHEET, type ReportSheet } from "../features/setup/run-check";
import { UserFacingError } from "../shared/failures";
import type { CellValue } from "../sheets/cells";
import { networkFailure } from "./url-fetch-transport.gas";

/** The scratch range sits well below the report; it is cleared before the report is written. */
const SCRATCH_ROW = 200;

/** A GET without the key: any HTTP answer means reachable; Apps Script's refusal names the allowlist. */
export function probeHost(origin: string): HostProbe {
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

/** The active spreadsheet, or a plain refusal outside one. */
export function activeSpreadsheet(): GoogleAppsScript.Spreadsheet.Spreadsheet {
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  if (!spreadsheet) throw new UserFacingError("no_document", "Open a spreadsheet first.");
  return spreadsheet;
}

/** The report sheet, cleared; the report is Plain text (a detail starting with "=" stays text), shown at the end. */
export function reportSheet(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet): ReportSheet {
  const sheet = spreadsheet.getSheetByName(REPORT_SHEET) ?? spreadsheet.insertSheet(REPORT_SHEET);
  sheet.clear();
  return {
    roundTrip(cells: CellValue[][], plainText: boolean): CellValue[][] {
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
    },
    write(rows) {
      sheet.getRange(1, 1, rows.length, 4).setNumberFormat("@").setValues(rows);
      sheet.getRange(4, 1, 1, 4).setFontWeight("bold");
      sheet.setFrozenRows(4);
      sheet.activate();
    },
  };
}

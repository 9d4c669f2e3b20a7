// Sidebar calls for the formulas switch: read it, and flip it (owner only).
//
// Who is the owner: `Spreadsheet.getOwner().getEmail()` (needs only spreadsheets.currentonly) against
// `Session.getEffectiveUser().getEmail()`, which Apps Script answers only with the userinfo.email scope. Without
// that scope the caller's identity is unknown; the switch is then still written to the caller's own
// properties, where it matters only if the caller owns the spreadsheet (see custom-functions/settings.ts).
import { UserFacingError } from "../connection/failures";
import { userStore } from "../platform/stores.gas";
import { activeWorkbook } from "../platform/workbook.gas";
import type { RpcResult } from "../shared/rpc";
import { ensureRefreshCell } from "../sheets/custom-functions/refresh";
import {
  type FormulaSettings,
  formulaSettings,
  ownershipOf,
  type SettingsDeps,
  switchFormulas,
} from "../sheets/custom-functions/settings";
import { argsOf, respond } from "./rpc-handlers";

export function ownerEmail(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet): string {
  try {
    return spreadsheet.getOwner()?.getEmail() ?? "";
  } catch {
    return "";
  }
}

export function myEmail(): string {
  try {
    return Session.getEffectiveUser().getEmail();
  } catch {
    // "Specified permissions are not sufficient to call Session.getEffectiveUser" without userinfo.email.
    return "";
  }
}

function settingsDeps(): SettingsDeps {
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  if (!spreadsheet) throw new UserFacingError("no_document", "Open a spreadsheet first.");
  return {
    user: userStore(),
    spreadsheetId: spreadsheet.getId(),
    ownership: ownershipOf(ownerEmail(spreadsheet), myEmail()),
  };
}

export const getFormulaSettingsHandler = (): RpcResult<FormulaSettings> =>
  respond(() => formulaSettings(settingsDeps()));

export const setFormulasEnabledHandler = (input: unknown): RpcResult<FormulaSettings> =>
  respond(() => {
    const { enabled } = argsOf(input);
    if (typeof enabled !== "boolean")
      throw new UserFacingError(
        "invalid_input",
        "Say whether formulas should be on or off.",
        "enabled",
      );
    const settings = switchFormulas(settingsDeps(), enabled);
    if (enabled) ensureRefreshCell(activeWorkbook(), new Date());
    return settings;
  });

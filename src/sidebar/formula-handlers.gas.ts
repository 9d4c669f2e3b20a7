// Sidebar calls for the formulas switch: read it, and flip it (owner only).
//
// Who is the owner: `Spreadsheet.getOwner().getEmail()` (needs only spreadsheets.currentonly) against
// `Session.getEffectiveUser().getEmail()`, which Apps Script answers only with the userinfo.email scope. Without
// that scope the caller's identity is unknown; the switch is then still written to the caller's own
// properties, where it matters only if the caller owns the spreadsheet (see src/features/formulas/settings.ts).

import {
  type FormulaSettings,
  formulaSettings,
  ownershipOf,
  type SettingsDeps,
  switchFormulas,
} from "../features/formulas/settings";
import { bumpActiveFormulaRefresh } from "../menu/refresh-formulas.gas";
import { userStore } from "../platform/stores.gas";
import { UserFacingError } from "../shared/failures";
import type { RpcResult } from "../shared/rpc";
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

/**
 * Sheets recomputes a custom function only when its arguments change, so cells that said "formulas are off"
 * would keep saying it. Bumping the refresh cell reaches the formulas that pass it; the others are entered
 * again (cleared, flushed, written back: writing the same formula alone is not known to recompute it).
 * Returns how many cells were entered again.
 */
function reenterPostHogFormulas(): number {
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  const cells: Array<{ range: GoogleAppsScript.Spreadsheet.Range; formula: string }> = [];
  for (const sheet of spreadsheet.getSheets()) {
    if (sheet.getLastRow() === 0) continue;
    sheet
      .getDataRange()
      .getFormulas()
      .forEach((row, r) => {
        row.forEach((formula, c) => {
          if (/\bPOSTHOG_/i.test(formula))
            cells.push({ range: sheet.getRange(r + 1, c + 1), formula });
        });
      });
  }
  if (cells.length === 0) return 0;
  for (const cell of cells) cell.range.setFormula("");
  SpreadsheetApp.flush();
  for (const cell of cells) cell.range.setFormula(cell.formula);
  return cells.length;
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
    if (!enabled || !settings.enabled) return settings;
    bumpActiveFormulaRefresh();
    return { ...settings, recomputed: reenterPostHogFormulas() };
  });

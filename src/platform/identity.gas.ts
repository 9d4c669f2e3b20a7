// Who the spreadsheet's owner and the person running the add-on are, as far as the granted scopes let Apps Script say.
//
// `Spreadsheet.getOwner().getEmail()` needs only spreadsheets.currentonly; `Session.getEffectiveUser().getEmail()`
// answers only with the userinfo.email scope. Without it the caller's identity is unknown (""), and the formulas
// switch is written to the caller's own properties, where it matters only if the caller owns the spreadsheet
// (see src/features/formulas/settings.ts).

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

/** Who pushes, for the push log: Google gives "" across some domains (or without the scope), then "you". */
export const pusherName = (): string => Session.getActiveUser().getEmail() || "you";

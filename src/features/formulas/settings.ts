// The owner's switch for PostHog formulas in one spreadsheet, who may flip it, and the refresh generation.
//
// Custom functions run with the spreadsheet OWNER's user properties (and so the owner's key) whoever edits the
// cell. The switch therefore lives in the owner's own user properties, keyed by the spreadsheet's id: an editor
// cannot reach it (document properties would let any editor spend the owner's key), and an editor's own switch
// is never read by the formulas, because they only ever see the owner's properties.

import type { KeyValueStore } from "../../platform/ports";
import { UserFacingError } from "../../shared/failures";

/** The user-property key of the switch for one spreadsheet. */
export function switchKey(spreadsheetId: string): string {
  return `posthog.formulas.${spreadsheetId}`;
}

/** Document property the menu's "Refresh PostHog formulas" bumps; part of every cache entry's namespace. */
export const GENERATION_KEY = "posthog.formulas.generation";

/** The hidden sheet and cell whose value the menu changes; formulas pass it as their last argument. */
export const REFRESH_SHEET = "PostHogRefresh";
export const REFRESH_CELL = `${REFRESH_SHEET}!A1`;

export function formulasEnabled(user: KeyValueStore, spreadsheetId: string): boolean {
  return user.get(switchKey(spreadsheetId)) === "on";
}

/** Who is asking, as far as Apps Script lets the add-on know. */
export type Ownership =
  | "owner"
  | "not_owner"
  /** A shared-drive file: no owner, so no owner's properties for formulas to read. */
  | "no_owner"
  /** The person's e-mail address is not available (the add-on lacks the userinfo.email scope). */
  | "unknown";

/** Compares the spreadsheet owner's e-mail address with the person's (either may be "" when unknown). */
export function ownershipOf(ownerEmail: string, myEmail: string): Ownership {
  if (ownerEmail === "") return "no_owner";
  if (myEmail === "") return "unknown";
  return ownerEmail.trim().toLowerCase() === myEmail.trim().toLowerCase() ? "owner" : "not_owner";
}

/** What the sidebar shows about formulas. */
export interface FormulaSettings {
  /** The switch for this spreadsheet in the caller's own properties (effective only when the caller owns it). */
  enabled: boolean;
  /** False when the caller is known not to own the spreadsheet (or it has no owner): the switch is then refused. */
  isOwner: boolean;
  /** False when the add-on could not confirm the caller's identity, so `isOwner` is assumed. */
  ownerConfirmed: boolean;
  /** The cell formulas pass as their last argument so the menu's "Refresh PostHog formulas" reaches them. */
  refreshCell: string;
  /** Set when formulas were just switched on: how many `=POSTHOG_…` cells were entered again to recompute. */
  recomputed?: number;
}

export interface SettingsDeps {
  /** The caller's own user properties (FULL mode). */
  user: KeyValueStore;
  spreadsheetId: string;
  ownership: Ownership;
}

export function formulaSettings(deps: SettingsDeps): FormulaSettings {
  return {
    enabled: formulasEnabled(deps.user, deps.spreadsheetId),
    isOwner: deps.ownership === "owner" || deps.ownership === "unknown",
    ownerConfirmed: deps.ownership === "owner" || deps.ownership === "not_owner",
    refreshCell: REFRESH_CELL,
  };
}

/**
 * Flips the switch. Only the owner may: formulas spend the owner's key. When the caller's identity cannot be
 * read, the switch is still written to the caller's own properties, where it only has an effect if the caller
 * is in fact the owner (formulas never read anyone else's).
 */
export function switchFormulas(deps: SettingsDeps, enabled: boolean): FormulaSettings {
  if (deps.ownership === "not_owner") {
    throw new UserFacingError(
      "not_owner",
      "Only the spreadsheet's owner can switch PostHog formulas on or off: formulas run with the owner's PostHog key, whoever edits the cell.",
    );
  }
  if (deps.ownership === "no_owner") {
    throw new UserFacingError(
      "no_owner",
      "This spreadsheet is in a shared drive and has no owner, so PostHog formulas cannot run with an owner's key here. Pull the data from the sidebar instead.",
    );
  }
  if (enabled) deps.user.put(switchKey(deps.spreadsheetId), "on");
  else deps.user.remove(switchKey(deps.spreadsheetId));
  return formulaSettings(deps);
}

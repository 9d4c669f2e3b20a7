// The shared core of the Apps Script runtime for Node: who runs, in which mode, and what each call costs.
// Every fake service goes through `kernel.call(...)`, which counts the call and enforces the mode's rules.

/** Apps Script's authorisation modes (ScriptApp.AuthMode). */
export type AuthMode = "NONE" | "LIMITED" | "CUSTOM_FUNCTION" | "FULL";

/** What a service method needs, checked against the running execution. */
export interface Needs {
  /** Touches the document: "read" (getValues…) or "write" (setValues…). */
  document?: "read" | "write";
  /** Shows UI beyond adding menu items (sidebar, alert, toast). */
  ui?: boolean;
  /** Builds menu items (allowed in every mode but CUSTOM_FUNCTION). */
  menu?: boolean;
  /** Reads or writes a property store or cache (not in NONE). */
  storage?: boolean;
  /** Reaches the network (UrlFetchApp): NONE and LIMITED may not. */
  network?: boolean;
  /** Touches user data (Session.getActiveUser, triggers…): FULL only. */
  userData?: boolean;
  /** Full OAuth scope URL this call requires, checked against the manifest's oauthScopes. */
  scope?: string;
}

/** One execution: an `onOpen`, a menu click, a `google.script.run` call, a custom-function cell, a trigger. */
export interface Execution {
  authMode: AuthMode;
  /** E-mail of the person running it. */
  user: string;
  /** Id of the open spreadsheet, or null for a standalone run. */
  documentId: string | null;
  /** Real time (Date.now) when it started. */
  startedAt: number;
  /** Milliseconds the execution may run: 360,000, or 30,000 for a custom function. */
  limitMs: number;
  /** Milliseconds of `Utilities.sleep` that passed on the virtual clock (see RuntimeOptions.sleep). */
  virtualMs: number;
}

export interface Kernel {
  /** The running execution; throws when none runs (a service touched outside `run`). */
  current(): Execution;
  /**
   * Counts one call of `service.method` and checks `needs` against the execution's mode, the
   * manifest's scopes and the time limit. Throws an Error whose message is the real service's text.
   */
  call(service: string, method: string, needs?: Needs): void;
  /** Calls so far, keyed "Service.method" (e.g. "Range.setValues", "UrlFetchApp.fetch"). */
  counts(): Record<string, number>;
}

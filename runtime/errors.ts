// Apps Script's exception texts, in one place, each with where it was seen (or "approximated" when no source was found).

/** An error shaped like Apps Script's service exceptions: name "Exception", so String(e) is "Exception: <message>". */
export function gasError(message: string): Error {
  const error = new Error(message);
  error.name = "Exception";
  return error;
}

/** Builds the texts; `(source: …)` comments say where each was seen. */
export const messages = {
  // ttsukagoshi/mail-merge-for-gmail#62; Google's custom-function guide adds "(line 0)" in cells.
  timeLimit: () => "Exceeded maximum execution time",
  // Real for custom functions: "Exception: You do not have permission to call setValue" (many public READMEs/issues).
  noPermissionMethod: (method: string) => `You do not have permission to call ${method}`,
  // Real text for calls the current authorisation does not cover, e.g. "You do not have permission to call
  // SpreadsheetApp.getActiveSpreadsheet. Required permissions: (…spreadsheets.currentonly || …spreadsheets)"
  // (public error logs quoting it). Without a known scope the "Required permissions" tail is left out (approximated).
  noPermission: (service: string, method: string, scopes: readonly string[]) =>
    scopes.length === 0
      ? `You do not have permission to call ${service}.${method}`
      : `You do not have permission to call ${service}.${method}. Required permissions: ${scopeText(scopes)}`,
  // Real: "Specified permissions are not sufficient to call Ui.showModalDialog. Required permissions:
  // https://www.googleapis.com/auth/script.container.ui" (public code comments and changelogs quoting it).
  scopeMissing: (service: string, method: string, scopes: readonly string[]) =>
    `Specified permissions are not sufficient to call ${service}.${method}. Required permissions: ${scopeText(scopes)}`,
  // Real (apps-script.md §1, triggers after authorisation lapsed; mixpanel/sheets).
  authorizationRequired: () => "Authorization is required to perform that action.",
  // Real: "Script function not found: doGet" (dwyl/learn-to-send-email-via-google-script-html-no-server#400).
  functionNotFound: (name: string) => `Script function not found: ${name}`,
  // Real: "Cannot call SpreadsheetApp.getUi() from this context." (widely quoted; recalled, not re-checked here).
  uiContext: () => "Cannot call SpreadsheetApp.getUi() from this context.",
  // Real: "Argument too large: value" for CacheService.put over 100 KB (joseballester/muFunds#13); the same text is
  // widely reported for PropertiesService values over 9 KB; "Argument too large: key" for long cache keys (approximated
  // from the same pattern).
  argumentTooLarge: (name: string) => `Argument too large: ${name}`,
  // Real: lucasvtiradentes/gcal-sync#115 ("{ [Exception: You have exceeded …] name: 'Exception' }").
  propertyQuota: () =>
    "You have exceeded the property storage quota. Please remove some properties and try again.",
  // Real: quoted verbatim with "Exception:" in several public Apps Script projects' logs and tests.
  lockTimeout: () => "Lock timeout: another process was holding the lock for too long.",
  // Real: "Request failed for http://mixpanel.com returned code 400. Truncated server response: {…… (use
  // muteHttpExceptions option to examine full response)" (melissaguyre/mixpanel-segmentation-google-spreadsheets#12):
  // the URL is cut to scheme + host; the body cut to about 100 characters then "..." (the length is inferred).
  requestFailed: (origin: string, code: number, snippet: string) =>
    `Request failed for ${origin} returned code ${code}. Truncated server response: ${snippet} (use muteHttpExceptions option to examine full response)`,
  // Real: "Timeout: <url>" and "Address unavailable: <url>" (btoews/OctoGAS#17, full URL with path).
  timeout: (url: string) => `Timeout: ${url}`,
  addressUnavailable: (url: string) => `Address unavailable: ${url}`,
  // Real: "DNS error: http://localhost:3030" (public blog/code quoting Apps Script).
  dnsError: (url: string) => `DNS error: ${url}`,
  // Real: "Exception: Request to https://oauth2.googleapis.com/token failed because the URL has not been whitelisted in
  // the script manifest." (grahamearley/FirestoreGoogleAppsScript#135).
  notAllowlisted: (url: string) =>
    `Request to ${url} failed because the URL has not been whitelisted in the script manifest.`,
  // Real: "Exception: Limit Exceeded: URLFetch URL Length." (airhadoken/twitter-lib#34).
  urlLength: () => "Limit Exceeded: URLFetch URL Length.",
  // Approximated after the URL-length text (no public quote found).
  headerCount: () => "Limit Exceeded: URLFetch header count.",
  // Seen in a public project's list of Apps Script errors ("Limit exceeded: URL Fetch POST size."); unverified.
  postSize: () => "Limit exceeded: URL Fetch POST size.",
  // Approximated after the POST-size text.
  responseSize: () => "Limit exceeded: URL Fetch response size.",
  // Real pattern "Invalid argument: <value>" (recalled from Apps Script; unverified here).
  invalidArgument: (what: string) => `Invalid argument: ${what}`,
  // Real: "No HTML file named Index was found." (several public READMEs quoting the exception).
  noHtmlFile: (name: string) => `No HTML file named ${name} was found.`,
  // Real: "This script has too many triggers. Triggers must be deleted from the script before more can be added."
  // (quoted in several public projects' changelogs and tests).
  tooManyTriggers: () =>
    "This script has too many triggers. Triggers must be deleted from the script before more can be added.",
  // Real wording per ljay79/jira-tools#53 ("This add-on has created too many time-based triggers in this document for
  // this Google user account"); other event types use the same pattern (inferred).
  addOnTriggerTypeTaken: (kind: string) =>
    `This add-on has created too many ${kind} triggers in this document for this Google user account.`,
  // Approximated: Google documents the hourly minimum for add-ons but no public quote of the error was found.
  addOnClockTooFrequent: () =>
    "Add-ons can only create time-based triggers that run at most once per hour.",
  // Recalled from Apps Script (Utilities.base64Decode of bad input); unverified.
  couldNotDecode: () => "Could not decode string.",
  // Quotas (docs/apps-script.md "Quotas"; https://developers.google.com/apps-script/guides/services/quotas). Real:
  // "Service invoked too many times for one day: urlfetch." (bradjasper/ImportJSON#189, gmail-delay-send#166 for
  // "email"); the quota page names the pattern "Service invoked too many times: …".
  urlFetchDaily: () => "Service invoked too many times for one day: urlfetch.",
  // Real: "Service using too much computer time for one day" (the quota page's list of errors; ctrlq.org quoting the
  // failure e-mail).
  computerTime: () => "Service using too much computer time for one day",
  // The quota page: "There are too many scripts running simultaneously for this Google user account."
  tooManySimultaneous: () =>
    "There are too many scripts running simultaneously for this Google user account.",
  notSupported: (what: string) => `${what} is not supported in this runtime.`,
} as const;

function scopeText(scopes: readonly string[]): string {
  return scopes.length === 1 ? String(scopes[0]) : `(${scopes.join(" || ")})`;
}

// The add-on's one time-driven trigger per person and document (Apps Script allows no more), hourly at most.
const HANDLER = "runScheduledRefresh";

function ownTriggers(): GoogleAppsScript.Script.Trigger[] {
  // Only this person's triggers for this document: listing project triggers would touch other sheets' (mixpanel/sheets#45).
  return ScriptApp.getUserTriggers(SpreadsheetApp.getActiveSpreadsheet()).filter(
    (t) => t.getHandlerFunction() === HANDLER,
  );
}

/** Makes sure the hourly trigger exists (or, with `on` false, that it does not). */
export function keepHourlyTrigger(on: boolean): void {
  const existing = ownTriggers();
  if (on && existing.length === 0) ScriptApp.newTrigger(HANDLER).timeBased().everyHours(1).create();
  if (!on) for (const trigger of existing) ScriptApp.deleteTrigger(trigger);
}

/** Whether this person's hourly trigger exists for this document. */
export const hasHourlyTrigger = (): boolean => ownTriggers().length > 0;

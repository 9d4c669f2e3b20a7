// "Check setup" through the real bundle: every line of the report, a missing allowlist entry, and no key anywhere.
import { afterEach, describe, expect, it } from "vitest";
import { seedValues, sheetValues } from "../../runtime/spreadsheet/index.ts";
import { DOC, OWNER, startWorld, type World } from "../../scripts/local-world.ts";
import { TEXT_SAMPLES } from "../../src/features/setup/check-setup.ts";
import type { SetupReport } from "../../src/shared/rpc.ts";
import { cellShows, toCell } from "../../src/sheets/cells.ts";

const SHEET = "PostHog setup check";
let world: World;
afterEach(() => world?.close());

/** PostHog's answer to GET /api/personal_api_keys/@current/ (PersonalAPIKeySerializer's fields). */
async function keyScopes(w: World, scopes: string[]): Promise<void> {
  await w.posthog.control.addFault({
    path: "personal_api_keys/@current",
    method: "GET",
    kind: "status",
    status: 200,
    contentType: "application/json",
    body: JSON.stringify({
      id: "018f0000-0000-0000-0000-000000000001",
      label: "Sheets",
      mask_value: "phx_...abcd",
      created_at: "2026-11-01T00:00:00Z",
      last_used_at: null,
      scopes,
      scoped_teams: [],
      scoped_organizations: [],
    }),
    count: null,
  });
}

/** The report's check rows, by check name. */
function reportLines(w: World): Map<string, { result: string; detail: string; todo: string }> {
  const grid = sheetValues(w.runtime.store, DOC, SHEET);
  const header = grid.findIndex((r) => r[0] === "Check");
  return new Map(
    grid
      .slice(header + 1)
      .filter((r) => r[0] !== "")
      .map((r) => [
        String(r[0]),
        { result: String(r[1]), detail: String(r[2]), todo: String(r[3]) },
      ]),
  );
}

/** What a Plain text cell really gives back for the add-on's way of writing text (observed, not assumed). */
function plainTextRoundTripHolds(w: World): boolean {
  const cells = TEXT_SAMPLES.map((s) => toCell(s).cell);
  w.runtime.addDocument({ id: "scratch", owner: OWNER });
  const services = w.runtime.services({ user: OWNER, documentId: "scratch" }) as {
    SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp;
  };
  const range = services.SpreadsheetApp.getActiveSpreadsheet()
    .getSheets()[0]
    ?.getRange(1, 1, 1, cells.length);
  range?.setNumberFormat("@").setValues([cells]);
  const back = range?.getValues()[0] ?? [];
  w.runtime.endServices();
  return TEXT_SAMPLES.every((s, i) => cellShows(back[i], s));
}

describe("Check setup", () => {
  it("runs from the menu, writes one pass/fail line per check with what to do, and cleans its scratch range", async () => {
    world = await startWorld({ groups: 20 });
    world.connect();
    await keyScopes(world, ["group:read", "group:write", "query:read", "cohort:read"]);
    world.runtime.run("onOpen", [{}], { user: OWNER, documentId: DOC });
    expect(JSON.stringify(world.runtime.ui.menus.at(-1))).toContain("checkSetup");
    world.runtime.run("checkSetup", [], { user: OWNER, documentId: DOC });
    expect(world.runtime.ui.alerts.at(-1)?.prompt).toMatch(
      /checks passed\. The report is in the sheet "PostHog setup check"/,
    );

    const lines = reportLines(world);
    expect([...lines.keys()]).toEqual([
      "PostHog key scopes",
      "Host on the add-on's allowlist",
      "Host reachable",
      "Text round trip (plain text and apostrophes)",
      "Date round trip to the millisecond (Etc/GMT)",
      "Intl time-zone support",
      "Spreadsheet owner (for formulas)",
      "Scheduled refresh trigger",
      "Today's Apps Script quota use (as the add-on counts it)",
    ]);
    const scopes = lines.get("PostHog key scopes");
    expect(scopes).toMatchObject({ result: "FAIL" });
    expect(scopes?.detail).toContain("Scopes: group:read, group:write, query:read, cohort:read.");
    expect(scopes?.detail).toContain(
      "Create and change static cohorts (needs cohort:write, person:read)",
    );
    expect(scopes?.todo).toMatch(/Add the missing scopes/);
    expect(lines.get("Host on the add-on's allowlist")?.result).toBe("pass");
    expect(lines.get("Host reachable")?.result).toBe("pass");
    expect(lines.get("Host reachable")?.detail).toMatch(/answered \(HTTP \d+\)/);
    const text = lines.get("Text round trip (plain text and apostrophes)");
    if (plainTextRoundTripHolds(world)) expect(text?.result).toBe("pass");
    else {
      // The add-on's text writing does not survive a Plain text cell yet (issue 12, item 1): the check says so.
      expect(text?.result).toBe("FAIL");
      expect(text?.detail).toMatch(/reads back as "'=1\+1" in a Plain text cell/);
      expect(text?.todo).toMatch(/Send this report to support/);
    }
    expect(lines.get("Date round trip to the millisecond (Etc/GMT)")).toMatchObject({
      result: "pass",
      detail: "2026-03-29T01:30:45.123Z read back as the same instant.",
    });
    expect(lines.get("Intl time-zone support")?.result).toBe("pass");
    expect(lines.get("Spreadsheet owner (for formulas)")?.result).toBe("pass");
    expect(lines.get("Scheduled refresh trigger")).toMatchObject({
      result: "pass",
      detail: "No sheet is scheduled; no trigger is needed.",
    });
    const quota = lines.get("Today's Apps Script quota use (as the add-on counts it)");
    expect(quota?.result).toBe("pass");
    expect(quota?.detail).toMatch(/: \d+ UrlFetch calls and 0 min of scheduled runs/);

    // The scratch range is gone, and the key is nowhere in the report or the logs.
    const grid = sheetValues(world.runtime.store, DOC, SHEET);
    expect(grid.length).toBeLessThan(20);
    const everything = JSON.stringify(grid) + world.runtime.logs.join("\n");
    expect(everything).not.toContain(world.posthog.personalApiKey);
    expect(everything).toContain("Scopes:");
  });

  it("reports the trigger's state and last run, and a second run replaces the report", async () => {
    world = await startWorld({ groups: 20 });
    world.connect();
    await keyScopes(world, ["*"]);
    let progress = world.ok<{ status: string; jobId: string }>("startPull", {
      entity: "groups",
      groupTypeIndex: 0,
    });
    while (progress.status === "running")
      progress = world.ok("continuePull", { jobId: progress.jobId });
    world.ok("setSchedule", { every: "hourly" });
    world.runtime.advanceClock(61 * 60_000);
    world.runtime.fireTimeTriggers();
    seedValues(world.runtime.store, DOC, "Sheet1", "A1", [["keep me"]]);
    const first = world.ok<SetupReport>("runSetupCheck");
    const second = world.ok<SetupReport>("runSetupCheck");
    expect(second.lines.map((l) => l.check)).toEqual(first.lines.map((l) => l.check));
    const trigger = second.lines.find((l) => l.check === "Scheduled refresh trigger");
    expect(trigger?.ok).toBe(true);
    expect(trigger?.detail).toMatch(/^Installed for 1 sheet\. Last run .*: ok\.$/);
    expect(second.lines.find((l) => l.check === "PostHog key scopes")?.ok).toBe(true);
    expect(sheetValues(world.runtime.store, DOC, "Sheet1")[0]?.[0]).toBe("keep me");
    // A trigger that went missing (deleted elsewhere) is a failing line with what to do.
    world.runtime.triggers.splice(0, world.runtime.triggers.length);
    const missing = world.ok<SetupReport>("runSetupCheck");
    const line = missing.lines.find((l) => l.check === "Scheduled refresh trigger");
    expect(line).toMatchObject({ ok: false });
    expect(line?.todo).toMatch(/switch the schedule off and on again/);
    // In a spreadsheet whose zone changes its clocks that very night, the date still reads back to the millisecond.
    world.runtime.addDocument({ id: "berlin", owner: OWNER, timeZone: "Europe/Berlin" });
    const berlin = world.runtime.run("runSetupCheck", [], {
      user: OWNER,
      documentId: "berlin",
    }) as {
      value: SetupReport;
    };
    expect(berlin.value.lines.find((l) => l.check.startsWith("Date round trip"))).toMatchObject({
      check: "Date round trip to the millisecond (Europe/Berlin)",
      ok: true,
    });
  });

  it("fails the allowlist line when the host is not on the add-on's allowlist", async () => {
    world = await startWorld({ groups: 20, runtime: { extraUrlAllowlist: [] } });
    // Connecting needs the network: the key and project are put where the sidebar would have saved them.
    const user = world.runtime.properties.user(OWNER);
    user.set("posthog.apiKey", world.posthog.personalApiKey);
    user.set("posthog.apiKeyHost", world.posthog.url);
    const report = world.ok<SetupReport>("runSetupCheck");
    const allowlist = report.lines.find((l) => l.check === "Host on the add-on's allowlist");
    expect(allowlist).toMatchObject({ ok: false });
    expect(allowlist?.detail).toContain("is not on the add-on's URL allowlist");
    expect(allowlist?.todo).toMatch(/its own deployment/);
    expect(report.lines.find((l) => l.check === "Host reachable")).toMatchObject({
      ok: false,
      detail: "Not tried: the host is not on the allowlist.",
    });
    const scopes = report.lines.find((l) => l.check === "PostHog key scopes");
    expect(scopes?.ok).toBe(false);
    expect(JSON.stringify(report)).not.toContain(world.posthog.personalApiKey);
  });
});

// "This sheet" in the sidebar: the active sheet's pull, its scheduled refresh, and the last run's outcome, as text.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { SheetStatus } from "../../src/shared/rpc.ts";
import { chromiumMissing, connectedFake, ready, skipNote, useBrowser, waitForText } from "./kit.ts";

/** A pulled sheet whose last scheduled run failed (its message is markup that must stay text). */
const COMPANIES: SheetStatus = {
  sheetName: "Companies",
  pulledAt: "2026-11-22T10:00:00.000Z",
  rows: 1234,
  schedule: "off",
  lastRunAt: "2026-11-22T11:00:00.000Z",
  lastResult: "failed",
  lastMessage: "<img src=x onerror=alert(1)> key revoked",
};

/** The pointer leaves the sidebar (for the grid) and comes back over it, after the panel's 1 s pause. */
async function comeBack(page: Page): Promise<void> {
  await page.waitForTimeout(1100);
  await page.mouse.move(5, 5);
  await page.mouse.move(60, 120);
}

describe.skipIf(chromiumMissing)(`the sheet panel in Chromium (${skipNote})`, () => {
  const browser = useBrowser();

  it("says when the active sheet was not pulled", async () => {
    const sidebar = await browser.open(connectedFake());
    await ready(sidebar.page);
    await waitForText(sidebar.page, "The active sheet was not pulled from PostHog.");
  });

  it("shows the pull, switches the schedule, and shows a failed run's reason as text", async () => {
    const fake = connectedFake();
    fake.sheetStatus = COMPANIES;
    const sidebar = await browser.open(fake);
    const { page } = sidebar;
    await ready(page);
    await waitForText(page, "Companies: 1,234 rows");
    await waitForText(page, "<img src=x onerror=alert(1)> key revoked");
    expect(await page.locator("section img").count()).toBe(0);
    await page.getByLabel("Refresh automatically").selectOption("hourly");
    await expect
      .poll(() => sidebar.callsOf("setSchedule").map((c) => c.args))
      .toEqual([[{ every: "hourly" }]]);
    expect(fake.sheetStatus?.schedule).toBe("hourly");
  });

  it("shows how current the data is, and says when paused scheduled refreshes resume", async () => {
    const fake = connectedFake();
    fake.sheetStatus = {
      ...COMPANIES,
      rows: 12,
      schedule: "hourly",
      lastRunAt: "2026-11-22T10:00:00.000Z",
      lastResult: "ok",
      lastMessage:
        "Scheduled refreshes are paused: today's share of Google's 90 minutes a day for scheduled runs is used up.",
      checkedAt: "2026-11-22T14:00:00.000Z",
      pausedUntil: "2026-11-23T09:30:00.000Z",
    };
    const sidebar = await browser.open(fake);
    const { page } = sidebar;
    await ready(page);
    const asOf = await page.evaluate(() => new Date("2026-11-22T14:00:00.000Z").toLocaleString());
    const resume = await page.evaluate(() => new Date("2026-11-23T09:30:00.000Z").toLocaleString());
    await waitForText(page, `Data from PostHog as of ${asOf}.`);
    await waitForText(page, `used up. They resume ${resume}.`);
  });

  it("counts in words: one row is “1 row”", async () => {
    const fake = connectedFake();
    fake.sheetStatus = {
      sheetName: "Companies",
      pulledAt: "2026-11-22T10:00:00.000Z",
      rows: 1,
      schedule: "off",
      lastRunAt: null,
      lastResult: null,
      lastMessage: null,
    };
    const { page } = await browser.open(fake);
    await ready(page);
    await waitForText(page, "Companies: 1 row, pulled");
  });

  it("follows the active sheet on its own: both panels stop describing a sheet the person left", async () => {
    const fake = connectedFake();
    const pulled = {
      sheetName: "Groups: company",
      pulledAt: "2026-11-22T10:00:00.000Z",
      rows: 3000,
      schedule: "off" as const,
      lastRunAt: null,
      lastResult: null,
      lastMessage: null,
    };
    fake.sheetStatus = pulled;
    const sidebar = await browser.open(fake);
    const { page } = sidebar;
    await ready(page);
    await page.getByRole("button", { name: "Pull", exact: true }).click();
    await waitForText(page, "Done: 3,000 rows in “Groups: company”.");
    await waitForText(page, "Groups: company: 3,000 rows");
    // The person clicks another tab in Sheets, then comes back to the sidebar; nothing is pressed in it.
    fake.sheetStatus = { ...pulled, sheetName: "Notes", pulledAt: null, rows: 0 };
    await comeBack(page);
    await waitForText(page, "“Notes” (the active sheet) was not pulled from PostHog.");
    expect(await page.getByText("Groups: company: 3,000 rows").count()).toBe(0);
    expect(await page.getByRole("heading", { name: "Pull progress" }).isVisible()).toBe(false);
    // Back on the pulled sheet, its status comes back.
    fake.sheetStatus = pulled;
    await comeBack(page);
    await waitForText(page, "Groups: company: 3,000 rows");
  });

  it("reads the active sheet's status again when a pull is done", async () => {
    const sidebar = await browser.open(connectedFake());
    const { page } = sidebar;
    await ready(page);
    const before = sidebar.callsOf("getSheetStatus").length;
    await page.getByLabel("Group type").selectOption("0");
    await page.getByRole("button", { name: "Pull", exact: true }).click();
    await waitForText(page, "Done:");
    await expect.poll(() => sidebar.callsOf("getSheetStatus").length).toBeGreaterThan(before);
  });

  it("runs Check setup from its button and lists the failed lines as text", async () => {
    const fake = connectedFake();
    fake.setupReport = {
      sheetName: "PostHog setup check",
      passed: 8,
      failed: 1,
      lines: [
        { check: "Host reachable", ok: true, detail: "answered", todo: "" },
        {
          check: "Host on the add-on's allowlist",
          ok: false,
          detail: "<b>x</b> is not on the add-on's URL allowlist.",
          todo: "Deploy your own.",
        },
      ],
    };
    const sidebar = await browser.open(fake);
    const { page } = sidebar;
    await ready(page);
    await page.getByRole("button", { name: "Check setup" }).click();
    await waitForText(
      page,
      '8 of 9 checks passed. The report is in the sheet "PostHog setup check"',
    );
    await waitForText(
      page,
      "Host on the add-on's allowlist: <b>x</b> is not on the add-on's URL allowlist. Deploy your own.",
    );
    expect(sidebar.callsOf("runSetupCheck")).toHaveLength(1);
    expect(await page.locator("section b").count()).toBe(0);
  });
});

// Account history in the sidebar: "Keep history" with its days in the sheet panel, and "History of this account".
import { describe, expect, it } from "vitest";
import type { SheetStatus } from "../../src/shared/rpc.ts";
import { requestedScopes } from "../../src/shared/scopes.ts";
import { chromiumMissing, connectedFake, ready, skipNote, useBrowser, waitForText } from "./kit.ts";
import { chooseManage } from "./manage-kit.ts";

const COMPANIES: SheetStatus = {
  sheetName: "Companies",
  pulledAt: "2026-11-22T10:00:00.000Z",
  rows: 12,
  schedule: "off",
  lastRunAt: null,
  lastResult: null,
  lastMessage: null,
  history: null,
};

describe.skipIf(chromiumMissing)(`account history in Chromium (${skipNote})`, () => {
  const browser = useBrowser();

  it("switches Keep history on, changes its days, refuses a bad number, and switches it off", async () => {
    const fake = connectedFake();
    fake.sheetStatus = COMPANIES;
    const sidebar = await browser.open(fake);
    const { page } = sidebar;
    await ready(page);
    const box = page.getByLabel("Keep history");
    const days = page.getByLabel("Days of history to keep");
    expect(await box.isChecked()).toBe(false);
    expect(await days.isDisabled()).toBe(true);
    await box.check();
    await expect.poll(() => fake.sheetStatus?.history).toEqual({ days: 180 });
    await page.getByLabel("Days of history to keep").fill("30");
    await page.getByLabel("Days of history to keep").press("Tab");
    await expect.poll(() => fake.sheetStatus?.history).toEqual({ days: 30 });
    await page.getByLabel("Days of history to keep").fill("0");
    await page.getByLabel("Days of history to keep").press("Tab");
    await waitForText(page, "Keep history for 1 to 3650 days (whole days).");
    expect(fake.sheetStatus?.history).toEqual({ days: 30 });
    await page.getByLabel("Keep history").uncheck();
    await expect.poll(() => fake.sheetStatus?.history).toBeNull();
    expect(sidebar.callsOf("setHistory").map((c) => c.args[0])).toEqual([
      { keep: true, days: 180 },
      { keep: true, days: 30 },
      { keep: true, days: 0 },
      { keep: false, days: 0 },
    ]);
  });

  it("makes the selected account's history sheet and says what went in", async () => {
    const fake = connectedFake();
    const sidebar = await browser.open(fake, { height: 1400 });
    const { page } = sidebar;
    await ready(page);
    await chooseManage(page, "group");
    await page.getByRole("button", { name: "History of this account" }).click();
    await waitForText(
      page,
      "“History acme”: 3 entries (1 from PostHog's activity, 1 pushed, 1 recorded).",
    );
    expect(fake.historySheets).toBe(1);
  });

  it("disables Keep history and the history action, with the scope to add, for a key without them", async () => {
    const held = requestedScopes();
    const noGroups = connectedFake({ scopes: held.filter((s) => s !== "group:write") });
    noGroups.sheetStatus = COMPANIES;
    const first = await browser.open(noGroups);
    await first.page.getByText("Companies: 12 rows").waitFor();
    expect(await first.page.getByLabel("Keep history").isDisabled()).toBe(true);
    await waitForText(first.page, "Needs the group:read scope");

    const noActivity = connectedFake({ scopes: held.filter((s) => s !== "activity_log:read") });
    const { page } = await browser.open(noActivity, { height: 1400 });
    await ready(page);
    await chooseManage(page, "group");
    await waitForText(page, "Needs the activity_log:read scope");
    expect(await page.getByRole("button", { name: "History of this account" }).count()).toBe(0);
  });
});

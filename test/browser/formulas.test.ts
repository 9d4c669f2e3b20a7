// The "Formulas" switch: the owner turns PostHog formulas on and off; anyone else sees why they can't.
import { describe, expect, it } from "vitest";
import { chromiumMissing, connectedFake, ready, skipNote, useBrowser, waitForText } from "./kit.ts";

const SWITCH = "Allow PostHog formulas in this spreadsheet";

describe.skipIf(chromiumMissing)(`the formulas switch in Chromium (${skipNote})`, () => {
  const browser = useBrowser();

  it("lets the owner switch formulas on and off, with the warning beside it", async () => {
    const fake = connectedFake();
    const sidebar = await browser.open(fake);
    const { page } = sidebar;
    await ready(page);
    await waitForText(page, "PostHog formulas are off in this spreadsheet.");
    const box = page.getByLabel(SWITCH);
    expect(await box.isChecked()).toBe(false);
    // The switch is disabled while any call runs (the sheet panel's first read may still be under way).
    await expect.poll(() => box.isDisabled()).toBe(false);
    const description = await box.evaluate((input) =>
      (input.getAttribute("aria-describedby") ?? "")
        .split(" ")
        .map((id) => document.getElementById(id))
        .filter((node) => node && !node.hidden)
        .map((node) => node?.textContent)
        .join(" "),
    );
    expect(description).toContain("spend the owner's PostHog key");
    expect(description).toContain("=POSTHOG_…");

    await box.focus();
    await page.keyboard.press("Space");
    await waitForText(page, "PostHog formulas are on.");
    await waitForText(page, "3 PostHog formula cells recomputed with formulas on.");
    expect(await page.locator("code", { hasText: "PostHogRefresh!A1" }).count()).toBe(1);
    expect(fake.formulas.enabled).toBe(true);
    await box.uncheck();
    await waitForText(page, "PostHog formulas are off");
    expect(sidebar.callsOf("setFormulasEnabled").map((c) => c.args)).toEqual([
      [{ enabled: true }],
      [{ enabled: false }],
    ]);
    expect(fake.formulas.enabled).toBe(false);
  });

  it("shows a non-owner the switch disabled and why", async () => {
    const fake = connectedFake();
    fake.formulas = { ...fake.formulas, enabled: true, isOwner: false };
    const sidebar = await browser.open(fake);
    const { page } = sidebar;
    await ready(page);
    await waitForText(page, "Only the spreadsheet's owner can switch this");
    const box = page.getByLabel(SWITCH);
    expect(await box.isDisabled()).toBe(true);
    expect(await box.isChecked()).toBe(true);
    expect(sidebar.callsOf("setFormulasEnabled")).toEqual([]);
  });

  it("puts the switch back and shows the refusal when the server says not the owner", async () => {
    const fake = connectedFake();
    fake.formulas = { ...fake.formulas, ownerConfirmed: false };
    fake.setFormulasEnabled = () => ({
      ok: false,
      code: "not_owner",
      message: "Only the spreadsheet's owner can switch PostHog formulas on or off.",
    });
    const { page } = await browser.open(fake);
    await ready(page);
    await waitForText(page, "could not confirm that you own this spreadsheet");
    const box = page.getByLabel(SWITCH);
    await box.click();
    await page.getByRole("alert").filter({ hasText: "Only the spreadsheet's owner" }).waitFor();
    expect(await box.isChecked()).toBe(false);
  });
});

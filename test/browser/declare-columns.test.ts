// "Columns sent as properties" in the sheet panel: opened, it lists the sheet's own columns; one is declared under a
// property name, a refusal shows as text, and a declared column stops being sent.
import { describe, expect, it } from "vitest";
import { chromiumMissing, connectedFake, ready, skipNote, useBrowser, waitForText } from "./kit.ts";

const PULLED = {
  sheetName: "Companies",
  pulledAt: "2026-11-22T10:00:00.000Z",
  rows: 3,
  schedule: "off" as const,
  lastRunAt: null,
  lastResult: null,
  lastMessage: null,
};

describe.skipIf(chromiumMissing)(`declaring columns in Chromium (${skipNote})`, () => {
  const browser = useBrowser();

  it("asks nothing until opened, declares a column under a property name, and stops sending it", async () => {
    const fake = connectedFake();
    fake.sheetStatus = PULLED;
    fake.columns = { sheetName: "Companies", columns: ["health", "notes"], declared: [] };
    const sidebar = await browser.open(fake);
    const { page } = sidebar;
    await ready(page);
    await waitForText(page, "Companies: 3 rows");
    expect(sidebar.callsOf("declareColumn")).toHaveLength(0);
    await page.getByText("Columns sent as properties").click();
    await waitForText(page, "No column of yours is sent yet.");
    // The property name follows the chosen column until the person types one.
    await page.getByLabel("Column", { exact: true }).selectOption("notes");
    expect(await page.getByLabel("Property name").inputValue()).toBe("notes");
    await page.getByLabel("Column", { exact: true }).selectOption("health");
    await page.getByLabel("Property name").fill("health_score");
    await page.getByRole("button", { name: "Send this column as property" }).click();
    await waitForText(page, "“health” as health_score");
    expect(sidebar.callsOf("declareColumn").map((c) => c.args)).toEqual([
      [{}],
      [{ header: "health", property: "health_score" }],
    ]);
    await page.getByRole("button", { name: "Stop sending “health”" }).click();
    await waitForText(page, "No column of yours is sent yet.");
    expect(fake.columns.declared).toEqual([]);
  });

  it("shows a refusal as text, and says how to add a column when the sheet has none of its own", async () => {
    const fake = connectedFake();
    fake.sheetStatus = PULLED;
    fake.columns = { sheetName: "Companies", columns: ["<b>x</b>"], declared: [] };
    fake.declareRefusals.set("<b>x</b>", '"<b>x</b>" is already pulled from PostHog.');
    const sidebar = await browser.open(fake);
    const { page } = sidebar;
    await ready(page);
    await page.getByText("Columns sent as properties").click();
    await page.getByRole("button", { name: "Send this column as property" }).click();
    await waitForText(page, '"<b>x</b>" is already pulled from PostHog.');
    expect(await page.locator("section b").count()).toBe(0);
    fake.columns = { sheetName: "Companies", columns: [], declared: [] };
    await page.getByText("Columns sent as properties").click();
    await page.getByText("Columns sent as properties").click();
    await waitForText(page, "Add a column of your own");
  });

  it("says in the preview's counts that empty cells of declared columns send nothing", async () => {
    const fake = connectedFake().withEdits();
    fake.emptyDeclared = 2;
    const sidebar = await browser.open(fake, { height: 1500 });
    const { page } = sidebar;
    await ready(page);
    await page.getByRole("button", { name: "Preview changes" }).click();
    await waitForText(page, "Preview of “Groups: company”");
    expect(await page.locator(".push-preview .push-counts li").allInnerTexts()).toContain(
      "2 empty cells of columns sent as properties: nothing sent",
    );
  });
});

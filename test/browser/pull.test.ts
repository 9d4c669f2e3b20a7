// Pulls in the sidebar: the request each form sends, progress over continuePull calls, resume, refresh, retries.
import { mkdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  chromiumMissing,
  connectedFake,
  latch,
  ready,
  skipNote,
  text,
  useBrowser,
  waitForText,
} from "./kit.ts";

describe.skipIf(chromiumMissing)(`sidebar pulls in Chromium (${skipNote})`, () => {
  const browser = useBrowser();

  describe("pull", () => {
    it("says by the search field that nothing matched, says what search matches, and starts no job", async () => {
      const fake = connectedFake();
      const sidebar = await browser.open(fake);
      const { page } = sidebar;
      await ready(page);
      const search = page.getByLabel("Search (optional)");
      expect(await search.getAttribute("placeholder")).toBe("Text in any property, or a full key");
      await search.fill("nothing here");
      await page.getByRole("button", { name: "Pull", exact: true }).click();
      await waitForText(page, "Nothing matched “nothing here” among companies.");
      expect(await search.getAttribute("aria-invalid")).toBe("true");
      expect(await page.getByRole("button", { name: "Continue the pull" }).count()).toBe(0);
      expect(sidebar.callsOf("continuePull")).toHaveLength(0);
      expect(await page.getByText("Done:").count()).toBe(0);
    });

    it("sends columns only when narrowed, shows progress over three continuePull calls, and finishes", async () => {
      const fake = connectedFake({ canQuery: false });
      const second = latch();
      fake.gate = (name) =>
        name === "continuePull" && fake.jobs.get("job-1")?.continues === 1
          ? second.promise
          : undefined;
      const sidebar = await browser.open(fake);
      const { page } = sidebar;
      await ready(page);
      await page.getByLabel("Group type").selectOption("0");
      await page.getByLabel("Search (optional)").fill("acme");
      await page.getByText("Columns: all").click();
      await page.getByLabel("plan").waitFor();
      await page.getByLabel("seats").uncheck();
      expect(await text(page, "summary")).toBe("Columns: 2 of 3");
      await page.getByRole("button", { name: "Pull", exact: true }).click();

      await expect.poll(() => sidebar.callsOf("continuePull").length).toBe(2);
      const bar = page.locator(".progress-panel progress");
      await expect.poll(() => bar.getAttribute("value")).toBe("1000");
      expect(await bar.getAttribute("max")).toBe("3000");
      expect(await text(page, ".rows")).toBe("1,000 of 3,000 rows");
      expect(await text(page, ".sheet-name")).toBe("Sheet: Groups: company");
      expect(await text(page, ".pull-status")).toBe("Pulling…");
      second.release();

      await waitForText(page, "Done: 3,000 rows");
      expect(sidebar.callsOf("startPull")[0]?.args).toEqual([
        { entity: "groups", groupTypeIndex: 0, search: "acme", columns: ["name", "plan"] },
      ]);
      expect(sidebar.callsOf("continuePull").map((c) => c.args)).toEqual([
        [{ jobId: "job-1" }],
        [{ jobId: "job-1" }],
        [{ jobId: "job-1" }],
      ]);
      expect(await bar.getAttribute("value")).toBe("3000");
      expect(await text(page, ".progress-panel .hint")).toBe(fake.options.hint);

      // A second pull of everything: no `columns`, no `search`; the hint is not repeated.
      await page.getByLabel("Search (optional)").fill("");
      await page.getByLabel("All columns").check();
      expect(await text(page, "summary")).toBe("Columns: all");
      await page.getByRole("button", { name: "Pull", exact: true }).click();
      await expect.poll(() => sidebar.callsOf("continuePull").length).toBe(6);
      await waitForText(page, "Done: 3,000 rows");
      expect(sidebar.callsOf("startPull")[1]?.args).toEqual([
        { entity: "groups", groupTypeIndex: 0 },
      ]);
      expect(await page.locator(".progress-panel .hint").isVisible()).toBe(false);
      expect(sidebar.peakInFlight()).toBe(1);

      mkdirSync("test-results", { recursive: true });
      await page.screenshot({ path: "test-results/sidebar.png", fullPage: true });
    });

    it("shows an indeterminate bar while the total is unknown", async () => {
      const fake = connectedFake({ knowsTotal: false });
      const hold = latch();
      fake.gate = (name) => (name === "continuePull" ? hold.promise : undefined);
      const sidebar = await browser.open(fake);
      const { page } = sidebar;
      await ready(page);
      await page.getByLabel("What").selectOption("metrics");
      await page.getByRole("button", { name: "Pull", exact: true }).click();
      await expect.poll(() => sidebar.callsOf("continuePull").length).toBe(1);
      expect(
        await page.locator(".progress-panel progress").evaluate((p) => p.matches(":indeterminate")),
      ).toBe(true);
      expect(await text(page, ".rows")).toBe("0 rows");
      hold.release();
      await waitForText(page, "Done: 3,000 rows");
      expect(sidebar.callsOf("startPull")[0]?.args).toEqual([
        { entity: "metrics", groupTypeIndex: 0 },
      ]);
    });

    it("asks for what each kind needs and shows server errors by their field", async () => {
      const fake = connectedFake();
      const sidebar = await browser.open(fake);
      const { page } = sidebar;
      await ready(page);
      await page.getByText("Columns: all").click();
      await page.getByLabel("All columns").uncheck();
      await page.getByText("Columns: 0 of 3").click(); // closes the picker: the error must still show
      await page.getByRole("button", { name: "Pull", exact: true }).click();
      const columnsError = page.getByText("Pick at least one column.");
      await columnsError.waitFor();
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("SUMMARY");
      expect(sidebar.callsOf("startPull")).toEqual([]);

      await page.getByLabel("What").selectOption("activity");
      await page.getByRole("button", { name: "Pull", exact: true }).click();
      await waitForText(page, "Enter the group's key.");
      expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-invalid"))).toBe(
        "true",
      );
      fake.startPull = () => ({
        ok: false,
        code: "invalid_input",
        message: "No company has the key “nope”.",
        field: "groupKey",
      });
      await page.getByLabel("Group key").fill("nope");
      await page.getByRole("button", { name: "Pull", exact: true }).click();
      await waitForText(page, "No company has the key");
      expect(await page.getByText("Enter the group's key.").count()).toBe(0);

      await page.getByLabel("What").selectOption("cohort_members");
      await page
        .getByLabel("Cohort")
        .locator("option", { hasText: "Power users (1,234)" })
        .waitFor({
          state: "attached",
        });
      fake.startPull = (request) => ({
        ok: true,
        value: {
          jobId: "job-cohort",
          sheetName: `Cohort ${"cohortId" in request ? request.cohortId : "?"}`,
          status: "done",
          rows: 5,
          totalRows: 5,
          startedAt: "2026-11-22T10:00:00.000Z",
        },
      });
      await page.getByRole("button", { name: "Pull", exact: true }).click();
      await waitForText(page, "Done: 5 rows in “Cohort 7”");
    });

    it("shows a pull refused for its size with the whole message, the form left to narrow it", async () => {
      const fake = connectedFake();
      const message =
        "This pull needs about 12,600,000 more cells (20,000 rows × 630 columns, with the hidden copy the add-on " +
        "keeps to find your edits). This spreadsheet has 26,000 cells and Google Sheets allows 10,000,000. Pick " +
        "fewer columns or add a search, or pull into a new spreadsheet. For a project this large, PostHog's batch " +
        "exports to BigQuery, read in Google Sheets through Connected Sheets, work better.";
      fake.startPull = () => ({ ok: false, code: "too_many_cells", message });
      const sidebar = await browser.open(fake);
      const { page } = sidebar;
      await ready(page);
      await page.getByRole("button", { name: "Pull", exact: true }).click();
      const alert = page.getByRole("alert").filter({ hasText: "10,000,000" });
      await alert.waitFor();
      expect(await alert.textContent()).toContain(
        "BigQuery, read in Google Sheets through Connected Sheets",
      );
      expect(sidebar.callsOf("continuePull")).toEqual([]);
      // The person narrows the pull in the same form: fewer columns, then pulls again.
      await page.getByText("Columns: all").click();
      await page.getByLabel("All columns").uncheck();
      expect(await page.getByText("Columns: 0 of 3").count()).toBe(1);
    });

    it("refreshes the active sheet, asking in the page before discarding unpushed edits", async () => {
      const fake = connectedFake();
      const sidebar = await browser.open(fake);
      const { page } = sidebar;
      await ready(page);
      await page.getByRole("button", { name: "Refresh this sheet" }).click();
      await waitForText(page, "Done: 3,000 rows in “Refreshed sheet”");

      fake.unpushedEdits = true;
      await page.getByRole("button", { name: "Refresh this sheet" }).click();
      const alert = page.getByRole("alert").filter({ hasText: "not pushed to PostHog yet" });
      await alert.waitFor();
      expect(await alert.evaluate((a) => a === document.activeElement)).toBe(true);
      await page.getByRole("button", { name: "Keep my edits" }).click();
      expect(await alert.isVisible()).toBe(false);
      expect(fake.unpushedEdits).toBe(true);

      await page.getByRole("button", { name: "Refresh this sheet" }).click();
      await page.getByRole("button", { name: "Discard edits and refresh" }).click();
      await expect.poll(() => fake.unpushedEdits).toBe(false);
      await expect.poll(() => sidebar.callsOf("continuePull").length).toBe(6);
      expect(sidebar.callsOf("refreshActiveSheet").map((c) => c.args)).toEqual([
        [],
        [],
        [],
        [{ discardEdits: true }],
      ]);
    });

    it("shows other refusals of a refresh at the form's top", async () => {
      const fake = connectedFake();
      fake.refreshActiveSheet = () => ({
        ok: false,
        code: "not_a_pulled_sheet",
        message: "Open a sheet pulled from PostHog to refresh it.",
      });
      const { page } = await browser.open(fake);
      await ready(page);
      await page.getByRole("button", { name: "Refresh this sheet" }).click();
      const alert = page.getByRole("alert").filter({ hasText: "Open a sheet pulled" });
      await alert.waitFor();
      expect(await alert.evaluate((a) => a === document.activeElement)).toBe(true);
    });

    it("resumes a running pull on load through currentPull", async () => {
      const fake = connectedFake().running(1000);
      const sidebar = await browser.open(fake);
      const { page } = sidebar;
      await waitForText(page, "Done: 4,000 rows");
      expect(sidebar.callsOf("currentPull")).toHaveLength(1);
      expect(sidebar.callsOf("startPull")).toHaveLength(0);
      expect(sidebar.callsOf("continuePull")).toHaveLength(3);
    });

    it("offers to continue after a failed call mid-pull", async () => {
      const fake = connectedFake();
      const real = fake.continuePull.bind(fake);
      let failures = 1;
      fake.continuePull = (input) =>
        failures-- > 0 ? { ok: false, code: "server_error", message: "Timed out." } : real(input);
      const sidebar = await browser.open(fake);
      const { page } = sidebar;
      await ready(page);
      await page.getByRole("button", { name: "Pull", exact: true }).click();
      await page.getByRole("button", { name: "Continue the pull" }).click();
      await waitForText(page, "Done: 3,000 rows");
    });
  });
});

// The Manage forms for cohorts and "This group", driven in Chromium through the real bundle against the local PostHog.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedValues, setSelection, sheetValues } from "../../runtime/spreadsheet/index.ts";
import { DOC, startWorld, type World } from "../../scripts/local-world.ts";
import type { PullProgress } from "../../src/shared/rpc.ts";
import { FakeServer } from "./fake-server.ts";
import { chromiumMissing, skipNote, useBrowser } from "./kit.ts";
import { chooseManage, openOnBundle, projectApi } from "./manage-kit.ts";

const XSS = `<img src=x onerror="window.__xss=1">`;
const SCRIPT = `<script>window.__xss=2</script>`;

interface Cohort {
  id: number;
  name: string;
  is_static: boolean;
  deleted: boolean;
}

describe.skipIf(chromiumMissing)(
  `Manage: cohorts and the selected group in Chromium (${skipNote})`,
  () => {
    const browser = useBrowser();
    let world: World;

    beforeAll(async () => {
      world = await startWorld({ groups: 40 });
      world.connect();
    }, 60_000);
    afterAll(async () => {
      await world?.close();
    });

    const api = <T>(path: string, init: RequestInit = {}) => projectApi<T>(world, path, init);
    const members = async (id: number) => {
      await world.posthog.control.flush();
      const page = await api<{ results: Array<{ uuid: string; properties: { email?: string } }> }>(
        `cohorts/${id}/persons/?limit=500`,
      );
      return page.results;
    };
    const select = (a1: string) => setSelection(world.runtime.store, DOC, "Sheet1", a1);
    const open = () => openOnBundle(browser, world);
    const status = (page: Page, text: string) => page.getByRole("status").getByText(text).waitFor();
    const inert = async (page: Page) => {
      expect(await page.locator("img, #app script").count()).toBe(0);
      expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    };

    it("creates a static cohort from selected emails, adds and removes persons, duplicates a dynamic cohort, deletes", async () => {
      const beta = (await api<{ results: Cohort[] }>("cohorts/?limit=100")).results.find(
        (c) => c.name === "Beta testers",
      ) as Cohort;
      // A Beta tester who is not among the emails below (they are added by person id).
      const betaUuid = (await members(beta.id)).find(
        (p) => !/^user[1-4]@/.test(p.properties.email ?? ""),
      )?.uuid as string;
      seedValues(world.runtime.store, DOC, "Sheet1", "A1", [
        ["email", "person_id"],
        ["user1@example.com", betaUuid],
        ["user2@example.com", ""],
        ["user3@example.com", ""],
        ["user4@example.com", ""],
      ]);
      select("A1:A4");
      const sidebar = await open();
      const { page } = sidebar;
      await chooseManage(page, "cohorts");
      await page.getByText("Selection Sheet1!A1:A4: 3 emails").waitFor();

      // A missing name is shown by the name field; nothing is sent to PostHog.
      await page.getByRole("button", { name: "Create cohort" }).click();
      await page.getByRole("alert").waitFor();
      expect(await page.getByLabel("Cohort name").getAttribute("aria-invalid")).toBe("true");

      const name = `Imported ${XSS}${SCRIPT}`;
      await page.getByLabel("Cohort name").fill(name);
      await page.getByLabel("Cohort name").press("Enter");
      await status(page, "from 3 emails");
      const created = (await api<{ results: Cohort[] }>("cohorts/?limit=100")).results.find(
        (c) => c.name === name,
      ) as Cohort;
      expect(created.is_static).toBe(true);
      const emails = async () => (await members(created.id)).map((p) => p.properties.email).sort();
      expect(await emails()).toEqual([
        "user1@example.com",
        "user2@example.com",
        "user3@example.com",
      ]);
      const cohortSelect = page
        .getByRole("region", { name: "Manage" })
        .getByLabel("Cohort", { exact: true });
      expect(await cohortSelect.inputValue()).toBe(String(created.id));
      await inert(page);

      // Add one more email (CSV append), then a person id (add_persons), then remove two emails.
      select("A5");
      await page.getByRole("button", { name: "Check selection" }).click();
      await page.getByText("Selection Sheet1!A5: 1 email (").waitFor();
      await page.getByRole("button", { name: "Add selection" }).click();
      await status(page, "the 1 person matched from 1 email");
      expect(await emails()).toEqual([
        "user1@example.com",
        "user2@example.com",
        "user3@example.com",
        "user4@example.com",
      ]);
      select("B2");
      await page.getByRole("button", { name: "Add selection" }).click();
      await status(page, "the 1 person matched from 1 person id");
      expect((await members(created.id)).map((p) => p.uuid)).toContain(betaUuid);
      select("A2:A3");
      await page.getByRole("button", { name: "Remove selection" }).click();
      await status(page, "Removed 2 of 2 emails");
      const left = await members(created.id);
      expect(left.map((p) => p.properties.email)).not.toContain("user1@example.com");
      expect(left.map((p) => p.properties.email)).not.toContain("user2@example.com");
      expect(left).toHaveLength(3);

      // Duplicate a dynamic cohort as static.
      const pro = (await api<{ results: Cohort[] }>("cohorts/?limit=100")).results.find(
        (c) => c.name === "Pro plan users",
      ) as Cohort;
      await cohortSelect.selectOption(String(pro.id));
      await page.getByRole("button", { name: "Duplicate as static" }).click();
      await status(page, "Pro plan users (static copy)");
      const copy = (await api<{ results: Cohort[] }>("cohorts/?limit=100")).results.find(
        (c) => c.name === "Pro plan users (static copy)",
      );
      expect(copy?.is_static).toBe(true);

      // Its members go to a sheet of their own.
      await cohortSelect.selectOption(String(created.id));
      await page.getByRole("button", { name: "Pull members" }).click();
      await status(page, "Pulled 3 members into");

      // Soft delete after typing the name; a wrong name is refused by its field.
      await cohortSelect.selectOption(String(created.id));
      const confirm = page.getByLabel("Type the cohort's name to delete it");
      await confirm.fill("Imported");
      await page.getByRole("button", { name: "Delete cohort" }).click();
      await page.getByRole("alert").waitFor();
      expect(await confirm.getAttribute("aria-invalid")).toBe("true");
      expect(sidebar.callsOf("deleteCohort")).toEqual([]);
      await confirm.fill(name);
      await confirm.press("Enter");
      await status(page, "Deleted");
      expect((await api<Cohort>(`cohorts/${created.id}/`)).deleted).toBe(true);
      await inert(page);
    });

    it("refuses names, and asks before creating a cohort from a partly matched selection", async () => {
      seedValues(world.runtime.store, DOC, "Sheet1", "K1", [
        ["Ada Lovelace"],
        ["user5@example.com"],
        ["nobody@example.com"],
        ["user6@example.com"],
      ]);
      select("K1");
      const sidebar = await open();
      const { page } = sidebar;
      await chooseManage(page, "cohorts");
      const before = (await api<{ results: Cohort[] }>("cohorts/?limit=100")).results.length;

      // A name matches nobody: the selection field says so and nothing is created.
      await page.getByLabel("Cohort name").fill("From names");
      await page.getByRole("button", { name: "Create cohort" }).click();
      await page
        .getByRole("alert")
        .getByText("None of the 1 distinct id in Sheet1!K1 matched a person in PostHog")
        .waitFor();
      expect((await api<{ results: Cohort[] }>("cohorts/?limit=100")).results).toHaveLength(before);

      // Two of three emails match: the sidebar says which did not and offers to go on with the two.
      select("K2:K4");
      await page.getByLabel("Cohort name").fill("Partly matched");
      await page.getByRole("button", { name: "Create cohort" }).click();
      await page
        .getByText(
          "PostHog matched 2 of the 3 emails in Sheet1!K2:K4 to 2 people; 1 matched nobody (nobody@example.com).",
        )
        .waitFor();
      expect((await api<{ results: Cohort[] }>("cohorts/?limit=100")).results).toHaveLength(before);
      expect(sidebar.callsOf("createStaticCohort")).toHaveLength(2);
      await page.getByRole("button", { name: "Create with the 2 matched people" }).click();
      await status(page, "The cohort now has 2 people.");
      const created = (await api<{ results: Cohort[] }>("cohorts/?limit=100")).results.find(
        (c) => c.name === "Partly matched",
      ) as Cohort;
      expect((await members(created.id)).map((p) => p.properties.email).sort()).toEqual([
        "user5@example.com",
        "user6@example.com",
      ]);
      expect(await page.getByRole("button", { name: /matched people/ }).count()).toBe(0);
    });

    it("shows the partial match when adding to a cohort and sends again only on the second click", async () => {
      const fake = new FakeServer({
        cohorts: [{ id: 7, name: "Customers", isStatic: true, count: 10 }],
      }).connected(1);
      fake.selection = { ...fake.selection, count: 3, sample: ["a@example.com", "b@example.com"] };
      fake.unmatched = ["c@example.com"];
      const sidebar = await browser.open(fake);
      const { page } = sidebar;
      await chooseManage(page, "cohorts");
      await page.getByRole("button", { name: "Add selection" }).click();
      await page
        .getByText("PostHog matched 2 of the 3; 1 matched nobody (c@example.com).")
        .waitFor();
      const sent = () => sidebar.callsOf("addSelectionToCohort").map((c) => c.args[0]);
      expect(sent()).toEqual([{ cohortId: 7 }]);
      await page.getByRole("button", { name: "Add the 2 matched people" }).click();
      await status(page, "Added.");
      expect(sent()).toEqual([{ cohortId: 7 }, { cohortId: 7, confirm: 2 }]);
      expect(await page.getByRole("button", { name: /matched people/ }).count()).toBe(0);
    });

    it("lists the selected row's group activity and related groups as text", async () => {
      let progress = world.ok<PullProgress>("startPull", { entity: "groups", groupTypeIndex: 0 });
      while (progress.status === "running")
        progress = world.ok<PullProgress>("continuePull", { jobId: progress.jobId });
      const grid = sheetValues(world.runtime.store, DOC, progress.sheetName);
      const key = String(grid[2]?.[0]);
      await api(`groups/update_property/?group_type_index=0&group_key=${encodeURIComponent(key)}`, {
        method: "POST",
        body: JSON.stringify({ key: "name", value: `${XSS}${SCRIPT}` }),
      });
      setSelection(world.runtime.store, DOC, progress.sheetName, "C3");

      const { page } = await open();
      await chooseManage(page, "group");
      await page.getByRole("button", { name: "Show selected group" }).click();
      await page.getByText(`company: ${key}`).waitFor();
      const activity = page.getByRole("list", { name: "Activity" });
      await activity.getByText(`${XSS}${SCRIPT}`, { exact: false }).waitFor();
      // When (in the spreadsheet's time zone), who, which property, old → new.
      const entry = (await activity.locator("li").first().innerText()).split("\n");
      const timeZone = world.runtime.store.documents.get(DOC)?.timeZone ?? "";
      const zone = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "short" })
        .formatToParts(new Date())
        .find((p) => p.type === "timeZoneName")?.value;
      expect(entry[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d \S+ · \S+@\S+$/);
      expect(entry[0]).toContain(` ${zone} · `);
      expect(entry[1]).toMatch(
        new RegExp(`^name: .+ → ${XSS.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`),
      );
      const related = page.getByRole("list", { name: "Related" });
      expect(await related.locator("li").count()).toBeGreaterThan(0);
      expect(await related.textContent()).toMatch(/(person|project|instance): /);
      await inert(page);

      // A row in a sheet that is not a groups pull: the sidebar says what to select.
      setSelection(world.runtime.store, DOC, "Sheet1", "A2");
      await page.getByRole("button", { name: "Show selected group" }).click();
      await page.getByRole("alert").getByText("Select a row in a sheet pulled as Groups").waitFor();
    });
  },
);

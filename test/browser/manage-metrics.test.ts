// The Manage forms for usage metrics and group types, driven in Chromium through the real bundle against the local PostHog.
import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorld, type World } from "../../scripts/local-world.ts";
import { chromiumMissing, skipNote, useBrowser } from "./kit.ts";
import { chooseManage, openOnBundle, projectApi } from "./manage-kit.ts";

const XSS = `<img src=x onerror="window.__xss=1">`;

describe.skipIf(chromiumMissing)(
  `Manage: metrics and group types in Chromium (${skipNote})`,
  () => {
    const browser = useBrowser();
    let world: World;

    beforeAll(async () => {
      world = await startWorld({ groups: 40 });
    }, 60_000);
    afterAll(async () => {
      await world?.close();
    });

    const api = <T>(path: string, init: RequestInit = {}) => projectApi<T>(world, path, init);

    const open = () => openOnBundle(browser, world);
    const alertOf = (page: Page) => page.getByRole("alert");

    it("creates a metric after a field error, shows its payload name as text, edits and deletes it", async () => {
      world.connect();
      const { page } = await open();
      await chooseManage(page, "metrics");
      const list = page.getByRole("list", { name: "Metrics" });
      await list.getByText("Events (7 days)", { exact: true }).waitFor();

      await page.getByLabel("Name", { exact: true }).fill(`Spend ${XSS}`);
      await page.getByLabel("Math").selectOption("sum");
      await page.getByRole("button", { name: "Save metric" }).click();
      // Our own check first: a sum needs its property, shown by that field with focus on it.
      await alertOf(page).waitFor();
      expect(await alertOf(page).textContent()).toContain("A sum needs the property");
      const property = page.getByLabel("Property to sum");
      expect(await property.getAttribute("aria-invalid")).toBe("true");
      expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-invalid"))).toBe(
        "true",
      );

      // PostHog's own validation (attr "filters") lands by the JSON field.
      await property.fill("amount");
      await page.getByLabel("Filters as").selectOption("json");
      await page.getByLabel("Filters (JSON)").fill('{"source": "bogus"}');
      await page.getByRole("button", { name: "Save metric" }).click();
      await expect
        .poll(async () => (await alertOf(page).textContent()) ?? "")
        .toContain("Unknown source");
      expect(await page.getByLabel("Filters (JSON)").getAttribute("aria-invalid")).toBe("true");

      await page.getByLabel("Filters as").selectOption("guided");
      await page.getByLabel("Filters as").selectOption("json");
      await page.getByLabel("Filters as").selectOption("guided");
      await page.getByLabel("Event", { exact: true }).fill("purchase");
      await page.getByLabel("Where property (optional)").fill("plan");
      await page.getByLabel("Equals").fill("pro");
      await page.getByLabel("Interval (days)").fill("30");
      await page.getByLabel("Format").selectOption("currency");
      await page.getByRole("button", { name: "Save metric" }).click();
      await page.getByRole("status").getByText("Created").waitFor();

      type Metric = {
        id: string;
        name: string;
        interval: number;
        math: string;
        math_property: string;
        filters: unknown;
        format: string;
      };
      const created = (await api<{ results: Metric[] }>("groups_types/0/metrics/")).results.find(
        (m) => m.name.startsWith("Spend"),
      );
      expect(created).toMatchObject({
        name: `Spend ${XSS}`,
        interval: 30,
        math: "sum",
        math_property: "amount",
        format: "currency",
        filters: {
          events: [
            {
              id: "purchase",
              type: "events",
              order: 0,
              properties: [{ key: "plan", value: "pro", operator: "exact", type: "event" }],
            },
          ],
        },
      });
      // The name is text: no <img> was made, nothing ran.
      await list.getByText(`Spend ${XSS}`, { exact: true }).waitFor();
      expect(await page.locator("img").count()).toBe(0);
      expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();

      // Edit: the guided filter comes back; change the interval.
      await page.getByRole("button", { name: `Edit Spend ${XSS}` }).click();
      expect(await page.getByLabel("Event", { exact: true }).inputValue()).toBe("purchase");
      await page.getByLabel("Interval (days)").fill("14");
      await page.getByRole("button", { name: "Save metric" }).click();
      await page.getByRole("status").getByText("Saved").waitFor();
      const edited = await api<Metric>(`groups_types/0/metrics/${created?.id}/`);
      expect(edited.interval).toBe(14);

      // Delete, confirmed.
      await page.getByRole("button", { name: `Delete Spend ${XSS}` }).click();
      await page.getByRole("button", { name: "Delete metric" }).click();
      await page.getByRole("status").getByText("Deleted").waitFor();
      const after = (await api<{ results: Metric[] }>("groups_types/0/metrics/")).results;
      expect(after.map((m) => m.name)).not.toContain(`Spend ${XSS}`);

      // A field error for the screenshot, at the sidebar's 300 px: nothing wider than the page.
      await page.getByLabel("Name", { exact: true }).fill("");
      await page.getByRole("button", { name: "Save metric" }).click();
      await alertOf(page).waitFor();
      const overflow = await page.evaluate(() =>
        Array.from(document.querySelectorAll("body *"))
          .filter(
            (e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5,
          )
          .map((e) => e.tagName),
      );
      expect(overflow).toEqual([]);
      mkdirSync("test-results", { recursive: true });
      await page
        .getByRole("region", { name: "Manage" })
        .screenshot({ path: "test-results/manage.png" });
    });

    it("says plainly that only PostHog's own settings rename group types, links there, and deletes a type after its name is typed", async () => {
      world.connect();
      const sidebar = await open();
      await chooseManage(sidebar.page, "types");
      const page = sidebar.page;
      const note = page.locator(".rename-note");
      expect(await note.textContent()).toContain(
        "PostHog lets you rename group types only in its own interface",
      );
      expect(await note.textContent()).not.toMatch(/legacy/i);
      const link = note.getByRole("link", { name: "group analytics settings" });
      expect(await link.getAttribute("href")).toBe(
        `${world.posthog.url}/project/${world.posthog.projectId}/settings/environment-customer-analytics#group-analytics`,
      );
      expect(await link.getAttribute("target")).toBe("_blank");
      expect(await page.getByLabel("Singular name").count()).toBe(0);
      type Type = { group_type_index: number; group_type: string };
      const typeSelect = page.getByLabel("Group type", { exact: true }).last();
      await typeSelect.locator("option", { hasText: "instances" }).waitFor({ state: "attached" });
      await typeSelect.selectOption("2");
      const confirm = page.getByLabel("Type “instance” to confirm");
      await confirm.fill("instanc");
      await page.getByRole("button", { name: "Delete group type" }).click();
      await alertOf(page).waitFor();
      expect(await confirm.getAttribute("aria-invalid")).toBe("true");
      expect(sidebar.callsOf("deleteGroupType")).toEqual([]);
      // The server checks the typed name too.
      expect(
        world.call("deleteGroupType", { groupTypeIndex: 2, confirmName: "nope" }),
      ).toMatchObject({
        ok: false,
        field: "confirmName",
      });
      await confirm.fill("instance");
      await confirm.press("Enter");
      await page.getByRole("status").getByText("Deleted the group type").waitFor();
      expect((await api<Type[]>("groups_types/")).map((t) => t.group_type)).toEqual([
        "company",
        "project",
      ]);
    });
  },
);

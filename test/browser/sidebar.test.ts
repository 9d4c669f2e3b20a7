// The sidebar in headless Chromium against a stateful fake server: connect, project picker, connected view, safe text.
import { describe, expect, it } from "vitest";
import { createAppsScriptRuntime } from "../../runtime/index.ts";
import { FakeServer, GOOD_KEY } from "./fake-server.ts";
import { runtimeHandler } from "./harness.ts";
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

describe.skipIf(chromiumMissing)(`sidebar in Chromium (${skipNote})`, () => {
  const browser = useBrowser();

  describe("connect", () => {
    it("shows a refused key next to the key field, as an alert, with focus on the field", async () => {
      const { page } = await browser.open(new FakeServer());
      await page.getByLabel("Personal API key").fill("phx_wrong");
      await page.getByRole("button", { name: "Connect" }).click();
      const alert = page.getByRole("alert");
      await alert.waitFor();
      expect(await alert.textContent()).toContain("PostHog refused this key");
      const placement = await page.evaluate(() => {
        const key = document.querySelector<HTMLInputElement>('input[type="password"]');
        const error = document.querySelector('[role="alert"]');
        return {
          nextToKey: key?.nextElementSibling === error,
          described: key
            ?.getAttribute("aria-describedby")
            ?.split(" ")
            .includes(error?.id ?? "-"),
          invalid: key?.getAttribute("aria-invalid"),
          focused: document.activeElement === key,
        };
      });
      expect(placement).toEqual({
        nextToKey: true,
        described: true,
        invalid: "true",
        focused: true,
      });
    });

    it("checks a self-hosted URL before calling the server", async () => {
      const sidebar = await browser.open(new FakeServer());
      const { page } = sidebar;
      expect(await page.getByLabel("Self-hosted URL").isVisible()).toBe(false);
      await page.getByLabel("PostHog host").selectOption("self");
      await page.getByLabel("Self-hosted URL").fill("http://posthog.internal");
      await page.getByLabel("Personal API key").fill(GOOD_KEY);
      await page.getByRole("button", { name: "Connect" }).click();
      await waitForText(page, "must start with https://");
      expect(await page.evaluate(() => document.activeElement?.getAttribute("type"))).toBe("url");
      expect(sidebar.callsOf("connect")).toEqual([]);
    });

    it("connects with a good key, picks a project, and never shows the key again", async () => {
      const fake = new FakeServer();
      const sidebar = await browser.open(fake);
      const { page } = sidebar;
      expect(await text(page, "#version")).toBe("Version 9.8.7");
      await page.getByLabel("PostHog host").selectOption("eu");
      await page.getByLabel("Personal API key").fill(GOOD_KEY);
      await page.getByRole("button", { name: "Connect" }).click();
      await page.getByRole("button", { name: "Use this project" }).waitFor();
      expect(sidebar.callsOf("connect")[0]?.args).toEqual([{ host: "eu", apiKey: GOOD_KEY }]);
      expect(
        await page.getByLabel("Project", { exact: true }).locator("option").allInnerTexts(),
      ).toEqual(["Production (project 1)", "Staging (project 2)"]);
      await page.getByLabel("Project", { exact: true }).selectOption("2");
      await page.getByRole("button", { name: "Use this project" }).click();
      await ready(page);
      expect(sidebar.callsOf("selectProject")[0]?.args).toEqual([{ projectId: 2 }]);
      const facts = await text(page, ".facts");
      expect(facts).toContain("EU Cloud");
      expect(facts).toContain("Staging");
      expect(facts).toContain("••••abcd");
      const everything = await page.evaluate(() => {
        const values = Array.from(document.querySelectorAll("input"))
          .map((i) => i.value)
          .join(" ");
        return `${document.documentElement.outerHTML} ${values}`;
      });
      expect(everything).not.toContain(GOOD_KEY);
      expect(everything).not.toContain("personal_key");
    });

    it("disables every control while a call runs", async () => {
      const fake = new FakeServer();
      const hold = latch();
      const sidebar = await browser.open(fake);
      const { page } = sidebar;
      await page.getByLabel("Personal API key").fill(GOOD_KEY);
      fake.gate = (name) => (name === "connect" ? hold.promise : undefined);
      await page.getByRole("button", { name: "Connect" }).click();
      await expect.poll(() => sidebar.callsOf("connect").length).toBe(1);
      const state = await page.evaluate(() => ({
        enabled: Array.from(document.querySelectorAll("button, input, select")).filter(
          (c) => !c.matches(":disabled"),
        ).length,
        busy: document.querySelector("main")?.getAttribute("aria-busy"),
        working: !(document.getElementById("busy") as HTMLElement).hidden,
      }));
      expect(state).toEqual({ enabled: 0, busy: "true", working: true });
      hold.release();
      await page.getByRole("button", { name: "Use this project" }).waitFor();
      expect(await page.locator("#busy").isHidden()).toBe(true);
      expect(await page.getByLabel("Project", { exact: true }).isEnabled()).toBe(true);
    });

    it("works from the keyboard alone", async () => {
      const sidebar = await browser.open(new FakeServer());
      const { page } = sidebar;
      await page.getByLabel("PostHog host").focus();
      await page.keyboard.press("Tab");
      await page.keyboard.type(GOOD_KEY);
      await page.keyboard.press("Enter");
      await page.getByRole("button", { name: "Use this project" }).waitFor();
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("SELECT");
      await page.keyboard.press("Tab");
      await page.keyboard.press("Enter");
      await ready(page);
      expect(sidebar.callsOf("selectProject")).toHaveLength(1);
    });
  });

  describe("connected view", () => {
    it("hints at query:read only when the key lacks it", async () => {
      const slow = await browser.open(connectedFake({ canQuery: false }));
      await ready(slow.page);
      expect(await text(slow.page, ".facts + .hint")).toContain("query:read");
      const fast = await browser.open(connectedFake({ canQuery: true }));
      await ready(fast.page);
      expect(await fast.page.locator(".facts ~ .hint").count()).toBe(0);
    });

    it("disconnects only after a confirm step in the page", async () => {
      const fake = connectedFake();
      const sidebar = await browser.open(fake);
      const { page } = sidebar;
      await ready(page);
      await page.getByRole("button", { name: "Disconnect" }).click();
      const confirm = page.getByRole("group", { name: /Disconnect from PostHog/ });
      await confirm.waitFor();
      expect(await page.getByRole("button", { name: "Change project" }).isVisible()).toBe(false);
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Cancel");
      await page.keyboard.press("Escape");
      expect(await confirm.isVisible()).toBe(false);
      expect(await page.getByRole("button", { name: "Change project" }).isVisible()).toBe(true);
      expect(sidebar.callsOf("disconnect")).toEqual([]);
      await page.getByRole("button", { name: "Disconnect" }).click();
      await confirm.getByRole("button", { name: "Disconnect" }).click();
      await page.getByRole("button", { name: "Connect" }).waitFor();
      expect(sidebar.callsOf("disconnect")).toHaveLength(1);
      expect(fake.connection).toBeNull();
    });

    it("changes project from the list of the saved key's projects", async () => {
      const sidebar = await browser.open(connectedFake());
      const { page } = sidebar;
      await ready(page);
      await page.getByRole("button", { name: "Change project" }).click();
      await page.getByRole("button", { name: "Cancel" }).click();
      await ready(page);
      await page.getByRole("button", { name: "Change project" }).click();
      expect(
        await page.getByLabel("Project", { exact: true }).locator("option").allInnerTexts(),
      ).toEqual(["Production (project 1), used by this spreadsheet", "Staging (project 2)"]);
      await page.getByLabel("Project", { exact: true }).selectOption("2");
      await page.getByRole("button", { name: "Use this project" }).click();
      await page.getByText("Staging").waitFor();
      expect(sidebar.callsOf("listProjects")).toHaveLength(2);
      expect(sidebar.callsOf("selectProject").map((c) => c.args)).toEqual([[{ projectId: 2 }]]);
    });

    it("asks for a project on load when none is chosen yet", async () => {
      const sidebar = await browser.open(new FakeServer().connected(null));
      const { page } = sidebar;
      await page.getByRole("button", { name: "Use this project" }).click();
      await ready(page);
      expect(await text(page, ".facts")).toContain("Production");
      expect(sidebar.callsOf("connect")).toEqual([]);
    });
  });

  describe("server text is text", () => {
    it("shows markup in names as text and creates no element from it", async () => {
      const img = `<img src=x onerror="window.__pwned = 1">`;
      const script = `<script>window.__pwned = 2</script>`;
      const fake = new FakeServer({
        projects: [{ id: 1, name: img }],
        groupTypes: [
          {
            group_type_index: 0,
            group_type: "company",
            name_singular: script,
            name_plural: `companies ${script}`,
          },
        ],
        cohorts: [{ id: 7, name: img, isStatic: true, count: null }],
        properties: [img],
      }).connected(1);
      const { page } = await browser.open(fake);
      await ready(page);
      expect(await text(page, ".facts")).toContain(img);
      expect(await page.getByLabel("Group type").locator("option").first().textContent()).toBe(
        `companies ${script}`,
      );
      await page.getByText("Columns: all").click();
      await page.getByLabel(img).waitFor();
      await page.getByLabel("What").selectOption("cohort_members");
      await page
        .getByLabel("Cohort")
        .locator("option", { hasText: img })
        .waitFor({ state: "attached" });
      const counts = await page.evaluate(() => ({
        img: document.querySelectorAll("img").length,
        script: document.querySelectorAll("script").length,
        pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
      }));
      expect(counts).toEqual({ img: 0, script: 1, pwned: null });
    });
  });

  describe("the real bundle", () => {
    it("loads and shows the server's own field errors through runtimeHandler", async () => {
      const runtime = createAppsScriptRuntime({ distDir: "dist", sleep: "virtual" });
      runtime.addDocument({ id: "doc-browser", name: "Accounts", owner: "owner@example.com" });
      try {
        const sidebar = await browser.open(
          runtimeHandler(runtime, { user: "owner@example.com", documentId: "doc-browser" }),
        );
        const { page } = sidebar;
        await page.getByRole("button", { name: "Connect" }).waitFor();
        expect(await text(page, "#version")).toMatch(/^Version \d+\.\d+\.\d+/);
        await page.getByLabel("PostHog host").selectOption("self");
        await page.getByLabel("Self-hosted URL").fill("https://bad host");
        await page.getByLabel("Personal API key").fill("phx_never_sent_anywhere_1234");
        await page.getByRole("button", { name: "Connect" }).click();
        const alert = page.getByRole("alert");
        await alert.waitFor();
        expect(await alert.textContent()).toContain("Host: enter an address like");
        expect(await page.evaluate(() => document.activeElement?.getAttribute("type"))).toBe("url");
        expect(sidebar.calls.map((c) => c.name)).toEqual([
          "getAddonInfo",
          "getConnection",
          "connect",
        ]);
        expect(runtime.http).toEqual([]);
      } finally {
        runtime.close();
      }
    });
  });
});

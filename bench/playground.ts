// The playground in Chromium at 2,000 and 50,000 rows: how soon a pulled tab shows, how fast a click answers, memory.
import { chromium } from "playwright-core";
import { startPlayground } from "../playground/start-playground.ts";

export interface PlaygroundRun {
  rows: number;
  columns: number;
  /** From the sidebar saying the pull is done to the new tab showing its rows. */
  tabShownSeconds: number;
  /** From a click on a cell to the name box showing it. */
  clickMs: number;
  /** The page's JavaScript heap (Chromium's JSHeapTotalSize). */
  pageMemoryMB: number;
}

const CHROMIUM = "/usr/bin/chromium";

export async function measurePlayground(
  sizes: readonly number[] = [2_000, 50_000],
): Promise<PlaygroundRun[]> {
  const runs: PlaygroundRun[] = [];
  for (const groups of sizes) {
    const playground = await startPlayground({ port: 0, groups });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run"],
    });
    try {
      const posthog = playground.posthog;
      if (!posthog) throw new Error("expected the local PostHog");
      const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
      page.setDefaultTimeout(300_000);
      await page.goto(playground.url);
      await page.locator("body[data-ready]").waitFor({ state: "attached" });
      await page.getByRole("button", { name: "Extensions" }).click();
      await page.getByRole("menuitem", { name: /PostHog for Sheets/ }).click();
      await page.getByRole("menuitem", { name: "Open PostHog sidebar" }).click();
      const side = page.frameLocator("#sidebar-frame");
      await side.getByLabel("PostHog host").selectOption("self");
      await side.getByLabel("Self-hosted URL").fill(posthog.url);
      await side.getByLabel("Personal API key").fill(posthog.personalApiKey);
      await side.getByRole("button", { name: "Connect" }).click();
      const useProject = side.getByRole("button", { name: "Use this project" });
      const pull = side.getByRole("button", { name: "Pull", exact: true });
      await useProject.or(pull).first().waitFor();
      if (await useProject.isVisible()) await useProject.click();
      await side.getByLabel("What").selectOption("groups");
      await pull.click();
      await side.getByText("Done:", { exact: false }).waitFor();
      const done = performance.now();
      const grid = "(window.playgroundGrid)";
      await page.waitForFunction(
        `document.querySelector('[role=tab][aria-selected=true]')?.textContent !== 'Sheet1' && ${grid}.text('A2') !== ''`,
        undefined,
        { polling: 10 },
      );
      const tabShownSeconds = (performance.now() - done) / 1000;
      const state = (await page.evaluate("fetch('/api/sheets').then((r) => r.json())")) as {
        rows: number;
        columns: number;
      };
      const box = (await page.evaluate(`${grid}.box('C5')`)) as {
        x: number;
        y: number;
        width: number;
        height: number;
      };
      const clicked = performance.now();
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await page.waitForFunction("document.getElementById('name-box').value === 'C5'", undefined, {
        polling: "raf",
      });
      const clickMs = performance.now() - clicked;
      const cdp = await page.context().newCDPSession(page);
      await cdp.send("Performance.enable");
      const { metrics } = (await cdp.send("Performance.getMetrics")) as {
        metrics: { name: string; value: number }[];
      };
      const heap = metrics.find((m) => m.name === "JSHeapTotalSize")?.value ?? 0;
      runs.push({
        rows: state.rows,
        columns: state.columns,
        tabShownSeconds,
        clickMs,
        pageMemoryMB: heap / 1024 / 1024,
      });
    } finally {
      await browser.close();
      await playground.close();
    }
  }
  return runs;
}

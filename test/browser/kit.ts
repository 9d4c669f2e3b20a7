// Shared set-up for the browser tests: one Chromium per test file, a page per test, and checks after each test.
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { type FakeOptions, FakeServer } from "./fake-server.ts";
import {
  CHROMIUM_PATH,
  hasChromium,
  launchHarness,
  type OpenOptions,
  type ServerHandler,
  type SidebarHarness,
  type SidebarPage,
} from "./harness.ts";

export const chromiumMissing = !hasChromium();
// On CI a missing browser is a broken set-up, not a reason to skip: .ci/run installs it.
if (chromiumMissing && process.env.CI)
  throw new Error(`${CHROMIUM_PATH} is missing on CI: apt-get install chromium`);
export const skipNote = `skipped when ${CHROMIUM_PATH} is missing (apt-get install chromium)`;
if (chromiumMissing) console.warn(`Skipping the browser tests: ${CHROMIUM_PATH} is missing.`);

export interface BrowserKit {
  /** Opens the sidebar against a fake (or any handler); the page closes after the test. */
  open(server: FakeServer | ServerHandler, options?: OpenOptions): Promise<SidebarPage>;
  /** Problems matching `pattern` are expected in this test (others still fail it). */
  expectProblems(pattern: RegExp): void;
}

/** Call inside a describe: launches Chromium once, and after each test fails on any unexpected problem. */
export function useBrowser(): BrowserKit {
  let harness: SidebarHarness | undefined;
  let pages: SidebarPage[] = [];
  let expected: RegExp | null = null;

  beforeAll(async () => {
    harness = await launchHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });
  afterEach(async () => {
    for (const sidebar of pages) {
      const unexpected = sidebar.problems.filter((p) => !expected?.test(p));
      expect(unexpected, "rule breaks, page errors, dialogs or outside requests").toEqual([]);
      await sidebar.close();
    }
    pages = [];
    expected = null;
  });

  return {
    async open(server, options) {
      if (!harness) throw new Error("The browser is not running.");
      const handler = server instanceof FakeServer ? server.handler() : server;
      const sidebar = await harness.open(handler, options);
      pages.push(sidebar);
      return sidebar;
    },
    expectProblems(pattern) {
      expected = pattern;
    },
  };
}

/** Resolves when `release` is called: holds a fake call open. */
export function latch(): { promise: Promise<void>; release: () => void } {
  let release = () => {};
  const promise = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { promise, release };
}

export const connectedFake = (options: FakeOptions = {}) => new FakeServer(options).connected(1);

export const text = async (page: Page, selector: string) =>
  (await page.locator(selector).textContent()) ?? "";

export const waitForText = (page: Page, content: string) =>
  page.getByText(content, { exact: false }).first().waitFor();

/** The connected view is ready once the group types are in the pull form. */
export const ready = (page: Page) =>
  page
    .locator("#app select option", { hasText: "companies" })
    .first()
    .waitFor({ state: "attached" });

// The google.script.run stand-in keeps Apps Script's rules: JSON-only arguments, no "_" names, 10 calls at once.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { FakeServer } from "./fake-server.ts";
import { chromiumMissing, latch, skipNote, useBrowser } from "./kit.ts";

describe.skipIf(chromiumMissing)(`google.script.run stand-in in Chromium (${skipNote})`, () => {
  const browser = useBrowser();

  describe("google.script.run stand-in", () => {
    const blank = { html: "<!DOCTYPE html><title>blank</title><p>blank</p>" };

    /** Calls google.script.run[name](...args) in the page; resolves with what reached which handler. */
    const callInPage = (page: Page, name: string, makeArgs: string) =>
      page.evaluate(
        ([fn, argsCode]) =>
          new Promise((resolve) => {
            const args = new Function(`return ${argsCode}`)() as unknown[];
            const run = (
              window as unknown as { google: { script: { run: Record<string, never> } } }
            ).google.script.run as unknown as {
              withSuccessHandler(f: (v: unknown, u: unknown) => void): typeof run;
              withFailureHandler(f: (e: Error, u: unknown) => void): typeof run;
              withUserObject(u: unknown): typeof run;
            } & Record<string, (...a: unknown[]) => void>;
            const runner = run
              .withUserObject("me")
              .withSuccessHandler((value, user) => resolve({ value, user }))
              .withFailureHandler((error, user) => resolve({ error: error.message, user }));
            const method = runner[fn as string];
            if (typeof method !== "function") resolve({ missing: true });
            else method(...args);
          }),
        [name, makeArgs] as const,
      );

    it("refuses Dates, functions and DOM nodes anywhere in the arguments", async () => {
      browser.expectProblems(/illegal argument/);
      const sidebar = await browser.open(new FakeServer(), blank);
      const { page } = sidebar;
      expect(await callInPage(page, "echo", "[{ at: new Date() }]")).toEqual({
        error: "Failed due to illegal value in property: at",
        user: "me",
      });
      expect(await callInPage(page, "echo", "[[1, () => 2]]")).toMatchObject({
        error: /illegal value/,
      });
      expect(await callInPage(page, "echo", "[{ node: document.body }]")).toMatchObject({
        error: /illegal value/,
      });
      expect(sidebar.calls).toEqual([]);
      expect(sidebar.problems).toHaveLength(3);
    });

    it("turns undefined in arrays into null, refuses names ending in _, and reports handler errors", async () => {
      browser.expectProblems(/refused private function/);
      const seen: unknown[][] = [];
      const sidebar = await browser.open(async (name, args) => {
        seen.push(args);
        if (name === "boom") throw new Error("It broke.");
        return { ok: true, value: args };
      }, blank);
      const { page } = sidebar;
      expect(await callInPage(page, "echo", "[[1, undefined, 3], { a: undefined, b: 2 }]")).toEqual(
        {
          value: { ok: true, value: [[1, null, 3], { b: 2 }] },
          user: "me",
        },
      );
      expect(await callInPage(page, "secret_", "[]")).toEqual({ missing: true });
      expect(await callInPage(page, "boom", "[]")).toEqual({ error: "It broke.", user: "me" });
      expect(seen).toHaveLength(2);
    });

    it("runs at most 10 calls at once; the rest wait", async () => {
      const gate = latch();
      let started = 0;
      const sidebar = await browser.open(async () => {
        started += 1;
        await gate.promise;
        return 1;
      }, blank);
      const { page } = sidebar;
      const all = page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            let done = 0;
            const run = (
              window as unknown as { google: { script: { run: Record<string, unknown> } } }
            ).google.script.run as {
              withSuccessHandler(f: () => void): Record<string, () => void>;
            };
            for (let i = 0; i < 15; i++) {
              run
                .withSuccessHandler(() => {
                  done += 1;
                  if (done === 15) resolve(done);
                })
                .work?.();
            }
          }),
      );
      await expect.poll(() => started).toBe(10);
      await new Promise((r) => setTimeout(r, 100));
      expect(started).toBe(10);
      gate.release();
      expect(await all).toBe(15);
      expect(sidebar.peakInFlight()).toBe(10);
    });
  });
});

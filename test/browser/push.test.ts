// Pushes in the sidebar: preview (counts, items, blocked), include removals, progress over continuePush calls,
// conflicts and failures, refusals, undo, resume, and server text that stays text.
import { mkdirSync, readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { PushItemView } from "../../src/shared/push-rpc.ts";
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

const items = (page: Page, heading: string) =>
  page
    .locator(".push-panel div", { has: page.getByRole("heading", { name: heading, exact: true }) })
    .last()
    .locator(".push-list > li")
    .allInnerTexts();

/** How far the sidebar scrolls sideways, and the elements reaching past its right edge (300 px wide). */
const noOverflow = (page: Page) =>
  page.evaluate(() => {
    const main = document.querySelector("main") as HTMLElement;
    const wide = Array.from(document.querySelectorAll<HTMLElement>("#app *"))
      .filter((e) => e.getBoundingClientRect().right > main.clientWidth + 0.5)
      .map((e) => `${e.tagName}.${e.className}`);
    return { scroll: main.scrollWidth - main.clientWidth, wide };
  });

const pushButton = (page: Page) => page.getByRole("button", { name: /^Push \d+ changes?$/ });

describe.skipIf(chromiumMissing)(`sidebar pushes in Chromium (${skipNote})`, () => {
  const browser = useBrowser();

  it("previews counts, items and blocked edits, and re-previews with removals", async () => {
    const fake = connectedFake().withEdits();
    const sidebar = await browser.open(fake, { height: 1500 });
    const { page } = sidebar;
    await ready(page);
    await page.getByRole("button", { name: "Preview changes" }).click();
    await waitForText(page, "Preview of “Groups: company”");
    expect(await page.locator(".push-preview .push-counts li").allInnerTexts()).toEqual([
      "3 sets",
      "0 removals",
      "1 new group",
      "1 blocked",
    ]);
    expect(await items(page, "Changes")).toEqual([
      "acme · plan: free → pro",
      "globex · seats: 10 → 12",
      "initech · name: Initech → Initech Corp",
      'newco · new group: {"name":"NewCo"}',
    ]);
    expect(await items(page, "Blocked (not sent)")).toEqual([
      "umbrella · $group_key (row 7): The key column cannot be edited.",
    ]);
    expect(await pushButton(page).textContent()).toBe("Push 4 changes");
    expect(await page.getByLabel("Overwrite conflicts").isChecked()).toBe(false);
    expect(await page.getByLabel("Push mode").inputValue()).toBe("rest");

    await page.getByLabel("Include removals (cleared cells delete the property)").check();
    await waitForText(page, "1 removal");
    expect(await items(page, "Changes")).toContain("acme · legacy_id: 42 → removed");
    expect(await pushButton(page).textContent()).toBe("Push 5 changes");
    expect(await noOverflow(page)).toEqual({ scroll: 0, wide: [] });
    mkdirSync("test-results", { recursive: true });
    await page.screenshot({ path: "test-results/push-preview.png", fullPage: true });
    expect(sidebar.callsOf("previewPush").map((c) => c.args)).toEqual([
      [{ includeRemovals: false }],
      [{ includeRemovals: true }],
    ]);
    expect(sidebar.callsOf("startPush")).toEqual([]);
  });

  it("opens straight on the preview when a menu item asked for it", async () => {
    const fake = connectedFake().withEdits();
    const html = readFileSync("dist/sidebar.html", "utf8").replace(
      "</body>",
      '</body><meta name="posthog-intent" content="preview">',
    );
    const sidebar = await browser.open(fake, { html, height: 1500 });
    await ready(sidebar.page);
    await waitForText(sidebar.page, "Preview of “Groups: company”");
    expect(sidebar.callsOf("previewPush")).toHaveLength(1);
  });

  it("shows values that are not strings as JSON", async () => {
    const odd = [
      { kind: "set", key: "k", property: "n", old: 10, new: { a: [1, true] } },
    ] as unknown as PushItemView[];
    const fake = connectedFake().withEdits(odd, []);
    const { page } = await browser.open(fake);
    await ready(page);
    await page.getByRole("button", { name: "Preview changes" }).click();
    await waitForText(page, "1 set");
    expect(await items(page, "Changes")).toEqual(['k · n: 10 → {"a":[1,true]}']);
    expect(await page.getByRole("heading", { name: "Blocked (not sent)" }).count()).toBe(0);
  });

  it("pushes with progress over several continuePush calls, then lists conflicts and failures", async () => {
    const fake = connectedFake({ pushPerCall: 1 }).withEdits();
    fake.posthogChanged.set("globex\u0000seats", "11");
    fake.refusals.set("initech\u0000name", "PostHog refused the value: too long.");
    const second = latch();
    fake.gate = (name) =>
      name === "continuePush" && fake.pushJobs.get("push-1")?.progress.done === 2
        ? second.promise
        : undefined;
    const sidebar = await browser.open(fake, { height: 1400 });
    const { page } = sidebar;
    await ready(page);
    await page.getByRole("button", { name: "Preview changes" }).click();
    await pushButton(page).click();

    await expect.poll(() => sidebar.callsOf("continuePush").length).toBe(2);
    const bar = page.locator(".push-progress progress");
    await expect.poll(() => bar.getAttribute("value")).toBe("2");
    expect(await bar.getAttribute("max")).toBe("4");
    expect(await text(page, ".push-progress .push-count")).toBe("2 of 4 changes");
    expect(await noOverflow(page)).toEqual({ scroll: 0, wide: [] });
    expect(await text(page, ".push-status")).toBe("Sending…");
    expect(await page.getByRole("button", { name: "Preview changes" }).isDisabled()).toBe(true);
    expect(await page.getByRole("button", { name: "Undo last push" }).isDisabled()).toBe(true);
    expect(await page.getByLabel("Overwrite conflicts").isDisabled()).toBe(true);
    second.release();

    await waitForText(page, "Push done: 2 sent, 1 conflict, 1 failed.");
    expect(sidebar.callsOf("startPush").map((c) => c.args)).toEqual([
      [{ previewId: "preview-1", overwriteConflicts: false, mode: "rest" }],
    ]);
    expect(sidebar.callsOf("continuePush").map((c) => c.args)).toEqual([
      [{ jobId: "push-1" }],
      [{ jobId: "push-1" }],
      [{ jobId: "push-1" }],
    ]);
    expect(await page.locator(".push-progress .push-counts li").allInnerTexts()).toEqual([
      "2 sent",
      "1 conflict",
      "1 failed",
    ]);
    const conflict = page.locator(".push-conflict");
    expect(await conflict.locator(".push-target").innerText()).toBe("globex · seats");
    expect(await conflict.locator("dt").allInnerTexts()).toEqual([
      "Pulled",
      "PostHog now",
      "Yours",
    ]);
    expect(await conflict.locator("dd").allInnerTexts()).toEqual(["10", "11", "12"]);
    expect(await items(page, "Failures")).toEqual([
      "initech · name: PostHog refused the value: too long.",
    ]);
    // The preview was used up: the push button is gone, focus is on the outcome.
    expect(await pushButton(page).count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.className)).toBe("push-status");
    expect(await bar.getAttribute("value")).toBe("4");
    expect(sidebar.peakInFlight()).toBe(1);

    expect(await noOverflow(page)).toEqual({ scroll: 0, wide: [] });
    mkdirSync("test-results", { recursive: true });
    await page.locator(".push-panel").scrollIntoViewIfNeeded();
    await page.screenshot({ path: "test-results/push.png", fullPage: true });
  });

  it("sends fast mode and overwrite, and shows the confirming phase", async () => {
    const fake = connectedFake().withEdits();
    fake.posthogChanged.set("globex\u0000seats", "11");
    const confirm = latch();
    fake.gate = (name) =>
      name === "continuePush" && fake.pushJobs.get("push-1")?.progress.phase === "confirming"
        ? confirm.promise
        : undefined;
    const sidebar = await browser.open(fake);
    const { page } = sidebar;
    await ready(page);
    await page.getByRole("button", { name: "Preview changes" }).click();
    await page.getByLabel("Overwrite conflicts").check();
    await page.getByLabel("Push mode").selectOption("fast");
    await pushButton(page).click();
    await waitForText(page, "Waiting for PostHog to confirm the updates…");
    confirm.release();
    await waitForText(page, "Push done: 4 sent, 0 conflicts, 0 failed.");
    expect(sidebar.callsOf("startPush")[0]?.args).toEqual([
      { previewId: "preview-1", overwriteConflicts: true, mode: "fast" },
    ]);
    expect(await page.locator(".push-conflict").count()).toBe(0);
  });

  it("shows updates left pending by a fast push, and settles them with Check again", async () => {
    const fake = connectedFake({ pendingAfterFast: 2 }).withEdits();
    const sidebar = await browser.open(fake);
    const { page } = sidebar;
    await ready(page);
    await page.getByRole("button", { name: "Preview changes" }).click();
    await page.getByLabel("Push mode").selectOption("fast");
    await pushButton(page).click();
    await waitForText(page, "Push done: 2 sent, 0 conflicts, 0 failed, 2 pending.");
    expect(await page.locator(".push-progress .push-counts li").allInnerTexts()).toContain(
      "2 pending",
    );
    await waitForText(page, "2 updates waiting for PostHog to show them");
    expect(await text(page, ".push-pending")).toContain(
      "30 minutes after its push is marked failed",
    );
    fake.landPending = true;
    await page.getByRole("button", { name: "Check again" }).click();
    await waitForText(page, "Checked: 2 now shown in PostHog (sent).");
    expect(await page.getByRole("button", { name: "Check again" }).isVisible()).toBe(false);
    // Once when the sidebar opened, once after the push, once from the button.
    expect(fake.pendingChecks).toBe(3);
  });

  it("shows a refusal by the form and asks for a new preview", async () => {
    const fake = connectedFake().withEdits();
    const sidebar = await browser.open(fake);
    const { page } = sidebar;
    await ready(page);
    await page.getByRole("button", { name: "Preview changes" }).click();
    await pushButton(page).waitFor();
    fake.withEdits(); // someone edited the sheet after the preview
    await pushButton(page).click();
    const alert = page
      .getByRole("alert")
      .filter({ hasText: "The sheet changed since the preview" });
    await alert.waitFor();
    expect(await alert.evaluate((a) => a === document.activeElement)).toBe(true);
    expect(await pushButton(page).isVisible()).toBe(false);

    await page.getByRole("button", { name: "Preview changes" }).click();
    expect(await alert.isVisible()).toBe(false);
    await pushButton(page).click();
    await waitForText(page, "Push done: 4 sent");
    expect(sidebar.callsOf("startPush").map((c) => c.args[0])).toEqual([
      { previewId: "preview-1", overwriteConflicts: false, mode: "rest" },
      { previewId: "preview-2", overwriteConflicts: false, mode: "rest" },
    ]);

    // Nothing to undo yet in another fake: the same alert slot.
    fake.lastPush = null;
    await page.getByRole("button", { name: "Undo last push" }).click();
    await page.getByRole("alert").filter({ hasText: "No push from this sheet" }).waitFor();
  });

  it("previews an undo and pushes it", async () => {
    const fake = connectedFake().withEdits();
    const sidebar = await browser.open(fake);
    const { page } = sidebar;
    await ready(page);
    await page.getByRole("button", { name: "Preview changes" }).click();
    await pushButton(page).click();
    await waitForText(page, "Push done: 4 sent");

    await page.getByRole("button", { name: "Undo last push" }).click();
    await waitForText(page, "Undo preview: puts back what the last push changed");
    expect(await page.locator(".push-preview .push-counts li").allInnerTexts()).toEqual([
      "3 sets",
      "1 removal",
      "0 new groups",
      "0 blocked",
    ]);
    expect(await items(page, "Changes")).toContain("acme · plan: pro → free");
    expect(await page.locator(".push-progress").isVisible()).toBe(false);
    // Include removals concerns the sheet's preview, not an undo.
    await page.getByLabel("Include removals (cleared cells delete the property)").check();
    await pushButton(page).click();
    await waitForText(page, "Push done: 4 sent");
    expect(sidebar.callsOf("previewUndo")).toHaveLength(1);
    expect(sidebar.callsOf("previewPush")).toHaveLength(1);
    expect(sidebar.callsOf("startPush")[1]?.args).toEqual([
      { previewId: "preview-2", overwriteConflicts: false, mode: "rest" },
    ]);
  });

  it("resumes a running push on load through currentPush", async () => {
    const fake = connectedFake().withEdits().runningPush(2);
    const sidebar = await browser.open(fake);
    const { page } = sidebar;
    await waitForText(page, "Push done: 5 sent, 0 conflicts, 0 failed.");
    expect(sidebar.callsOf("currentPush")).toHaveLength(1);
    expect(sidebar.callsOf("startPush")).toHaveLength(0);
    expect(sidebar.callsOf("continuePush")).toHaveLength(2);
  });

  it("offers to continue after a failed call mid-push", async () => {
    const fake = connectedFake().withEdits();
    const real = fake.continuePush.bind(fake);
    let failures = 1;
    fake.continuePush = (input) =>
      failures-- > 0 ? { ok: false, code: "server_error", message: "Timed out." } : real(input);
    const { page } = await browser.open(fake);
    await ready(page);
    await page.getByRole("button", { name: "Preview changes" }).click();
    await pushButton(page).click();
    await page.getByRole("alert").filter({ hasText: "Timed out." }).waitFor();
    await page.getByRole("button", { name: "Continue the push" }).click();
    await waitForText(page, "Push done: 4 sent");
  });

  it("keeps markup in keys, properties, values and reasons as text", async () => {
    const img = `<img src=x onerror="window.__pwned = 1">`;
    const script = `<script>window.__pwned = 2</script>`;
    const fake = connectedFake().withEdits(
      [
        { kind: "set", key: img, property: script, old: script, new: img },
        { kind: "set", key: script, property: img, old: img, new: script },
      ],
      [{ key: img, property: script, row: 0, reason: `${img} ${script}` }],
    );
    fake.posthogChanged.set(`${img}\u0000${script}`, script);
    fake.refusals.set(`${script}\u0000${img}`, `bad ${img}`);
    const sidebar = await browser.open(fake);
    const { page } = sidebar;
    await ready(page);
    await page.getByRole("button", { name: "Preview changes" }).click();
    await waitForText(page, "2 sets");
    expect(await items(page, "Changes")).toEqual([
      `${img} · ${script}: ${script} → ${img}`,
      `${script} · ${img}: ${img} → ${script}`,
    ]);
    expect(await items(page, "Blocked (not sent)")).toEqual([
      `${img} · ${script} (row gone): ${img} ${script}`,
    ]);
    await pushButton(page).click();
    await waitForText(page, "Push done: 0 sent, 1 conflict, 1 failed.");
    expect(await page.locator(".push-conflict dd").allInnerTexts()).toEqual([script, script, img]);
    expect(await items(page, "Failures")).toEqual([`${script} · ${img}: bad ${img}`]);
    expect(await noOverflow(page)).toEqual({ scroll: 0, wide: [] });
    const counts = await page.evaluate(() => ({
      img: document.querySelectorAll("img").length,
      script: document.querySelectorAll("script").length,
      pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
    }));
    expect(counts).toEqual({ img: 0, script: 1, pwned: null });
  });
});

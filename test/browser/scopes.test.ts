// The sidebar and the key's scopes in Chromium: the connect form lists each scope and its uses; missing ones disable features.
import { describe, expect, it } from "vitest";
import { requestedScopes, scopeUses } from "../../src/shared/scopes.ts";
import { FakeServer } from "./fake-server.ts";
import { chromiumMissing, connectedFake, ready, skipNote, useBrowser } from "./kit.ts";

const without = (...dropped: string[]) => requestedScopes().filter((s) => !dropped.includes(s));

describe.skipIf(chromiumMissing)(`key scopes in the sidebar (${skipNote})`, () => {
  const browser = useBrowser();

  it("lists every scope the add-on asks for, each with what it enables", async () => {
    const { page } = await browser.open(new FakeServer());
    const items = page.getByRole("list", { name: "Scopes the key needs" }).getByRole("listitem");
    await items.first().waitFor();
    const texts = await items.allTextContents();
    expect(texts).toEqual(requestedScopes().map((s) => `${s} — ${scopeUses(s).join("; ")}`));
    expect(texts.join(" ")).toContain("usage_metric:write — Pull usage metrics");
  });

  it("shows what a key allows and disables each feature its scopes do not, naming the scope to add", async () => {
    const sidebar = await browser.open(
      connectedFake({ scopes: without("usage_metric:write", "cohort:write") }),
    );
    const { page } = sidebar;
    await ready(page);
    const features = page.getByRole("list", { name: "Features of this key" });
    await features.waitFor();
    const missing = features.locator("li.missing");
    expect(
      await missing.evaluateAll((li) => li.map((e) => e.getAttribute("data-feature"))),
    ).toEqual([
      "pull_metrics",
      "pull_cohorts",
      "pull_members",
      "manage_metrics",
      "manage_cohorts",
      "people_of_accounts",
      "cohort_from_accounts",
      "metric_values",
    ]);
    expect(await missing.first().textContent()).toBe(
      "✗ Pull usage metrics — Needs the usage_metric:read scope: add it to the key in PostHog (Settings → Personal API keys).",
    );
    expect(await missing.nth(2).textContent()).toContain("Needs the cohort:read scope:");
    expect(await features.locator("li.allowed").count()).toBeGreaterThan(5);

    // Pull: a kind the key cannot pull keeps its Pull button off, with the scope to add.
    const pull = page.getByRole("button", { name: "Pull", exact: true });
    await page.getByLabel("What", { exact: true }).selectOption("metrics");
    expect(await pull.isDisabled()).toBe(true);
    expect(await page.locator('[data-feature="pull_metrics"].scope-missing').textContent()).toBe(
      "Needs the usage_metric:read scope: add it to the key in PostHog (Settings → Personal API keys).",
    );
    await page.getByLabel("What", { exact: true }).selectOption("groups");
    // Polled: a panel's controls are disabled while one of its calls runs (busy.ts).
    await expect.poll(() => pull.isDisabled(), { timeout: 20_000 }).toBe(false);
    expect(await page.locator(".scope-missing[data-feature='pull_metrics']").count()).toBe(0);

    // Manage: the metric and cohort forms say which scope to add instead of offering controls.
    const manage = page.getByRole("combobox", { name: "Manage", exact: true });
    expect(await manage.locator("option").allTextContents()).toEqual([
      "Choose…",
      "Usage metrics (needs usage_metric:write)",
      "Group types",
      "Cohorts (needs cohort:write)",
      "This group",
      "Accounts and people (needs cohort:read)",
    ]);
    await manage.selectOption("metrics");
    await page.locator(".manage .scope-missing[data-feature='manage_metrics']").waitFor();
    expect(await page.getByRole("button", { name: "Save metric" }).count()).toBe(0);
    await manage.selectOption("cohorts");
    await page.locator(".manage .scope-missing[data-feature='manage_cohorts']").waitFor();

    // Push and formulas stay on: the key has group:write.
    await expect
      .poll(() => page.getByRole("button", { name: "Preview changes" }).isDisabled(), {
        timeout: 20_000,
      })
      .toBe(false);
    expect(sidebar.callsOf("startPull")).toEqual([]);
  });

  it("turns push and formulas off for a key that cannot write groups", async () => {
    const { page } = await browser.open(connectedFake({ scopes: without("group:write") }));
    await page.getByRole("button", { name: "Preview changes" }).waitFor();
    expect(await page.getByRole("button", { name: "Preview changes" }).isDisabled()).toBe(true);
    expect(await page.getByRole("button", { name: "Undo last push" }).isDisabled()).toBe(true);
    expect(await page.locator('[data-feature="push"].scope-missing').textContent()).toContain(
      "group:write",
    );
    const formulas = page.getByLabel("Allow PostHog formulas in this spreadsheet");
    await page.locator('[data-feature="formulas"].scope-missing').waitFor();
    expect(await formulas.isDisabled()).toBe(true);
  });

  it("offers everything when PostHog did not report the key's scopes", async () => {
    const { page } = await browser.open(connectedFake({ scopes: null }));
    await ready(page);
    expect(await page.locator(".scope-missing").count()).toBe(0);
    await page.getByText("PostHog did not report this key's scopes").waitFor();
  });
});

// The Manage panel's "Accounts and people" in Chromium: counts in words, the right call per button, the scope gate.
import { describe, expect, it } from "vitest";
import { requestedScopes } from "../../src/shared/scopes.ts";
import { chromiumMissing, connectedFake, ready, skipNote, useBrowser } from "./kit.ts";
import { chooseManage } from "./manage-kit.ts";

const COHORTS = [
  { id: 7, name: "Power users", isStatic: false, count: 1234 },
  { id: 9, name: "Champions", isStatic: true, count: 12 },
];

describe.skipIf(chromiumMissing)(`Manage: accounts and people (${skipNote})`, () => {
  const browser = useBrowser();

  it("pulls the people of the selected accounts, makes a cohort of them and pulls a cohort's accounts", async () => {
    const fake = connectedFake({ cohorts: COHORTS });
    const { page } = await browser.open(fake);
    await ready(page);
    await chooseManage(page, "people");
    await page
      .getByText("Selection Groups: company!A2:A4: 3 accounts (acme, globex, acme-old).")
      .waitFor();

    await page.getByLabel("Days of events").fill("30");
    await page.getByRole("button", { name: "People of these accounts" }).click();
    await page
      .getByRole("status")
      .getByText("Pulled 3 accounts, 17 people; no people: acme-old into “People of 3 companies”.")
      .waitFor();

    // Only static cohorts can be filled: the dynamic one is not offered.
    const target = page.getByLabel("Cohort to fill");
    expect(await target.locator("option").allTextContents()).toEqual(["A new cohort", "Champions"]);
    await page.getByLabel("New cohort's name").fill("Acme users");
    await page.getByRole("button", { name: "Cohort from these accounts" }).click();
    await page
      .getByRole("status")
      .getByText("Created “Acme users” with 3 accounts, 17 people")
      .waitFor();
    await target.selectOption("9");
    expect(await page.getByLabel("New cohort's name").isDisabled()).toBe(true);
    await page.getByRole("button", { name: "Cohort from these accounts" }).click();
    await page.getByRole("status").getByText("Added to 3 accounts").waitFor();

    await page.getByLabel("Cohort to read").selectOption("7");
    await page.getByRole("button", { name: "Accounts of this cohort" }).click();
    await page.getByRole("status").getByText("Pulled 2 companies of “Champions”").waitFor();

    expect(fake.peopleCalls).toEqual([
      { name: "peopleOfAccounts", input: { groupTypeIndex: 0, days: 30 } },
      { name: "cohortFromAccounts", input: { groupTypeIndex: 0, days: 30, name: "Acme users" } },
      { name: "cohortFromAccounts", input: { groupTypeIndex: 0, days: 30, cohortId: 9 } },
      { name: "accountsOfCohort", input: { groupTypeIndex: 0, days: 30, cohortId: 7 } },
    ]);
  });

  it("disables the cohort action, saying which scope to add, for a key without cohort:write", async () => {
    const scopes = [...requestedScopes().filter((s) => s !== "cohort:write"), "cohort:read"];
    const fake = connectedFake({ cohorts: COHORTS, scopes });
    const { page } = await browser.open(fake);
    await ready(page);
    await chooseManage(page, "people");
    await page.locator(".scope-missing[data-feature='cohort_from_accounts']").waitFor();
    // The panel's controls are all disabled while its first calls run (busy.ts): once People is enabled they are
    // done, and the cohort action alone stays disabled.
    await expect
      .poll(() => page.getByRole("button", { name: "People of these accounts" }).isDisabled(), {
        timeout: 20_000,
      })
      .toBe(false);
    expect(
      await page.getByRole("button", { name: "Cohort from these accounts" }).isDisabled(),
    ).toBe(true);
  });
});

// Managing cohorts through the real bundle: removals report who was not in the cohort (PostHog's removal is
// idempotent), and a delete PostHog refuses shows PostHog's reason.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedValues, setSelection } from "../../runtime/spreadsheet/index.ts";
import { DOC, startWorld, type World } from "../../scripts/local-world.ts";
import type { CohortChange, CohortConfirm } from "../../src/shared/manage-rpc.ts";
import { projectApi } from "./posthog-api.ts";

let world: World;
beforeAll(async () => {
  world = await startWorld({ groups: 20 });
  world.connect();
}, 60_000);
afterAll(() => world.close());

const api = <T>(method: string, path: string, body?: unknown) =>
  projectApi<T>(world, method, path, body);

const personUuids = async (n: number) => {
  const cohorts = await api<{ results: Array<{ id: number; is_static: boolean }> }>(
    "GET",
    "cohorts/?limit=100",
  );
  const any = cohorts.results.find((c) => !c.is_static) ?? cohorts.results[0];
  await world.posthog.control.flush();
  const page = await api<{ results: Array<{ uuid: string }> }>(
    "GET",
    `cohorts/${any?.id}/persons/?limit=${n}`,
  );
  return page.results.map((p) => p.uuid);
};

const cohortNames = async () =>
  (await api<{ results: Array<{ name: string }> }>("GET", "cohorts/?limit=100")).results.map(
    (c) => c.name,
  );

describe("cohorts from the sidebar", () => {
  it("refuses a selection of names that PostHog matches to nobody, and creates nothing", async () => {
    const before = await cohortNames();
    seedValues(world.runtime.store, DOC, "Sheet1", "C1", [["Ada Lovelace"], ["Grace Hopper"]]);
    setSelection(world.runtime.store, DOC, "Sheet1", "C1:C2");
    const result = world.call("createStaticCohort", { name: "Flow: names" });
    expect(result).toMatchObject({
      ok: false,
      code: "no_match",
      field: "selection",
      message:
        "None of the 2 distinct ids in Sheet1!C1:C2 matched a person in PostHog (Ada Lovelace, Grace Hopper). Nothing was sent. Select people's emails, distinct ids or person ids.",
    });
    // Even a confirmation cannot make it send nobody.
    expect(world.call("createStaticCohort", { name: "Flow: names", confirm: 0 })).toMatchObject({
      ok: false,
      code: "no_match",
    });
    expect(await cohortNames()).toEqual(before);
  });

  it("asks before creating from a selection only partly matched, then creates a cohort of the matched people", async () => {
    const emails = ["user1@example.com", "nobody@example.com", "user2@example.com"];
    seedValues(
      world.runtime.store,
      DOC,
      "Sheet1",
      "E1",
      emails.map((e) => [e]),
    );
    setSelection(world.runtime.store, DOC, "Sheet1", "E1:E3");
    const before = await cohortNames();
    const question = world.ok<CohortConfirm>("createStaticCohort", { name: "Flow: partial" });
    expect(question).toMatchObject({
      needsConfirm: true,
      kind: "email",
      count: 3,
      matched: 2,
      people: 2,
      unmatched: ["nobody@example.com"],
    });
    expect(question.message).toBe(
      "PostHog matched 2 of the 3 emails in Sheet1!E1:E3 to 2 people; 1 matched nobody (nobody@example.com). Create the cohort with only the 2 matched people?",
    );
    expect(await cohortNames()).toEqual(before);

    const change = world.ok<CohortChange>("createStaticCohort", {
      name: "Flow: partial",
      confirm: question.people,
    });
    expect(change).toMatchObject({ kind: "email", count: 3, matched: 2, people: 2, size: 2 });
    expect(change.message).toBe(
      "Created “Flow: partial” with the 2 people matched from 3 emails. 1 email matched nobody and was left out (nobody@example.com). The cohort now has 2 people.",
    );
    const members = await api<{ results: Array<{ properties: { email: string } }> }>(
      "GET",
      `cohorts/${change.cohort.id}/persons/?limit=10`,
    );
    expect(members.results.map((p) => p.properties.email).sort()).toEqual([
      "user1@example.com",
      "user2@example.com",
    ]);
  });

  it("refuses more emails than it checks one by one, before asking PostHog", async () => {
    const emails = Array.from({ length: 101 }, (_, i) => [`user${i}@example.com`]);
    seedValues(world.runtime.store, DOC, "Sheet1", "I1", emails);
    setSelection(world.runtime.store, DOC, "Sheet1", "I1:I101");
    const before = await cohortNames();
    expect(world.call("createStaticCohort", { name: "Flow: many" })).toMatchObject({
      ok: false,
      code: "invalid_selection",
      message:
        "Select at most 100 emails at once: PostHog checks each email separately (the selection has 101).",
    });
    expect(await cohortNames()).toEqual(before);
  });

  it("adds a fully matched selection at once and reports the cohort's real size", async () => {
    const cohort = await api<{ id: number }>("POST", "cohorts/", {
      name: "Flow: add",
      is_static: true,
    });
    seedValues(world.runtime.store, DOC, "Sheet1", "G1", [
      ["distinct_id"],
      ["user-1-3"],
      ["user-1-4"],
    ]);
    setSelection(world.runtime.store, DOC, "Sheet1", "G1:G3");
    const change = world.ok<CohortChange>("addSelectionToCohort", { cohortId: cohort.id });
    expect(change).toMatchObject({ matched: 2, people: 2, size: 2, unmatched: [] });
    expect(change.message).toBe(
      "Added to “Flow: add” the 2 people matched from 2 distinct ids. The cohort now has 2 people.",
    );
  });

  it("says which selected persons were not in the cohort, and removes the members", async () => {
    const [a, b, outsider] = await personUuids(3);
    const cohort = await api<{ id: number }>("POST", "cohorts/", {
      name: "Flow: members",
      is_static: true,
      _create_static_person_ids: [a, b],
    });
    seedValues(world.runtime.store, DOC, "Sheet1", "A1", [["person_id"], [a], [b], [outsider]]);
    setSelection(world.runtime.store, DOC, "Sheet1", "A2:A4");
    const change = world.ok<CohortChange>("removeSelectionFromCohort", { cohortId: cohort.id });
    expect(change).toMatchObject({ count: 2, notFound: 1, unknown: 0 });
    expect(change.message).toBe("Removed 2 of 3 person ids from “Flow: members”. 1 was not in it.");
    const left = await api<{ count: number }>("GET", `cohorts/${cohort.id}/`);
    expect(left.count).toBe(0);
    // Again: nobody is a member any more, and the report says so instead of claiming removals.
    const again = world.ok<CohortChange>("removeSelectionFromCohort", { cohortId: cohort.id });
    expect(again).toMatchObject({ count: 0, notFound: 3 });
  });

  it("shows PostHog's reason when it refuses to delete a cohort a flag uses", async () => {
    const cohort = await api<{ id: number; name: string }>("POST", "cohorts/", {
      name: "Flow: flagged",
      is_static: true,
    });
    await world.posthog.control.addFlag({ key: "vip", name: "VIP beta", cohortIds: [cohort.id] });
    const result = world.call("deleteCohort", {
      cohortId: cohort.id,
      confirmName: "Flow: flagged",
    });
    expect(result).toMatchObject({
      ok: false,
      code: "cohort_in_use",
      message:
        "PostHog kept “Flow: flagged”: This cohort is used in 1 active feature flag(s): VIP beta. Please remove the cohort from these feature flags before deleting it.",
    });
    expect((await api<{ deleted: boolean }>("GET", `cohorts/${cohort.id}/`)).deleted).toBe(false);
  });
});

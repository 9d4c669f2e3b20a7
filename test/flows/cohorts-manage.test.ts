// Managing cohorts through the real bundle: removals report who was not in the cohort (PostHog's removal is
// idempotent), and a delete PostHog refuses shows PostHog's reason.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedValues, setSelection } from "../../runtime/spreadsheet/index.ts";
import { DOC, startWorld, type World } from "../../scripts/local-world.ts";
import type { CohortChange } from "../../src/shared/manage-rpc.ts";

let world: World;
beforeAll(async () => {
  world = await startWorld({ groups: 20 });
  world.connect();
}, 60_000);
afterAll(() => world.close());

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${world.posthog.url}/api/projects/1/${path}`, {
    method,
    headers: {
      authorization: `Bearer ${world.posthog.personalApiKey}`,
      "content-type": "application/json",
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(res.status).toBeLessThan(300);
  return (await res.json()) as T;
}

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

describe("cohorts from the sidebar", () => {
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

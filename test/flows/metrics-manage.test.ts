// Managing usage metrics through the real bundle against the local PostHog: the list holds the project's metrics
// under every group type (each applies to all of them), a new metric goes under type 0 where PostHog's settings page
// keeps them, and an edit or a delete goes where the metric is kept (docs/posthog-query-api.md §15).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sheetValues } from "../../runtime/spreadsheet/index.ts";
import { DOC, startWorld, type World } from "../../scripts/local-world.ts";
import type { MetricView } from "../../src/shared/manage-rpc.ts";
import { projectApi } from "./posthog-api.ts";
import { pullToEnd } from "./sheet-kit.ts";

let world: World;
beforeAll(async () => {
  world = await startWorld({ groups: 20 });
  world.connect();
}, 60_000);
afterAll(() => world.close());

interface Metric {
  id: string;
  name: string;
  interval: number;
}

const api = <T>(method: string, path: string, body?: unknown, status?: number) =>
  projectApi<T>(world, method, path, body, status);

const namesUnder = async (index: number) =>
  (
    await api<{ results: Metric[] }>("GET", `groups_types/${index}/metrics/`, undefined, 200)
  ).results.map((m) => m.name);

const FILTERS = JSON.stringify({ events: [{ id: "$pageview", type: "events" }] });

describe("usage metrics from the sidebar and the pull form", () => {
  it("lists the metrics under every type, creates under type 0, edits and deletes where each is kept", async () => {
    // A metric made through the API under projects (type 1), as an older PostHog or a script would.
    const older = await api<Metric>(
      "POST",
      "groups_types/1/metrics/",
      { name: "Project pageviews", filters: JSON.parse(FILTERS) },
      201,
    );
    const listed = world.ok<MetricView[]>("listMetrics");
    const where = Object.fromEntries(listed.map((m) => [m.name, m.groupTypeIndex]));
    expect(where["Events (7 days)"]).toBe(0);
    expect(where["Project pageviews"]).toBe(1);
    expect(listed.findIndex((m) => m.name === "Project pageviews")).toBe(listed.length - 1);

    const created = world.ok<MetricView>("saveMetric", {
      name: "Signups (7 days)",
      format: "numeric",
      interval: 7,
      display: "number",
      math: "count",
      mathProperty: "",
      filters: FILTERS,
      // What the form might still send for a new metric does not decide where it goes.
      groupTypeIndex: 2,
    });
    expect(created.groupTypeIndex).toBe(0);
    expect(await namesUnder(0)).toContain("Signups (7 days)");
    expect(await namesUnder(2)).not.toContain("Signups (7 days)");

    const edited = world.ok<MetricView>("saveMetric", {
      id: older.id,
      groupTypeIndex: 1,
      name: "Project pageviews",
      format: "numeric",
      interval: 30,
      display: "number",
      math: "count",
      mathProperty: "",
      filters: FILTERS,
    });
    expect([edited.groupTypeIndex, edited.interval]).toEqual([1, 30]);
    expect(
      (await api<Metric>("GET", `groups_types/1/metrics/${older.id}/`, undefined, 200)).interval,
    ).toBe(30);

    world.ok("deleteMetric", { groupTypeIndex: 1, id: older.id });
    expect(await namesUnder(1)).toEqual([]);
    expect(world.ok<MetricView[]>("listMetrics").map((m) => m.name)).not.toContain(
      "Project pageviews",
    );
  });

  it("pulls a sheet of a type's metrics with every metric that applies to it, wherever it is kept", () => {
    const { sheetName } = pullToEnd(world, { entity: "metrics", groupTypeIndex: 1 });
    const rows = sheetValues(world.runtime.store, DOC, sheetName);
    const names = rows.slice(1).map((row) => row[1]);
    // The seeded metrics are all kept under companies (type 0).
    expect(names).toContain("Events (7 days)");
    expect(names).toContain("Charges (30 days)");
  });
});

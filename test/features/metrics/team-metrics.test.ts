// Which usage metrics apply to a group: the team's, under every group type (PostHog's runner ignores the index and its
// settings page keeps every metric under type 0), so a pull of any type shows the metrics PostHog's profile shows.
import { describe, expect, it } from "vitest";
import type { GroupUsageMetric } from "../../../src/api/types.ts";
import { teamMetrics } from "../../../src/features/metrics/team-metrics.ts";
import { startPull } from "../../../src/features/pull/pull-job.ts";
import { fakeClient } from "../../fakes/fake-posthog.ts";
import { demoMetrics, NOW } from "../../fakes/metric-events.ts";
import { COMPANY, companies, pullWorld } from "../../fakes/pull-deps.ts";

const PROJECT = {
  group_type: "project",
  group_type_index: 1,
  name_singular: "project",
  name_plural: "projects",
};

const named = (metric: GroupUsageMetric, id: string, name: string): GroupUsageMetric => ({
  ...metric,
  id,
  name,
});

describe("the metrics of a group type", () => {
  it("are the team's under every type, type 0's first, each once, one request a type", () => {
    const fake = companies(1);
    const [a, b, c] = demoMetrics() as [GroupUsageMetric, GroupUsageMetric, GroupUsageMetric];
    fake.metrics.set(0, [a, b]);
    fake.metrics.set(2, [c]);
    const { client } = fakeClient(fake);
    const metrics = teamMetrics(client, [2, 1, 0]);
    expect(metrics.map((m) => m.name)).toEqual([a.name, b.name, c.name]);
    expect(fake.count("GET groups_types/metrics")).toBe(3);
  });

  it("tell apart two metrics PostHog lets share a name (unique per type only)", () => {
    const fake = companies(1);
    const [a] = demoMetrics() as [GroupUsageMetric];
    fake.metrics.set(0, [named(a, "m-a", "Events")]);
    fake.metrics.set(1, [named(a, "m-b", "Events"), named(a, "m-c", "Signups")]);
    const { client } = fakeClient(fake);
    expect(teamMetrics(client, [0, 1]).map((m) => [m.id, m.name])).toEqual([
      ["m-a", "Events"],
      ["m-b", "Events (2)"],
      ["m-c", "Signups"],
    ]);
  });

  it("give a pull of another type the metrics kept under type 0, counted over that type's groups", () => {
    const fake = companies(2);
    fake.types = [COMPANY, PROJECT];
    fake.addGroups(1, [
      { key: "p1", properties: { name: "One" } },
      { key: "p2", properties: { name: "Two" } },
    ]);
    // p1 sent 1 pageview in the last 7 days and p2 sent 2, all as members of company c0000.
    for (const [project, n] of [
      ["p1", 1],
      ["p2", 2],
    ] as const)
      for (let i = 0; i < n; i++)
        fake.events.push({
          event: "$pageview",
          at: NOW - (i + 1) * 3_600_000,
          groups: { 0: "c0000", 1: project },
          properties: {},
        });
    const [pageviews] = demoMetrics() as [GroupUsageMetric];
    fake.metrics.set(0, [pageviews]);
    const w = pullWorld(fake);
    startPull(w.deps({ clock: () => NOW }), { entity: "groups", groupTypeIndex: 1, metrics: true });
    const values = w.workbook.sheet("Projects").values();
    const header = (values[0] ?? []).map(String);
    const at = header.indexOf(`${pageviews.name} (${pageviews.interval}d)`);
    expect(at).toBeGreaterThan(0);
    expect(values.slice(1).map((row) => [row[0], row[at]])).toEqual([
      ["p1", 1],
      ["p2", 2],
    ]);
    const query = w.fake.requests.find((r) => (r.body ?? "").includes("FROM events"));
    expect(query?.body).toContain("$group_1");
  });
});

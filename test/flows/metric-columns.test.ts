// Usage metric columns and =POSTHOG_METRIC against the local PostHog through the real bundle: for 20 sample groups
// the add-on's numbers equal UsageMetricsQuery's, for every seeded metric kind (one on a warehouse table), and the
// columns survive a refresh. A pull of projects shows the same metrics (kept under companies, as PostHog's settings
// page keeps every metric under type 0), counted over the projects.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sheetFormulas, sheetValues } from "../../runtime/spreadsheet/index.ts";
import { DOC, OWNER, startWorld, type World } from "../../scripts/local-world.ts";
import { projectApi } from "./posthog-api.ts";
import { pullToEnd } from "./sheet-kit.ts";

let world: World;
let sheet: string;
/** A project with events, found by the projects pull (its metrics are checked through =POSTHOG_METRIC too). */
let activeProject = "";
beforeAll(async () => {
  world = await startWorld({ groups: 200 });
  world.connect();
  sheet = pullToEnd(world, { entity: "groups", groupTypeIndex: 0, metrics: true }).sheetName;
});
afterAll(() => world.close());

interface UsageMetric {
  name: string;
  interval: number;
  value: number;
  previous: number;
  change_from_previous_pct: number | null;
  timeseries: number[] | null;
}

/** PostHog's own answer for one group: UsageMetricsQuery through the query API. */
async function usageMetrics(key: string, groupTypeIndex = 0): Promise<UsageMetric[]> {
  const query = { kind: "UsageMetricsQuery", group_type_index: groupTypeIndex, group_key: key };
  const answer = await projectApi<{ results: UsageMetric[] }>(
    world,
    "POST",
    "query/",
    { query },
    200,
  );
  return answer.results;
}

const grid = () => sheetValues(world.runtime.store, DOC, sheet);
const close = (a: unknown, b: unknown) =>
  typeof a === "number" && typeof b === "number" ? Math.abs(a - b) < 1e-6 : a === b;

/**
 * Checks a pulled row's value, previous and change columns against PostHog's answers for its group; returns the
 * answers that were not zero (for the caller's checks that the sample is not all empty).
 */
function expectRowAsPostHog(
  row: unknown[],
  header: string[],
  answers: UsageMetric[],
): UsageMetric[] {
  const key = String(row[0]);
  expect(answers.length).toBeGreaterThanOrEqual(4);
  for (const m of answers) {
    const at = header.indexOf(`${m.name} (${m.interval}d)`);
    expect(at, m.name).toBeGreaterThan(0);
    const got = [row[at], row[at + 1], row[at + 2]];
    const want = [m.value, m.previous, m.change_from_previous_pct ?? ""];
    expect(
      got.every((g, i) => close(g, want[i])),
      `${key} ${m.name}: ${got} vs ${want}`,
    ).toBe(true);
  }
  return answers.filter((m) => m.value > 0);
}

describe("metric columns", () => {
  it("equal UsageMetricsQuery's answers for 20 sample groups, for every seeded metric", async () => {
    const rows = grid();
    const header = (rows[0] ?? []).map(String);
    const sample = rows
      .slice(1)
      .filter((_, i) => i % 9 === 0)
      .slice(0, 20);
    expect(sample).toHaveLength(20);
    let nonZero = 0;
    let warehouseNonZero = 0;
    for (const row of sample) {
      const active = expectRowAsPostHog(row, header, await usageMetrics(String(row[0])));
      nonZero += active.length;
      warehouseNonZero += active.filter((m) => m.name === "Charges (30 days)").length;
    }
    expect(nonZero).toBeGreaterThan(10);
    // The seeded warehouse metric (a sum over stripe_charges by customer_id) is among them, and not all zero.
    expect(warehouseNonZero).toBeGreaterThan(3);
  });

  it("draws sparkline metrics from a SPARKLINE over the same daily series", async () => {
    const rows = grid();
    const header = (rows[0] ?? []).map(String);
    const formulas = sheetFormulas(world.runtime.store, DOC, sheet);
    // Revenue over events and Charges over the warehouse table (posthog-local/seed/people.ts), on the first rows.
    let drawn = 0;
    for (let row = 1; row <= 8; row++) {
      const answers = await usageMetrics(String(rows[row]?.[0]));
      const sparklines = answers.filter((m) => m.timeseries);
      expect(sparklines.map((m) => m.name)).toContain("Charges (30 days)");
      for (const sparkline of sparklines) {
        const at = header.indexOf(`${sparkline.name} trend`);
        expect(formulas[row]?.[at]).toBe(`=SPARKLINE({${sparkline.timeseries?.join(",")}})`);
        if (sparkline.name === "Charges (30 days)" && sparkline.timeseries?.some((n) => n > 0))
          drawn++;
      }
    }
    expect(drawn).toBeGreaterThan(2);
  });

  it("survive a refresh", () => {
    const before = (grid()[0] ?? []).map(String);
    world.ok("refreshActiveSheet", { discardEdits: true });
    expect((grid()[0] ?? []).map(String)).toEqual(before);
    expect(before.some((h) => h.endsWith(" trend"))).toBe(true);
  });

  it("of another group type are the team's metrics, equal to UsageMetricsQuery for that type's groups", async () => {
    const projects = pullToEnd(world, {
      entity: "groups",
      groupTypeIndex: 1,
      metrics: true,
    }).sheetName;
    const rows = sheetValues(world.runtime.store, DOC, projects);
    const header = (rows[0] ?? []).map(String);
    let nonZero = 0;
    for (const row of rows.slice(1, 13)) {
      // Every seeded metric is kept under companies (type 0), and PostHog answers them all for a project.
      const active = expectRowAsPostHog(row, header, await usageMetrics(String(row[0]), 1));
      nonZero += active.length;
      if (active.length > 0) activeProject = String(row[0]);
    }
    expect(nonZero).toBeGreaterThan(3);
  });

  it("=POSTHOG_METRIC gives the same numbers", async () => {
    world.ok("setFormulasEnabled", { enabled: true });
    const rows = grid();
    const key = String(rows[3]?.[0]);
    const answers = await usageMetrics(key);
    for (const m of answers) {
      const value = world.runtime.runCustomFunction("POSTHOG_METRIC", ["company", key, m.name], {
        user: OWNER,
        documentId: DOC,
      });
      expect(close(value, m.value), `${m.name}: ${value} vs ${m.value}`).toBe(true);
    }
    // A project's metrics are the team's too (they are kept under companies).
    expect(activeProject).not.toBe("");
    for (const m of await usageMetrics(activeProject, 1)) {
      const value = world.runtime.runCustomFunction(
        "POSTHOG_METRIC",
        ["project", activeProject, m.name],
        { user: OWNER, documentId: DOC },
      );
      expect(close(value, m.value), `${activeProject} ${m.name}: ${value} vs ${m.value}`).toBe(
        true,
      );
    }
  });
});

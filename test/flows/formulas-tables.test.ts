// The table functions and the menu's "Refresh PostHog formulas", through the real bundle in custom-function mode.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sheetValues } from "../../runtime/spreadsheet/index.ts";
import { DOC, type FormulaWorld, OWNER, startFormulaWorld } from "./formulas-kit.ts";

let w: FormulaWorld;
beforeAll(async () => {
  w = await startFormulaWorld({ groups: 200 });
  w.connect();
  w.enable();
});
afterAll(() => w.close());

type Table = unknown[][];
const tableOf = (name: string, ...args: unknown[]): Table => {
  const out = w.cell(name, args);
  if (!Array.isArray(out)) throw new Error(`${name} gave ${String(out)}`);
  return out as Table;
};

describe("=POSTHOG_GROUPS", () => {
  it("lists the groups matching a search with the chosen properties, under a header, in key order", async () => {
    const out = tableOf("POSTHOG_GROUPS", "company", "acme", [["name", "employees"]]);
    expect(out[0]).toEqual(["group_key", "name", "employees"]);
    const keys = out.slice(1).map((r) => r[0] as string);
    expect(keys.length).toBeGreaterThan(5);
    expect(keys.every((k) => k.toLowerCase().includes("acme"))).toBe(true);
    expect([...keys].sort()).toEqual(keys);
    const first = (await w.posthog.control.group(keys[0] as string)).clickhouse?.group_properties;
    expect(out[1]).toEqual([keys[0], first?.name, first?.employees]);
  });

  it("shows every group and every property when search and properties are empty", () => {
    const out = tableOf("POSTHOG_GROUPS", 2, "", "");
    expect(out).toHaveLength(1 + 40); // instances: 20% of 200
    expect(out[0]?.slice(0, 1)).toEqual(["group_key"]);
    expect(out[0]?.length).toBeGreaterThan(3);
    expect(new Set(out.map((r) => r.length)).size).toBe(1);
  });

  it("names an unknown group type", () => {
    expect(w.cell("POSTHOG_GROUPS", ["instanse", "", ""])).toBe(
      'PostHog: unknown group type "instanse"',
    );
  });
});

describe("the other tables", () => {
  it("=POSTHOG_GROUP_TYPES lists each type under the API's own field names", () => {
    expect(tableOf("POSTHOG_GROUP_TYPES")).toEqual([
      ["group_type_index", "group_type", "name_singular", "name_plural"],
      [0, "company", "company", "companies"],
      [1, "project", "project", "projects"],
      [2, "instance", "instance", "instances"],
    ]);
  });

  it("=POSTHOG_COHORTS lists the cohorts, without deleted ones", () => {
    const out = tableOf("POSTHOG_COHORTS");
    expect(out[0]).toEqual(["id", "name", "is_static", "count", "is_calculating"]);
    const names = out.slice(1).map((r) => r[1]);
    expect(names).toContain("Beta testers");
    expect(names).not.toContain("Old import (deleted)");
    const beta = out.find((r) => r[1] === "Beta testers");
    expect(beta?.[2]).toBe(true);
    expect(typeof beta?.[3]).toBe("number");
  });

  it("=POSTHOG_COHORT_MEMBERS lists a cohort's persons by id or by name", () => {
    const cohorts = tableOf("POSTHOG_COHORTS");
    const beta = cohorts.find((r) => r[1] === "Beta testers");
    const byId = tableOf("POSTHOG_COHORT_MEMBERS", beta?.[0]);
    expect(byId[0]).toEqual(["person_uuid", "distinct_id", "email", "name"]);
    expect(byId).toHaveLength(1 + (beta?.[3] as number));
    expect(tableOf("POSTHOG_COHORT_MEMBERS", "beta testers")).toEqual(byId);
    expect(w.cell("POSTHOG_COHORT_MEMBERS", [999])).toBe("PostHog: unknown cohort 999");
    expect(w.cell("POSTHOG_COHORT_MEMBERS", ["Nobody"])).toBe('PostHog: unknown cohort "Nobody"');
  });

  it("=POSTHOG_METRICS lists a type's usage metrics", () => {
    const out = tableOf("POSTHOG_METRICS", "company");
    expect(out[0]).toEqual([
      "id",
      "name",
      "math",
      "math_property",
      "interval_days",
      "format",
      "display",
    ]);
    // The seed's five metrics: count and sum, number and sparkline, one on a warehouse table (posthog-local/seed/people.ts).
    expect(out.slice(1).map((r) => r[1])).toEqual([
      "Events (7 days)",
      "Revenue (30 days)",
      "Features used (14 days)",
      "Chrome pageviews (7 days)",
      "Charges (30 days)",
    ]);
    expect(typeof out[1]?.[4]).toBe("number");
  });

  it("=POSTHOG_PROPERTY_VALUES lists a property's most common values with their counts", () => {
    const out = tableOf("POSTHOG_PROPERTY_VALUES", "company", "plan");
    expect(out[0]).toEqual(["value", "groups"]);
    const rows = out.slice(1);
    expect(rows.map((r) => r[0]).sort()).toEqual(["enterprise", "free", "scale", "startup"]);
    expect(rows.reduce((sum, r) => sum + (r[1] as number), 0)).toBe(200);
  });
});

describe("one set of names", () => {
  /** The header of the sheet a sidebar pull of `request` makes. */
  const pulledHeader = (request: Record<string, unknown>): unknown[] => {
    let progress = w.ok("startPull", request) as {
      jobId: string;
      status: string;
      sheetName: string;
    };
    while (progress.status === "running")
      progress = w.ok("continuePull", { jobId: progress.jobId }) as typeof progress;
    return sheetValues(w.runtime.store, DOC, progress.sheetName)[0] ?? [];
  };

  it("formulas head their columns with the names the pulled sheets use (the API's own)", () => {
    const types = pulledHeader({ entity: "group_types" });
    expect(tableOf("POSTHOG_GROUP_TYPES")[0]).toEqual(types.slice(0, 4));
    const cohorts = pulledHeader({ entity: "cohorts" });
    for (const name of tableOf("POSTHOG_COHORTS")[0] ?? []) expect(cohorts).toContain(name);
    const groups = pulledHeader({ entity: "groups", groupTypeIndex: 0, search: "acme" });
    expect(tableOf("POSTHOG_GROUPS", "company", "acme", [["name"]])[0]).toEqual([
      groups[0],
      "name",
    ]);
  });
});

describe("Refresh PostHog formulas", () => {
  const run = (name: string) => w.runtime.run(name, [], { user: OWNER, documentId: DOC });
  const refreshCell = () => sheetValues(w.runtime.store, DOC, "PostHogRefresh")[0]?.[0];

  it("is in the add-on menu", () => {
    run("onOpen");
    expect(JSON.stringify(w.runtime.ui.menus.at(-1))).toContain("refreshFormulas");
  });

  it("changes the refresh cell, so formulas passing it fetch fresh data; the same value reads the cache", () => {
    const token = refreshCell();
    expect(token).toBeInstanceOf(Date);
    const name = () => w.cell("POSTHOG_GROUP", ["company", "acme-00012", "name", refreshCell()]);
    const before = name();
    w.runtime.resetCounts();
    expect(name()).toBe(before);
    expect(w.requests()).toBe(0);

    w.runtime.advanceClock(1_000);
    run("refreshFormulas");
    expect(w.runtime.ui.alerts).toEqual([]);
    expect((refreshCell() as Date).getTime()).toBeGreaterThan((token as Date).getTime());
    w.runtime.resetCounts();
    name();
    expect(w.requests()).toBeGreaterThan(0);
  });

  it("also makes formulas without the refresh argument skip what was cached before", () => {
    const types = () => w.cell("POSTHOG_GROUP_TYPES", []);
    types();
    w.runtime.resetCounts();
    types();
    expect(w.requests()).toBe(0);
    run("refreshFormulas");
    types();
    expect(w.requests()).toBe(1);
  });
});

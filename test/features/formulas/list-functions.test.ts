// The table functions besides groups, over the fake PostHog: headers, typed cells, a request per cache period.
import { describe, expect, it } from "vitest";
import {
  cohortMemberTable,
  cohortTable,
  groupTypeTable,
  MAX_MEMBERS,
  metricTable,
  propertyValueTable,
} from "../../../src/features/formulas/list-functions.ts";
import { runFormula } from "../../../src/features/formulas/run.ts";
import { formulaWorld } from "../../fakes/formula-env.ts";
import { COMPANY, companies } from "../../fakes/pull-deps.ts";

function world() {
  const fake = companies(6);
  fake.types = [
    COMPANY,
    { ...COMPANY, group_type: "team", group_type_index: 1, name_singular: null, name_plural: null },
  ];
  const cohort = (id: number, name: string) => ({
    id,
    name,
    deleted: false,
    filters: null,
    is_calculating: id === 2,
    count: id === 3 ? null : id * 10,
    is_static: id === 1,
  });
  fake.cohorts = [cohort(1, "Buyers"), cohort(2, "Trial"), cohort(3, "trial")];
  fake.members.set(
    1,
    Array.from({ length: 3 }, (_, i) => ({
      uuid: `u${i}`,
      distinct_ids: [`d${i}`, "other"],
      properties: { email: `p${i}@x.io`, ...(i === 0 ? { name: "Ann" } : {}) },
    })),
  );
  fake.metrics.set(0, [
    {
      id: "m1",
      name: "Revenue",
      format: "currency",
      interval: 30,
      display: "number",
      filters: {},
      math: "sum",
      math_property: "amount",
    },
  ]);
  return formulaWorld(fake);
}

describe("the table functions", () => {
  it("group types: the API's own headers, one request for every cell", () => {
    const w = world();
    expect(groupTypeTable(w.cell())).toEqual([
      ["group_type_index", "group_type", "name_singular", "name_plural"],
      [0, "company", "company", "companies"],
      [1, "team", "", ""],
    ]);
    groupTypeTable(w.cell());
    expect(w.fake.count("GET groups_types")).toBe(1);
  });

  it("cohorts: typed cells, an unknown count empty", () => {
    const w = world();
    expect(cohortTable(w.cell())).toEqual([
      ["id", "name", "is_static", "count", "is_calculating"],
      [1, "Buyers", true, 10, false],
      [2, "Trial", false, 20, true],
      [3, "trial", false, "", false],
    ]);
  });

  it("cohort members by id or by name; ambiguous and unknown names are said in the cell", () => {
    const w = world();
    const table = cohortMemberTable(w.cell(), 1);
    expect(table).toEqual([
      ["person_uuid", "distinct_id", "email", "name"],
      ["u0", "d0", "p0@x.io", "Ann"],
      ["u1", "d1", "p1@x.io", ""],
      ["u2", "d2", "p2@x.io", ""],
    ]);
    expect(cohortMemberTable(w.cell(), "buyers")).toEqual(table);
    expect(w.fake.count("GET cohorts/persons")).toBe(1);
    const cell = (arg: unknown) => runFormula(w.env, "", (ctx) => cohortMemberTable(ctx, arg));
    expect(cell("TRIAL")).toBe('PostHog: 2 cohorts are named "TRIAL"; use the id');
    expect(cell("nobody")).toBe('PostHog: unknown cohort "nobody"');
    expect(cell(99)).toBe("PostHog: unknown cohort 99");
  });

  it(`cohort members stop at ${MAX_MEMBERS} with a last row saying so`, () => {
    const w = world();
    w.fake.members.set(
      1,
      Array.from({ length: MAX_MEMBERS + 5 }, (_, i) => ({
        uuid: `u${i}`,
        distinct_ids: [`d${i}`],
        properties: {},
      })),
    );
    const table = cohortMemberTable(w.cell(), 1) as unknown[][];
    expect(table).toHaveLength(1 + MAX_MEMBERS + 1);
    expect(table.at(-1)).toEqual([`PostHog: only the first ${MAX_MEMBERS} members`, "", "", ""]);
    // 500 a page: five pages reach past the limit.
    expect(w.fake.count("GET cohorts/persons")).toBe(5);
  });

  it("metrics of a type named as the person wrote it", () => {
    const w = world();
    expect(metricTable(w.cell(), "Companies")).toEqual([
      ["id", "name", "math", "math_property", "interval_days", "format", "display"],
      ["m1", "Revenue", "sum", "amount", 30, "currency", "number"],
    ]);
  });

  it("a property's most common values with their counts", () => {
    const w = world();
    expect(propertyValueTable(w.cell(), 0, "plan")).toEqual([
      ["value", "groups"],
      ["free", 3],
      ["pro", 3],
    ]);
    propertyValueTable(w.cell(), 0, "plan");
    expect(w.fake.count("GET groups/property_values")).toBe(1);
  });
});

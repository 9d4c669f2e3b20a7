// The seeded data-warehouse table: HogQL over it, UsageMetricsQuery's warehouse path (PostHog's own test data and
// the seeded "Charges (30 days)"), and metric creation that accepts an existing table only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Dt } from "../../posthog-local/hogql/eval";
import type { WarehouseRow } from "../../posthog-local/warehouse";
import { DAY, startWithRuntime } from "./events-kit";

let kit: Awaited<ReturnType<typeof startWithRuntime>>;
const M = "/api/projects/1/groups_types/0/metrics/";
const FB = { refresh: "force_blocking" };
const q = (sql: string, values: Record<string, unknown> = {}) => kit.api.query(sql, values, FB);
const usage = (node: Record<string, unknown>) =>
  kit.api.post("/api/projects/1/query/", {
    query: { kind: "UsageMetricsQuery", ...node },
    refresh: "force_blocking",
  });
const charges = (): WarehouseRow[] =>
  kit.rt.world.project(1)?.warehouse.get("stripe_charges")?.rows ?? [];
const at = (r: WarehouseRow) => (r.created as Dt).ms;
const TABLE_FILTERS = {
  source: "data_warehouse",
  table_name: "stripe_charges",
  timestamp_field: "created",
  key_field: "customer_id",
};

beforeAll(async () => {
  kit = await startWithRuntime({ groups: 80 });
});
afterAll(() => kit.close());

describe("the seeded warehouse table stripe_charges", () => {
  it("holds 60 days of charges, most of them for demo companies", () => {
    const rows = charges();
    const now = kit.rt.world.now();
    expect(rows.length).toBeGreaterThan(300);
    expect(rows.every((r) => at(r) >= now - 60 * DAY && at(r) <= now)).toBe(true);
    const companies = rows.filter((r) => kit.rt.world.project(1)?.group(0, String(r.customer_id)));
    expect(companies.length / rows.length).toBeGreaterThan(0.9);
    expect(companies.length).toBeLessThan(rows.length); // and a few guests that are no company
  });

  it("answers HogQL grouped by the key with countIf/sumIf windows, keyset pages and the column types", async () => {
    const now = kit.rt.world.now();
    const from = now - 30 * DAY;
    const sql =
      "SELECT toString(customer_id) AS group_key, toFloat(countIf(created >= toDateTime({from}))) AS n," +
      " sumIf(ifNull(toFloat(amount), 0), created >= toDateTime({from})) AS total," +
      " countIf(created >= toStartOfDay(toTimeZone(toDateTime({from}), 'UTC'))) AS since_day" +
      " FROM stripe_charges WHERE created <= toDateTime({to}) AND toString(customer_id) > {after}" +
      " GROUP BY group_key ORDER BY group_key ASC LIMIT 5";
    const values = { from: new Date(from).toISOString(), to: new Date(now).toISOString() };
    const first = await q(sql, { ...values, after: "" });
    expect(first.status).toBe(200);
    expect(first.json.types).toEqual([
      ["group_key", "String"],
      ["n", "Nullable(Float64)"],
      ["total", "Float64"],
      ["since_day", "UInt64"],
    ]);
    const keys = [...new Set(charges().map((r) => String(r.customer_id)))].sort();
    expect(first.json.results.map((r: unknown[]) => r[0])).toEqual(keys.slice(0, 5));
    for (const [key, n, total] of first.json.results as [string, number, number][]) {
      const mine = charges().filter((r) => r.customer_id === key && at(r) >= from);
      expect([n, total]).toEqual([mine.length, mine.reduce((s, r) => s + Number(r.amount), 0)]);
    }
    const next = await q(sql, { ...values, after: first.json.results[4][0] });
    expect(next.json.results.map((r: unknown[]) => r[0])).toEqual(keys.slice(5, 10));
    expect(next.json.hogql).toMatch(/FROM stripe_charges WHERE/);
  });

  it("refuses what it cannot do, plainly", async () => {
    expect((await q("SELECT plan FROM stripe_charges")).json.detail).toMatch(
      /Unable to resolve field: plan/,
    );
    expect((await q("SELECT properties.x FROM stripe_charges")).json.detail).toMatch(
      /Unable to resolve field: properties.x/,
    );
    expect((await q("SELECT id FROM stripe_charges JOIN events")).status).toBe(400);
    expect((await q("SELECT count() FROM nowhere")).json.detail).toMatch(/Unknown table `nowhere`/);
  });
});

describe("UsageMetricsQuery on a warehouse table", () => {
  /** value and previous of a sum of amount over the windows, by hand. */
  const hand = (key: string, interval: number, now: number) => {
    let value = 0;
    let previous = 0;
    for (const r of charges()) {
      if (r.customer_id !== key) continue;
      const t = at(r);
      if (t >= now - interval * DAY && t <= now) value += Number(r.amount);
      else if (t >= now - 2 * interval * DAY && t < now - interval * DAY)
        previous += Number(r.amount);
    }
    return [value, previous];
  };

  it("gives the seeded Charges (30 days) of several companies as summed by hand, 0 for a key with no charges", async () => {
    const keys = [...new Set(charges().map((r) => String(r.customer_id)))].slice(0, 5);
    let nonZero = 0;
    for (const key of [...keys, "no-such-company"]) {
      const before = kit.rt.world.now();
      const res = await usage({ group_type_index: 0, group_key: key });
      const after = kit.rt.world.now();
      const got = res.json.results.find((r: { name: string }) => r.name === "Charges (30 days)");
      expect([hand(key, 30, before), hand(key, 30, after)]).toContainEqual([
        got.value,
        got.previous,
      ]);
      expect(got.timeseries).toHaveLength(31);
      expect(got.timeseries.reduce((s: number, x: number) => s + x, 0)).toBeCloseTo(got.value);
      if (got.value > 0) nonZero++;
    }
    expect(nonZero).toBeGreaterThan(2);
  });

  it("skips warehouse metrics on a person query", async () => {
    const person = kit.rt.world.project(1)?.persons[0]?.uuid;
    const res = await usage({ person_id: person });
    expect(res.status).toBe(200);
    expect(res.json.results.map((r: { name: string }) => r.name)).not.toContain(
      "Charges (30 days)",
    );
  });

  it("reads the fields as HogQL expressions (parse_expr), as the runner does", async () => {
    const key = String(charges()[0]?.customer_id);
    const filters = { ...TABLE_FILTERS, timestamp_field: "toDateTime(created)" };
    const made = await kit.api.post(M, {
      name: "Charges by expression (30 days)",
      interval: 30,
      filters,
      math: "sum",
      math_property: "amount * 2",
    });
    const res = await usage({ group_type_index: 0, group_key: key });
    const byName = (name: string) =>
      res.json.results.find((r: { name: string }) => r.name === name) as { value: number };
    expect(byName("Charges by expression (30 days)").value).toBeCloseTo(
      2 * byName("Charges (30 days)").value,
    );
    await kit.api.patch(`${M}${made.json.id}/`, {
      filters: { ...filters, key_field: "customer_id +" },
    });
    const broken = await usage({ group_type_index: 0, group_key: key });
    expect(broken.status).toBe(400);
    await kit.api.del(`${M}${made.json.id}/`);
  });

  it("creates a metric on an existing table and refuses a missing one with PostHog's message", async () => {
    const filters = TABLE_FILTERS;
    const created = await kit.api.post(M, { name: "Charges count (7 days)", filters });
    expect(created.status).toBe(201);
    const key = String(charges()[0]?.customer_id);
    const res = await usage({ group_type_index: 0, group_key: key });
    expect(res.json.detail).toBeUndefined();
    const got = res.json.results.find((r: { name: string }) => r.name === "Charges count (7 days)");
    const now = kit.rt.world.now();
    const count = charges().filter(
      (r) => r.customer_id === key && at(r) >= now - 7 * DAY - 5000 && at(r) <= now,
    ).length;
    expect(Math.abs(got.value - count)).toBeLessThanOrEqual(1);
    await kit.api.del(`${M}${created.json.id}/`);
    const missing = await kit.api.post(M, {
      name: "Nope",
      filters: { ...filters, table_name: "nope" },
    });
    expect(missing.json).toEqual({
      type: "validation_error",
      code: "invalid_input",
      detail: "Data warehouse table 'nope' does not exist.",
      attr: "filters",
    });
    const partial = await kit.api.post(M, {
      name: "Nope",
      filters: { source: "data_warehouse", table_name: "stripe_charges" },
    });
    expect(partial.json.detail).toBe(
      "Data warehouse metrics require table_name, timestamp_field, key_field.",
    );
  });
});

describe("PostHog's own warehouse test (usage_metrics_dw_data.csv, frozen at 2025-10-09T12:11:00)", () => {
  let own: Awaited<ReturnType<typeof startWithRuntime>>;
  beforeAll(async () => {
    own = await startWithRuntime({ groups: 5 });
    const row = (id: string, customer: string, created: string, amount: number) => ({
      id,
      customer_id: customer,
      created: new Dt(Date.parse(`${created}Z`)),
      amount,
    });
    own.rt.world.project(1)?.warehouse.set("usage_metrics", {
      name: "usage_metrics",
      columns: {
        id: "String",
        customer_id: "String",
        created: "DateTime64(3, 'UTC')",
        amount: "Float64",
      },
      rows: [
        row("1", "acme", "2025-10-09T10:00:00", 100),
        row("2", "acme", "2025-10-08T10:00:00", 250.5),
        row("3", "acme", "2025-10-04T10:00:00", 75),
        row("4", "acme", "2025-10-01T10:00:00", 500),
        row("5", "otherco", "2025-10-09T10:00:00", 999),
        row("6", "acme", "2025-10-15T10:00:00", 42),
      ],
    });
    own.rt.world.clock.setOffset(Date.parse("2025-10-09T12:11:00Z") - Date.now());
    const filters = {
      source: "data_warehouse",
      table_name: "usage_metrics",
      timestamp_field: "created",
      key_field: "customer_id",
    };
    const api = own.api;
    await api.post(M, { name: "DW signups", filters });
    await api.post(M, {
      name: "DW revenue",
      filters,
      math: "sum",
      math_property: "amount",
      format: "currency",
    });
  });
  afterAll(() => own.close());

  const dw = async (key: string) => {
    const res = await own.api.post("/api/projects/1/query/", {
      query: { kind: "UsageMetricsQuery", group_type_index: 0, group_key: key },
      refresh: "force_blocking",
    });
    expect(res.json.detail).toBeUndefined();
    return Object.fromEntries(
      (res.json.results as { name: string; value: number; previous: number }[]).map((r) => [
        r.name,
        [r.value, r.previous],
      ]),
    );
  };

  it("counts 3 and 1, sums 425.5 and 500, and gives 0 for a key that matches no row", async () => {
    const acme = await dw("acme");
    expect(acme["DW signups"]).toEqual([3, 1]);
    expect(acme["DW revenue"]).toEqual([425.5, 500]);
    const nobody = await dw("nobody");
    expect(nobody["DW signups"]).toEqual([0, 0]);
    expect(nobody["DW revenue"]).toEqual([0, 0]);
  });
});

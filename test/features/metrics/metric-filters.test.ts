// Metric filters become the HogQL PostHog builds (cdp/filters.py, hogql/property.py), values always as placeholders.
import { describe, expect, it } from "vitest";
import { identifier, metricCondition } from "../../../src/features/metrics/metric-filters.ts";

function translate(filters: Record<string, unknown>, testAccounts: unknown[] = []) {
  const values: Record<string, unknown> = {};
  let n = 0;
  const bind = (v: unknown) => {
    values[`v${n}`] = v;
    return `{v${n++}}`;
  };
  const condition: { sql?: string; unsupported?: string } = metricCondition(
    filters,
    bind,
    testAccounts,
  );
  return { ...condition, values };
}

describe("metricCondition", () => {
  it("ANDs test accounts, global properties and the OR of the events with their own properties", () => {
    const got = translate(
      {
        filter_test_accounts: true,
        properties: [{ key: "plan", value: ["pro", "team"], operator: "exact", type: "person" }],
        events: [
          {
            id: "$pageview",
            properties: [{ key: "$browser", value: "fire", operator: "icontains" }],
          },
          { id: "signup" },
        ],
      },
      [{ key: "email", value: "@posthog.com", operator: "not_icontains", type: "person" }],
    );
    expect(got).toEqual({
      sql:
        "(toString(person.properties.email) NOT ILIKE {v0}) AND (person.properties.plan IN ({v1}, {v2})) AND " +
        "(((event = {v3}) AND (toString(properties.$browser) ILIKE {v4})) OR (event = {v5}))",
      values: {
        v0: "%@posthog.com%",
        v1: "pro",
        v2: "team",
        v3: "$pageview",
        v4: "%fire%",
        v5: "signup",
      },
    });
  });

  it("knows the standard operators and group properties", () => {
    const one = (operator: string, value: unknown, type = "event") =>
      translate({
        events: [
          { id: null, properties: [{ key: "n", value, operator, type, group_type_index: 1 }] },
        ],
      }).sql ?? "";
    expect(one("is_set", "")).toBe("properties.n IS NOT NULL");
    expect(one("is_not_set", "")).toBe("properties.n IS NULL");
    expect(one("gt", 5)).toBe("properties.n > {v0}");
    expect(one("lte", 5)).toBe("properties.n <= {v0}");
    expect(one("regex", "^a")).toBe("ifNull(match(toString(properties.n), {v0}), 0)");
    expect(one("not_regex", "^a")).toBe("ifNull(not(match(toString(properties.n), {v0})), 1)");
    expect(one("is_not", ["a", "b"])).toBe("properties.n NOT IN ({v0}, {v1})");
    expect(one("exact", "x", "group")).toBe("group_1.properties.n = {v0}");
    expect(one("icontains", ["a", "b"])).toBe(
      "(toString(properties.n) ILIKE {v0}) OR (toString(properties.n) ILIKE {v1})",
    );
  });

  it("quotes property names that are not plain identifiers, so no text becomes HogQL", () => {
    expect(identifier("$browser")).toBe("$browser");
    expect(identifier("a b`) OR 1=1 --")).toBe("`a b\\`) OR 1=1 --`");
  });
});

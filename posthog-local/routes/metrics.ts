// groups_types/:index/metrics/: usage metric CRUD with the serializer's field and math/math_property rules.
import { errors } from "../errors";
import { json, limitOffsetPage, objectOf, type Reply } from "../http-util";
import { createRng, isUuid, uuidFrom } from "../ids";
import { type Ctx, projectOf } from "../router";
import type { Props, UsageMetric } from "../types";

const CHOICES: Record<string, string[]> = {
  format: ["numeric", "currency"],
  display: ["number", "sparkline"],
  math: ["count", "sum"],
};
const DEFAULTS = { format: "numeric", interval: 7, display: "number", math: "count" };

function metricJson(m: UsageMetric): Record<string, unknown> {
  return {
    id: m.id,
    name: m.name,
    format: m.format,
    interval: m.interval,
    display: m.display,
    filters: m.filters,
    math: m.math,
    math_property: m.mathProperty,
  };
}

function typeIndex(ctx: Ctx): number {
  const raw = ctx.params.index ?? "";
  if (!/^\d+$/.test(raw)) throw errors.notFound();
  return Number(raw);
}

function pyRepr(v: unknown): string {
  if (typeof v === "string") return `'${v.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  if (v === true) return "True";
  if (v === false) return "False";
  if (v === null || v === undefined) return "None";
  return JSON.stringify(v);
}

/** Field-level validation in serializer field order; returns the validated subset. */
function validateFields(
  body: Record<string, unknown>,
  partial: boolean,
): Partial<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const stringField = (
    name: string,
    max: number,
    required: boolean,
    allowNull: boolean,
    allowBlank: boolean,
  ) => {
    if (!(name in body)) {
      if (required && !partial) throw errors.required(name);
      return;
    }
    const v = body[name];
    if (v === null) {
      if (!allowNull) throw errors.nullField(name);
      out[name] = null;
      return;
    }
    if (typeof v !== "string" && typeof v !== "number")
      throw errors.validation("Not a valid string.", name);
    const s = String(v).trim();
    if (s === "" && !allowBlank)
      throw errors.validation("This field may not be blank.", name, "blank");
    if (s.length > max)
      throw errors.validation(
        `Ensure this field has no more than ${max} characters.`,
        name,
        "max_length",
      );
    out[name] = s;
  };
  const choice = (name: string) => {
    if (!(name in body)) return;
    const v = body[name];
    if (v === null) throw errors.nullField(name);
    if (!CHOICES[name]?.includes(String(v)))
      throw errors.validation(`"${String(v)}" is not a valid choice.`, name, "invalid_choice");
    out[name] = String(v);
  };
  stringField("name", 255, true, false, false);
  choice("format");
  if ("interval" in body) {
    const v = body.interval;
    if (v === null) throw errors.nullField("interval");
    const n = typeof v === "string" && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v;
    if (typeof n !== "number" || !Number.isInteger(n))
      throw errors.validation("A valid integer is required.", "interval");
    out.interval = n;
  }
  choice("display");
  if (!("filters" in body)) {
    if (!partial) throw errors.required("filters");
  } else {
    const v = body.filters;
    if (v === null) throw errors.nullField("filters");
    if (typeof v !== "object" || Array.isArray(v)) {
      const type = Array.isArray(v)
        ? "list"
        : typeof v === "string"
          ? "str"
          : typeof v === "number"
            ? Number.isInteger(v)
              ? "int"
              : "float"
            : "bool";
      throw errors.validation(
        `Expected a dictionary of items but got type "${type}".`,
        "filters",
        "not_a_dict",
      );
    }
    out.filters = v;
  }
  choice("math");
  stringField("math_property", 255, false, true, true);
  return out;
}

/**
 * GroupUsageMetricSerializer.validate (ee/clickhouse/views/groups.py): math/math_property
 * pairing, the filters source, and for a warehouse metric its three fields and an existing table of the team.
 */
function validateMetric(
  data: Record<string, unknown>,
  instance: UsageMetric | undefined,
  tables: ReadonlyMap<string, unknown>,
): void {
  const math = (data.math ?? instance?.math ?? "count") as string;
  const mathProperty =
    "math_property" in data ? data.math_property : (instance?.mathProperty ?? null);
  const filters = (data.filters ?? instance?.filters ?? null) as Props | null;
  const source = filters && typeof filters === "object" ? filters.source : undefined;
  if (source === "data_warehouse") {
    const missing = ["table_name", "timestamp_field", "key_field"].filter((f) => !filters?.[f]);
    if (missing.length > 0)
      throw errors.validation(
        "Data warehouse metrics require table_name, timestamp_field, key_field.",
        "filters",
      );
    if (math === "sum" && !mathProperty)
      throw errors.validation(
        "math_property (column to sum) is required when math is 'sum'.",
        "math_property",
      );
    if (math === "count" && mathProperty)
      throw errors.validation("math_property must be empty when math is 'count'.", "math_property");
    if (!tables.has(String(filters?.table_name)))
      throw errors.validation(
        `Data warehouse table ${pyRepr(filters?.table_name)} does not exist.`,
        "filters",
      );
    return;
  }
  if (source !== undefined && source !== null && source !== "events")
    throw errors.validation(`Unknown source: ${pyRepr(source)}`, "filters");
  if (math === "sum" && !mathProperty)
    throw errors.validation("math_property is required when math is 'sum'.", "math_property");
  if (math === "count" && mathProperty)
    throw errors.validation("math_property must be empty when math is 'count'.", "math_property");
}

function findMetric(ctx: Ctx): UsageMetric {
  const id = ctx.params.id ?? "";
  const index = typeIndex(ctx);
  const metric = isUuid(id)
    ? projectOf(ctx).metrics.find((m) => m.id === id.toLowerCase() && m.typeIndex === index)
    : undefined;
  if (!metric) throw errors.notFound();
  return metric;
}

function assertUniqueName(ctx: Ctx, name: string, index: number, self?: UsageMetric): void {
  if (projectOf(ctx).metrics.some((m) => m !== self && m.typeIndex === index && m.name === name))
    throw errors.server();
}

export function listMetrics(ctx: Ctx): Reply {
  const index = typeIndex(ctx);
  return json(
    200,
    limitOffsetPage(
      ctx.req,
      projectOf(ctx)
        .metrics.filter((m) => m.typeIndex === index)
        .map(metricJson),
    ),
  );
}

export function getMetric(ctx: Ctx): Reply {
  return json(200, metricJson(findMetric(ctx)));
}

export function createMetric(ctx: Ctx): Reply {
  const index = typeIndex(ctx);
  const data = validateFields(objectOf(ctx.req), false);
  validateMetric(data, undefined, projectOf(ctx).warehouse);
  assertUniqueName(ctx, String(data.name), index);
  const rng = createRng(ctx.world.now() + projectOf(ctx).metrics.length * 7919);
  const metric: UsageMetric = {
    id: uuidFrom(rng),
    typeIndex: index,
    name: String(data.name),
    format: (data.format as string | undefined) ?? DEFAULTS.format,
    interval: (data.interval as number | undefined) ?? DEFAULTS.interval,
    display: (data.display as string | undefined) ?? DEFAULTS.display,
    filters: data.filters as Props,
    math: (data.math as string | undefined) ?? DEFAULTS.math,
    mathProperty: (data.math_property as string | null | undefined) ?? null,
  };
  projectOf(ctx).metrics.push(metric);
  return json(201, metricJson(metric));
}

export function updateMetric(ctx: Ctx, partial: boolean): Reply {
  const metric = findMetric(ctx);
  const data = validateFields(objectOf(ctx.req), partial);
  validateMetric(data, metric, projectOf(ctx).warehouse);
  if (typeof data.name === "string") assertUniqueName(ctx, data.name, metric.typeIndex, metric);
  if (data.name !== undefined) metric.name = String(data.name);
  if (data.format !== undefined) metric.format = String(data.format);
  if (data.interval !== undefined) metric.interval = data.interval as number;
  if (data.display !== undefined) metric.display = String(data.display);
  if (data.filters !== undefined) metric.filters = data.filters as Props;
  if (data.math !== undefined) metric.math = String(data.math);
  if ("math_property" in data) metric.mathProperty = (data.math_property as string | null) ?? null;
  return json(200, metricJson(metric));
}

export function deleteMetric(ctx: Ctx): Reply {
  const metric = findMetric(ctx);
  projectOf(ctx).metrics = projectOf(ctx).metrics.filter((m) => m !== metric);
  return { status: 204, empty: true };
}

// A usage metric's filters made into a HogQL condition over `events`, as PostHog builds it
// (posthog/cdp/filters.py hog_function_filters_to_expr; posthog/hogql/property.py property_to_expr and
// _expr_to_compare_op). Every value goes in as a `{placeholder}` that PostHog escapes; property names are quoted.

/** Adds a value as a placeholder and returns its `{name}`. */
export type Bind = (value: unknown) => string;

/** The condition, or why the add-on cannot translate it yet (the column then says so). */
export type Condition = { sql: string } | { unsupported: string };

const COHORT_TYPES = new Set(["cohort", "static-cohort", "precalculated-cohort", "dynamic-cohort"]);

/** Thrown inside the translation; caught once at the top. */
class Unsupported extends Error {}

/**
 * An events metric's `filters` → a HogQL condition (a warehouse metric reads its whole table: metric-sources.ts);
 * `testAccountFilters` are the project's (Team.test_account_filters).
 */
export function metricCondition(
  filters: Record<string, unknown>,
  bind: Bind,
  testAccountFilters: readonly unknown[],
): Condition {
  try {
    const actions = list(filters.actions);
    if (actions.length > 0) throw new Unsupported("metrics on actions are not supported yet");
    const parts: string[] = [];
    if (filters.filter_test_accounts === true)
      for (const prop of testAccountFilters) parts.push(property(prop, bind));
    for (const prop of list(filters.properties)) parts.push(property(prop, bind));
    const events = list(filters.events).map((e) => eventCondition(e, bind));
    if (events.length > 0) parts.push(events.length === 1 ? (events[0] as string) : or(events));
    const real = parts.filter((p) => p !== TRUE);
    // PostHog skips a metric whose condition is constant true (usage_metrics_query_runner.py): no value at all.
    if (real.length === 0)
      throw new Unsupported("PostHog computes no value for a metric without filters");
    return { sql: real.length === 1 ? (real[0] as string) : and(real) };
  } catch (error) {
    if (error instanceof Unsupported) return { unsupported: error.message };
    throw error;
  }
}

const TRUE = "1";

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function and(parts: string[]): string {
  return parts.map((p) => `(${p})`).join(" AND ");
}

function or(parts: string[]): string {
  return parts.map((p) => `(${p})`).join(" OR ");
}

/** One `events` entry: its event name (none: any event) and its own properties. */
function eventCondition(entry: unknown, bind: Bind): string {
  const e = (entry ?? {}) as Record<string, unknown>;
  const parts: string[] = [];
  if (e.id !== null && e.id !== undefined) parts.push(`event = ${bind(String(e.id))}`);
  for (const prop of list(e.properties)) parts.push(property(prop, bind));
  const real = parts.filter((p) => p !== TRUE);
  return real.length === 0 ? TRUE : real.length === 1 ? (real[0] as string) : and(real);
}

/** A property name as a HogQL identifier: plain when it can be, else backquoted with escapes. */
export function identifier(name: string): string {
  if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name)) return name;
  return `\`${name.replace(/\\/g, "\\\\").replace(/`/g, "\\`")}\``;
}

/** The field a property filter reads (property.py: event → properties, person → person.properties, group → group_N.properties). */
function field(prop: Record<string, unknown>): string {
  const key = typeof prop.key === "string" ? prop.key : "";
  if (key === "") throw new Unsupported("a property filter without a key is not supported yet");
  const type = prop.type ?? "event";
  if (type === "event") return `properties.${identifier(key)}`;
  if (type === "person") return `person.properties.${identifier(key)}`;
  if (type === "group" && Number.isInteger(prop.group_type_index))
    return `group_${prop.group_type_index}.properties.${identifier(key)}`;
  if (COHORT_TYPES.has(String(type)))
    throw new Unsupported("metrics filtered on a cohort are not supported yet");
  throw new Unsupported(`"${String(type)}" property filters are not supported yet`);
}

/** property_to_expr for one property filter (or an AND/OR group of them). */
function property(raw: unknown, bind: Bind): string {
  const prop = (raw ?? {}) as Record<string, unknown>;
  if ((prop.type === "AND" || prop.type === "OR") && Array.isArray(prop.values)) {
    const parts = prop.values.map((v) => property(v, bind));
    if (parts.length === 0) return TRUE;
    if (parts.length === 1) return parts[0] as string;
    return prop.type === "AND" ? and(parts) : or(parts);
  }
  const target = field(prop);
  const operator = typeof prop.operator === "string" ? prop.operator : "exact";
  let value = prop.value;
  if (Array.isArray(value) && operator !== "between" && operator !== "not_between") {
    if (value.length === 0) return TRUE;
    if (value.length === 1) value = value[0];
    else if (["exact", "is_not", "in", "not_in"].includes(operator)) {
      const op = operator === "exact" || operator === "in" ? "IN" : "NOT IN";
      return `${target} ${op} (${value.map(bind).join(", ")})`;
    } else {
      const each = value.map((v) => compare(target, operator, v, bind));
      return ["not_icontains", "not_regex", "is_not"].includes(operator) ? and(each) : or(each);
    }
  }
  return compare(target, operator, value, bind);
}

/** _expr_to_compare_op for the standard operators. */
function compare(target: string, operator: string, value: unknown, bind: Bind): string {
  switch (operator) {
    case "is_set":
      return `${target} IS NOT NULL`;
    case "is_not_set":
      return `${target} IS NULL`;
    case "icontains":
      return `toString(${target}) ILIKE ${bind(`%${String(value)}%`)}`;
    case "not_icontains":
      return `toString(${target}) NOT ILIKE ${bind(`%${String(value)}%`)}`;
    case "regex":
      return `ifNull(match(toString(${target}), ${bind(String(value))}), 0)`;
    case "not_regex":
      return `ifNull(not(match(toString(${target}), ${bind(String(value))})), 1)`;
    case "exact":
    case "is_date_exact":
      return `${target} = ${bind(value)}`;
    case "is_not":
      return `${target} != ${bind(value)}`;
    case "lt":
    case "is_date_before":
      return `${target} < ${bind(value)}`;
    case "gt":
    case "is_date_after":
      return `${target} > ${bind(value)}`;
    case "lte":
    case "max":
      return `${target} <= ${bind(value)}`;
    case "gte":
    case "min":
      return `${target} >= ${bind(value)}`;
    case "between":
    case "not_between": {
      const [low, high] = Array.isArray(value) ? value : [];
      if (low === undefined || high === undefined)
        throw new Unsupported(`${operator} needs two values`);
      return operator === "between"
        ? `${target} >= ${bind(low)} AND ${target} <= ${bind(high)}`
        : `(${target} < ${bind(low)} OR ${target} > ${bind(high)})`;
    }
    default:
      throw new Unsupported(`the "${operator}" operator is not supported yet`);
  }
}

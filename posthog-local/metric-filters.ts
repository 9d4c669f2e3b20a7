// A usage metric's `filters` as HogQL text, as posthog/cdp/filters.py hog_function_filters_to_expr and
// posthog/hogql/property.py property_to_expr build them; what the stand-in cannot translate is refused plainly.
import { unsupported } from "./hogql/errors";
import type { Json, Project, Props } from "./types";

/** A HogQL string literal. */
export function hogqlString(s: string): string {
  return `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

function literal(v: Json): string {
  if (typeof v === "number") return String(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  if (v === null) return "NULL";
  return hogqlString(typeof v === "string" ? v : JSON.stringify(v));
}

function fieldOf(p: Props): string {
  const key = p.key;
  if (typeof key !== "string" || key === "") throw unsupported("A property filter without a key");
  switch (p.type) {
    case "event":
      return `properties[${hogqlString(key)}]`;
    case "person":
      return `person.properties[${hogqlString(key)}]`;
    case "group": {
      const index = p.group_type_index;
      if (typeof index !== "number" || !Number.isInteger(index) || index < 0 || index > 4)
        throw unsupported("A group property filter without a group_type_index of 0–4");
      return `group_${index}.properties[${hogqlString(key)}]`;
    }
    default:
      throw unsupported(`A property filter of type '${String(p.type)}'`);
  }
}

/** One property filter (property.py property_to_expr), for the standard operators. */
function propertyExpr(p: Props): string {
  if (p.type === "cohort" || p.type === "static-cohort" || p.type === "precalculated-cohort") {
    const id = p.value;
    if (typeof id !== "number" && typeof id !== "string")
      throw unsupported("A cohort filter without an id");
    const negated = p.negation === true || p.operator === "not_in";
    return `person_id ${negated ? "NOT " : ""}IN COHORT ${literal(id)}`;
  }
  const field = fieldOf(p);
  const op = typeof p.operator === "string" ? p.operator : "exact";
  const values = Array.isArray(p.value) ? p.value : [p.value as Json];
  const one = values[0] as Json;
  switch (op) {
    case "exact":
      return values.length === 1
        ? `${field} = ${literal(one)}`
        : `${field} IN (${values.map(literal).join(", ")})`;
    case "is_not":
      return values.length === 1
        ? `${field} != ${literal(one)}`
        : `${field} NOT IN (${values.map(literal).join(", ")})`;
    case "icontains":
      return `toString(${field}) ILIKE ${hogqlString(`%${String(one)}%`)}`;
    case "not_icontains":
      return `toString(${field}) NOT ILIKE ${hogqlString(`%${String(one)}%`)}`;
    case "regex":
      return `ifNull(match(toString(${field}), ${literal(String(one))}), false)`;
    case "not_regex":
      return `ifNull(NOT match(toString(${field}), ${literal(String(one))}), true)`;
    case "gt":
    case "gte":
    case "lt":
    case "lte": {
      const sign = { gt: ">", gte: ">=", lt: "<", lte: "<=" }[op];
      return `toFloat(${field}) ${sign} ${Number(one)}`;
    }
    case "is_set":
      return `${field} IS NOT NULL`;
    case "is_not_set":
      return `${field} IS NULL`;
    default:
      throw unsupported(`The property operator '${op}'`);
  }
}

/** A property list (ANDed) or a PropertyGroup `{type: AND|OR, values}`. */
function propertiesExpr(props: Json | undefined): string | null {
  if (props === undefined || props === null) return null;
  if (Array.isArray(props)) {
    const parts = props.map((p) => propertiesExpr(p)).filter((x): x is string => x !== null);
    return parts.length === 0
      ? null
      : parts.length === 1
        ? (parts[0] as string)
        : `(${parts.join(" AND ")})`;
  }
  if (typeof props !== "object")
    throw unsupported("A properties filter that is not a list or a group");
  if (props.type === "AND" || props.type === "OR") {
    const parts = (Array.isArray(props.values) ? props.values : [])
      .map((p) => propertiesExpr(p))
      .filter((x): x is string => x !== null);
    if (parts.length === 0) return null;
    return parts.length === 1 ? (parts[0] as string) : `(${parts.join(` ${props.type} `)})`;
  }
  return `(${propertyExpr(props)})`;
}

/**
 * hog_function_filters_to_expr: test-account filters AND global properties AND (event₁ OR event₂ …), each
 * event ANDed with its own properties. Returns null for the constant `true` (the runner skips such a metric).
 */
export function metricFilterExpr(filters: Props, project: Project): string | null {
  const parts: string[] = [];
  if (filters.filter_test_accounts === true)
    for (const p of project.testAccountFilters ?? []) parts.push(`(${propertyExpr(p)})`);
  const global = propertiesExpr(filters.properties);
  if (global) parts.push(global);
  const actions = Array.isArray(filters.actions) ? filters.actions : [];
  if (actions.length > 0) throw unsupported("A usage metric filtered by actions");
  const events = Array.isArray(filters.events) ? filters.events : [];
  const branches = events.map((e) => {
    const entry = (e && typeof e === "object" && !Array.isArray(e) ? e : {}) as Props;
    const own: string[] = [];
    if (entry.id !== undefined && entry.id !== null) own.push(`event = ${literal(entry.id)}`);
    const props = propertiesExpr(entry.properties);
    if (props) own.push(props);
    return own.length === 0
      ? "true"
      : own.length === 1
        ? (own[0] as string)
        : `(${own.join(" AND ")})`;
  });
  if (branches.length === 1) parts.push(branches[0] as string);
  else if (branches.length > 1) parts.push(`(${branches.join(" OR ")})`);
  const real = parts.filter((p) => p !== "true");
  if (real.length === 0) return null;
  return real.join(" AND ");
}

// Cohort serializer validation: field types, the filters schema (pydantic models in cohort.py) and query kinds.
import { errors } from "./errors";
import type { Json, Props } from "./types";

const LEAF_KEYS: Record<string, string[]> = {
  person: ["type", "key", "operator", "value", "negation"],
  cohort: ["type", "key", "value", "negation"],
  behavioral: [
    "type",
    "key",
    "value",
    "event_type",
    "time_value",
    "time_interval",
    "negation",
    "operator",
    "operator_value",
    "seq_time_interval",
    "seq_time_value",
    "seq_event",
    "seq_event_type",
    "total_periods",
    "min_periods",
    "event_filters",
    "explicit_datetime",
  ],
};
const COHORT_TYPES = ["static", "person_property", "behavioral", "realtime", "analytical"];

function pydanticError(kind: string, loc: (string | number)[], msg: string): never {
  const where = loc.map((p) => (typeof p === "number" ? String(p) : `'${p}'`)).join(", ");
  throw errors.validation(`[{'type': '${kind}', 'loc': (${where}), 'msg': '${msg}'}]`, "filters");
}

function validateNode(node: Json, loc: (string | number)[]): void {
  if (!node || typeof node !== "object" || Array.isArray(node))
    pydanticError("model_type", loc, "Input should be a valid dictionary or object");
  const n = node as Props;
  if (n.type === "AND" || n.type === "OR") {
    for (const k of Object.keys(n))
      if (k !== "type" && k !== "values")
        pydanticError("extra_forbidden", [...loc, k], "Extra inputs are not permitted");
    if (!Array.isArray(n.values))
      pydanticError("list_type", [...loc, "values"], "Input should be a valid list");
    for (const [i, child] of (n.values as Json[]).entries())
      validateNode(child, [...loc, "values", i]);
    return;
  }
  const type = typeof n.type === "string" ? n.type : "";
  const allowed = LEAF_KEYS[type];
  if (!allowed)
    pydanticError(
      "union_tag_invalid",
      loc,
      "Input tag does not match any of the expected tags: 'behavioral', 'cohort', 'person', 'AND', 'OR'",
    );
  for (const k of Object.keys(n))
    if (!allowed.includes(k))
      pydanticError("extra_forbidden", [...loc, type, k], "Extra inputs are not permitted");
  const missing = (fields: string[]) => {
    const absent = fields.filter((f) => n[f] === undefined);
    if (absent.length > 0)
      throw errors.validation(
        `Missing required keys for ${type} filter: ${absent.join(", ")}`,
        "filters",
      );
  };
  if (type === "person") {
    missing(["key"]);
    const absent: string[] = [];
    if (
      (n.value === undefined || n.value === null) &&
      n.operator !== "is_set" &&
      n.operator !== "is_not_set"
    )
      absent.push("value");
    if (n.operator === undefined || n.operator === null) absent.push("operator");
    if (absent.length > 0)
      throw errors.validation(
        `Missing required keys for person filter: ${absent.join(", ")}`,
        "filters",
      );
  } else if (type === "cohort") {
    missing(["key", "value"]);
    if (n.key !== "id")
      pydanticError("literal_error", [...loc, "cohort", "key"], "Input should be 'id'");
    if (typeof n.value !== "number" && !(typeof n.value === "string" && /^\d+$/.test(n.value)))
      pydanticError("int_parsing", [...loc, "cohort", "value"], "Input should be a valid integer");
  } else {
    missing(["key", "value", "event_type"]);
  }
}

/** `validate_filters` for dynamic cohorts: a `properties` group whose leaves match the pydantic models. */
export function validateFilters(raw: unknown): Props {
  if (!raw || typeof raw !== "object" || Array.isArray(raw) || !("properties" in raw)) {
    throw errors.validation("Must contain a 'properties' key with type and values", "filters");
  }
  const filters = raw as Props;
  for (const k of Object.keys(filters))
    if (k !== "properties") pydanticError("extra_forbidden", [k], "Extra inputs are not permitted");
  validateNode(filters.properties ?? null, ["properties"]);
  return filters;
}

export interface CohortInput {
  name?: string | null;
  description?: string;
  isStatic?: boolean;
  filters?: Props | null;
  query?: Props | null;
  cohortType?: string | null;
  deleted?: boolean;
  personIds?: string[];
}

function bool(field: string, v: unknown): boolean {
  if (v === true || v === false) return v;
  if (typeof v === "string" && ["true", "True", "1", "yes", "on"].includes(v)) return true;
  if (typeof v === "string" && ["false", "False", "0", "no", "off", ""].includes(v)) return false;
  if (v === 1 || v === 0) return v === 1;
  throw errors.validation("Must be a valid boolean.", field);
}

/** Field-level parsing in serializer order; `isStaticContext` tells whether filters are skipped. */
export function parseCohortInput(
  body: Record<string, unknown>,
  isStaticContext: boolean,
): CohortInput {
  const out: CohortInput = {};
  if ("name" in body) {
    const v = body.name;
    if (v !== null && typeof v !== "string" && typeof v !== "number")
      throw errors.validation("Not a valid string.", "name");
    if (typeof v === "string" && v.length > 400)
      throw errors.validation(
        "Ensure this field has no more than 400 characters.",
        "name",
        "max_length",
      );
    out.name = v === null ? null : String(v);
  }
  if ("description" in body) {
    const v = body.description;
    if (v === null) throw errors.nullField("description");
    if (typeof v !== "string") throw errors.validation("Not a valid string.", "description");
    if (v.length > 1000)
      throw errors.validation(
        "Ensure this field has no more than 1000 characters.",
        "description",
        "max_length",
      );
    out.description = v;
  }
  if ("deleted" in body) out.deleted = bool("deleted", body.deleted);
  if ("is_static" in body) out.isStatic = bool("is_static", body.is_static);
  const isStatic = out.isStatic ?? isStaticContext;
  if ("filters" in body && body.filters !== null) {
    let raw = body.filters;
    if (typeof raw === "string") {
      try {
        raw = JSON.parse(raw);
      } catch {
        throw errors.validation("Value must be valid JSON.", "filters");
      }
    }
    out.filters = isStatic ? (raw as Props) : validateFilters(raw);
  }
  if ("query" in body && body.query) {
    const q = body.query;
    if (typeof q !== "object" || Array.isArray(q))
      throw errors.validation("Query must be a dictionary.", "query");
    const kind = (q as Props).kind;
    if (kind !== "ActorsQuery" && kind !== "HogQLQuery")
      throw errors.validation(
        `Query must be an ActorsQuery or HogQLQuery. Got: ${kind === undefined || kind === null ? "None" : String(kind)}`,
        "query",
      );
    out.query = q as Props;
  }
  if ("cohort_type" in body && body.cohort_type !== null && body.cohort_type !== "") {
    if (!COHORT_TYPES.includes(String(body.cohort_type)))
      throw errors.validation(
        `"${String(body.cohort_type)}" is not a valid choice.`,
        "cohort_type",
        "invalid_choice",
      );
    out.cohortType = String(body.cohort_type);
  }
  if ("_create_static_person_ids" in body) {
    const ids = body._create_static_person_ids;
    if (!Array.isArray(ids))
      throw errors.validation(
        `Expected a list of items but got type "${typeof ids}".`,
        "_create_static_person_ids",
        "not_a_list",
      );
    out.personIds = ids.map(String);
  }
  return out;
}

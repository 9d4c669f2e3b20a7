// Checks a usage metric from the sidebar before PostHog sees it: each problem names its field (PostHog's attr).
import type { MetricInput } from "../../api/metrics";
import { UserFacingError } from "../../shared/failures";
import type { MetricSave } from "../../shared/manage-rpc";

const bad = (field: string, message: string) =>
  new UserFacingError("invalid_input", message, field);

function oneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  field: string,
  label: string,
): T {
  if (typeof value === "string" && (allowed as readonly string[]).includes(value))
    return value as T;
  throw bad(field, `${label} must be ${allowed.join(" or ")}.`);
}

/** Parses the metric form's fields into PostHog's create/update body; throws the first problem by its field. */
export function metricInput(raw: Partial<Record<keyof MetricSave, unknown>>): MetricInput {
  const name = typeof raw.name === "string" ? raw.name.trim() : "";
  if (!name) throw bad("name", "Enter a name for the metric.");
  if (name.length > 255) throw bad("name", "The name is longer than PostHog's 255 characters.");
  const format = oneOf(raw.format, ["numeric", "currency"] as const, "format", "Format");
  const intervalText = String(raw.interval ?? "").trim();
  const interval = Number(intervalText);
  if (!/^\d+$/.test(intervalText) || !Number.isSafeInteger(interval) || interval < 1)
    throw bad("interval", "Interval is a whole number of days, 1 or more.");
  const display = oneOf(raw.display, ["number", "sparkline"] as const, "display", "Display");
  const math = oneOf(raw.math, ["count", "sum"] as const, "math", "Math");
  const mathProperty = typeof raw.mathProperty === "string" ? raw.mathProperty.trim() : "";
  if (math === "sum" && !mathProperty)
    throw bad("math_property", "A sum needs the property to add up (e.g. amount).");
  if (math === "count" && mathProperty)
    throw bad("math_property", "Leave the property empty for a count (it is only for sums).");
  let filters: unknown;
  try {
    filters = JSON.parse(typeof raw.filters === "string" ? raw.filters : "");
  } catch {
    throw bad(
      "filters",
      'Filters must be JSON, e.g. {"events": [{"id": "$pageview", "type": "events"}]}.',
    );
  }
  if (typeof filters !== "object" || filters === null || Array.isArray(filters))
    throw bad("filters", "Filters must be a JSON object ({…}).");
  return {
    name,
    format,
    interval,
    display,
    math,
    math_property: math === "sum" ? mathProperty : null,
    filters: filters as Record<string, unknown>,
  };
}

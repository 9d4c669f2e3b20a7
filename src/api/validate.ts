// Client-side checks of arguments, so a bad call fails with `invalid_input` before anything is sent.
import { invalidInput } from "./errors";

/** A group type index: an integer 0–4 (PostHog allows five group types per project). */
export function checkGroupTypeIndex(value: unknown, field = "groupTypeIndex"): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 4) {
    throw invalidInput(`${field} must be a whole number from 0 to 4.`, field);
  }
  return value;
}

/** A group key: a non-empty string (PostHog stores up to 400 characters). */
export function checkGroupKey(value: unknown, field = "groupKey"): string {
  if (typeof value !== "string" || value === "")
    throw invalidInput(`${field} must be a non-empty text.`, field);
  if (value.length > 400)
    throw invalidInput(`${field} is longer than PostHog's 400 characters.`, field);
  return value;
}

/** A non-empty string id (metric uuid, property name…). Slashes and other characters are encoded later, not refused. */
export function checkText(value: unknown, field: string): string {
  if (typeof value !== "string" || value === "")
    throw invalidInput(`${field} must be a non-empty text.`, field);
  return value;
}

/** A positive whole number (cohort id, project id). */
export function checkPositiveInt(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw invalidInput(`${field} must be a positive whole number.`, field);
  }
  return value;
}

/** An optional page option: a whole number at least `min`. */
export function checkOptionalInt(value: unknown, field: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    throw invalidInput(`${field} must be a whole number of at least ${min}.`, field);
  }
  return value;
}

/** A property value PostHog will store: any JSON except null/undefined and non-finite numbers. */
export function checkPropertyValue(value: unknown, field = "value"): unknown {
  if (value === null || value === undefined) {
    throw invalidInput(
      "PostHog cannot set a property to an empty (null) value; delete the property instead.",
      field,
    );
  }
  if (typeof value === "number" && !Number.isFinite(value))
    throw invalidInput(`${field} must be a finite number.`, field);
  if (typeof value === "function" || typeof value === "symbol" || typeof value === "bigint") {
    throw invalidInput(`${field} must be JSON data.`, field);
  }
  return value;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A person UUID as cohorts take them. */
export function checkUuid(value: unknown, field: string): string {
  if (typeof value !== "string" || !UUID.test(value))
    throw invalidInput(`${field} must be a person UUID.`, field);
  return value;
}

/** A plain JSON object (not an array, not null). */
export function checkObject(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalidInput(`${field} must be an object.`, field);
  }
  return value as Record<string, unknown>;
}

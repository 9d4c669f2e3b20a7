// How a sidebar call answers: an RpcResult that never throws across the wire, and its arguments read as an object.
import { toFailure } from "./failures";
import type { RpcResult } from "./rpc";

/**
 * Runs a use case; any failure becomes a stable code and a message for people (never a stack or a key).
 * `fields` renames PostHog's validation `attr` to the form's field (e.g. "filters__events" → "filters").
 */
export function respond<T>(work: () => T, fields: Record<string, string> = {}): RpcResult<T> {
  try {
    return { ok: true, value: work() };
  } catch (error) {
    const failure = toFailure(error);
    if (failure.field) {
      const base = failure.field.split("__")[0] ?? failure.field;
      failure.field = fields[base] ?? base;
    }
    return failure;
  }
}

/** Arguments arrive from the page as any JSON: read them as an object of unknown fields. */
export function argsOf(input: unknown): Record<string, unknown> {
  return typeof input === "object" && input !== null && !Array.isArray(input)
    ? (input as Record<string, unknown>)
    : {};
}

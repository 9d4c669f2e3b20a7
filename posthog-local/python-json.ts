// Python's `json.dumps` with its defaults (ensure_ascii, ", " and ": "): how REST group writes store properties.
import type { Json } from "./types";

/**
 * `posthog/models/group/util.py` `raw_create_group_ch` stores `json.dumps(properties)` in ClickHouse: every
 * character past ASCII becomes `\uXXXX` (a surrogate pair past U+FFFF), and items are separated by ", " / ": ".
 * Ingestion (the Node workers, `JSON.stringify`) stores the raw characters instead.
 */
export function pythonJsonDumps(value: Json): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return Number.isFinite(value) ? JSON.stringify(value) : "NaN";
  if (typeof value === "string") return asciiString(value);
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(", ")}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${asciiString(k)}: ${pythonJsonDumps(v)}`)
    .join(", ")}}`;
}

function asciiString(text: string): string {
  // JSON.stringify already escaped quotes, backslashes and control characters; each UTF-16 unit past "~" is
  // escaped on its own, so a character past U+FFFF becomes its surrogate pair, as Python writes it.
  return JSON.stringify(text).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

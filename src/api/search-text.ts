// A search term as PostHog's stored properties may spell it: raw (ingestion) or JSON-escaped (REST writes).
//
// posthog/models/group/util.py `raw_create_group_ch` stores REST-written properties as Python's json.dumps
// (ü → \u00fc), ingestion stores the characters themselves, and search is an ILIKE on that text. So a term with
// non-ASCII characters is also looked up escaped; ILIKE folds the hex digits but not Ü/ü inside an escape, so the
// term is escaped as typed, in lower case and in upper case (docs/posthog-api.md, "Ingestion, stored JSON and
// cohorts").

/** Every UTF-16 unit past `~` as \uXXXX, as json.dumps writes it (ensure_ascii). */
function asciiOnly(text: string): string {
  return text.replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** `text` the way json.dumps writes it inside a JSON string: quotes and controls escaped, non-ASCII as \uXXXX. */
export function jsonEscaped(text: string): string {
  return asciiOnly(JSON.stringify(text).slice(1, -1));
}

/** The escaped spellings of a term with non-ASCII characters (none for plain ASCII), distinct ignoring case. */
export function escapedSpellings(term: string): string[] {
  if (!/[\u007f-\uffff]/.test(term)) return [];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const variant of [term, term.toLowerCase(), term.toUpperCase()]) {
    const escaped = jsonEscaped(variant);
    if (seen.has(escaped.toLowerCase())) continue;
    seen.add(escaped.toLowerCase());
    out.push(escaped);
  }
  return out;
}

/** Every spelling to search for: the term itself first, then its escaped spellings. */
export function searchSpellings(term: string): string[] {
  return [term, ...escapedSpellings(term)];
}

/**
 * True when a group found by spelling `index` was already found by an earlier one: by its key (only the term
 * itself matches keys), or by an earlier escaped spelling (a group's JSON is either all escaped or all raw). Lets
 * searches run one spelling after another without repeats.
 */
export function foundEarlier(
  key: string,
  properties: Record<string, unknown>,
  spellings: readonly string[],
  index: number,
): boolean {
  if (index === 0) return false;
  if (key.toLowerCase() === (spellings[0] ?? "").toLowerCase()) return true;
  const stored = asciiOnly(JSON.stringify(properties ?? {})).toLowerCase();
  return spellings.slice(1, index).some((s) => stored.includes(s.toLowerCase()));
}

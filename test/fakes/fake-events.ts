// The fake PostHog's events and its answer to the add-on's usage-metric query (src/features/metrics/metric-values.ts):
// a small evaluator of exactly the HogQL that query uses (countIf/sumIf over time windows, AND/OR of `event = {v}`
// and `properties.k = / != {v}`), grouped by `$group_N`, in key order, after a key, limited.

export interface FakeEvent {
  event: string;
  /** ms since the epoch. */
  at: number;
  /** `$group_N` → key. */
  groups: Record<number, string>;
  properties: Record<string, unknown>;
}

type Values = Record<string, unknown>;

/** Splits on a top-level keyword (outside parentheses). */
function splitTop(text: string, word: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (depth === 0 && text.startsWith(` ${word} `, i)) {
      parts.push(text.slice(start, i));
      start = i + word.length + 2;
      i = start - 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim());
}

function unwrap(text: string): string {
  let t = text.trim();
  while (t.startsWith("(") && t.endsWith(")")) {
    let depth = 0;
    let closesAtEnd = true;
    for (let i = 0; i < t.length; i++) {
      if (t[i] === "(") depth++;
      else if (t[i] === ")") depth--;
      if (depth === 0 && i < t.length - 1) closesAtEnd = false;
    }
    if (!closesAtEnd) break;
    t = t.slice(1, -1).trim();
  }
  return t;
}

const time = (values: Values, name: string) => Date.parse(String(values[name]));

/** Evaluates one condition of the shapes above for an event. */
export function matchesCondition(text: string, e: FakeEvent, values: Values): boolean {
  const t = unwrap(text);
  const ors = splitTop(t, "OR");
  if (ors.length > 1) return ors.some((p) => matchesCondition(p, e, values));
  const ands = splitTop(t, "AND");
  if (ands.length > 1) return ands.every((p) => matchesCondition(p, e, values));
  if (t === "1") return true;
  let m = /^timestamp (>=|<|<=) toDateTime\(\{(\w+)\}\)$/.exec(t);
  if (m) {
    const bound = time(values, m[2] as string);
    return m[1] === ">=" ? e.at >= bound : m[1] === "<" ? e.at < bound : e.at <= bound;
  }
  m = /^event = \{(\w+)\}$/.exec(t);
  if (m) return e.event === values[m[1] as string];
  m = /^properties\.(\w+) (=|!=) \{(\w+)\}$/.exec(t);
  if (m) {
    const value = e.properties[m[1] as string];
    const equal = value !== undefined && String(value) === String(values[m[3] as string]);
    return m[2] === "=" ? equal : !equal;
  }
  throw new Error(`fake PostHog: unscripted condition ${t}`);
}

/** Answers `SELECT $group_N AS group_key, <countIf/sumIf columns> FROM events WHERE … GROUP BY group_key …`. */
export function eventsQuery(
  sql: string,
  values: Values,
  events: readonly FakeEvent[],
): unknown[][] {
  const head =
    /^SELECT \$group_(\d) AS group_key, (.*) FROM events WHERE (.*) GROUP BY group_key ORDER BY group_key ASC LIMIT (\d+)$/.exec(
      sql,
    );
  if (!head) throw new Error(`fake PostHog: unscripted events query ${sql}`);
  const index = Number(head[1]);
  const columns = splitColumns(head[2] as string);
  const where = (head[3] as string).replace(/ AND \$group_\d > \{after\}/, "");
  const after = String(values.after ?? "");
  const byKey = new Map<string, FakeEvent[]>();
  for (const e of events) {
    const key = e.groups[index] ?? "";
    if (key === "" || key <= after || !matchesCondition(where, e, values)) continue;
    byKey.set(key, [...(byKey.get(key) ?? []), e]);
  }
  return [...byKey.keys()]
    .sort()
    .slice(0, Number(head[4]))
    .map((key) => [key, ...columns.map((c) => aggregate(c, byKey.get(key) ?? [], values))]);
}

function splitColumns(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")") depth--;
    else if (depth === 0 && text.startsWith(", ", i)) {
      out.push(text.slice(start, i));
      start = i + 2;
    }
  }
  out.push(text.slice(start));
  return out.map((c) => c.replace(/ AS \w+$/, ""));
}

function aggregate(column: string, events: FakeEvent[], values: Values): number {
  const count = /^countIf\((.*)\)$/.exec(column);
  if (count) return events.filter((e) => matchesCondition(count[1] as string, e, values)).length;
  const sum = /^sumIf\(ifNull\(toFloat\(properties\.(\w+)\), 0\), (.*)\)$/.exec(column);
  if (sum)
    return events
      .filter((e) => matchesCondition(sum[2] as string, e, values))
      .reduce((total, e) => {
        const n = Number(e.properties[sum[1] as string]);
        return total + (Number.isFinite(n) ? n : 0);
      }, 0);
  throw new Error(`fake PostHog: unscripted column ${column}`);
}

/**
 * Answers the same query over a warehouse table (`SELECT toString(<key>) AS group_key, … FROM <table> WHERE <time> …`)
 * as the events query over the table's rows: each row an event of group 0 at its time column, its columns as properties.
 */
export function warehouseQuery(
  sql: string,
  values: Values,
  rows: readonly Record<string, unknown>[],
): unknown[][] {
  const head =
    /^SELECT toString\((\w+)\) AS group_key, .* FROM (\w+) WHERE (\w+) >= toDateTime\(\{prev\}\)/.exec(
      sql,
    );
  if (!head) throw new Error(`fake PostHog: unscripted warehouse query ${sql}`);
  const [, key, table, time] = head as unknown as [string, string, string, string];
  const events = rows.map((r) => ({
    event: "",
    at: Date.parse(String(r[time])),
    groups: { 0: r[key] === null || r[key] === undefined ? "" : String(r[key]) },
    properties: r,
  }));
  const asEvents = sql
    .replaceAll(`toString(${key})`, "$group_0")
    .replace(` FROM ${table} `, " FROM events ")
    .replaceAll(`${time} `, "timestamp ")
    .replace(/toFloat\((\w+)\)/g, "toFloat(properties.$1)");
  return eventsQuery(asEvents, values, events);
}

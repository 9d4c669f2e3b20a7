// =POSTHOG_METRIC: a usage metric's value for groups by key, from the same computation as a pull's metric columns
// (features/metrics), cached as shards: the first cell computes every metric the type's groups show, for every group
// (one query per interval), and stores each metric's values; a warm cell reads an index and one shard.
import type { GroupType } from "../../api/types";
import { type MetricValue, readMetricValues, testAccountsOf } from "../metrics/metric-values";
import { teamMetrics } from "../metrics/team-metrics";
import { gridOf, groupTypeRef, singleValue, textOf } from "./args";
import { groupTypes, resolveGroupType, underLock } from "./cached";
import type { FormulaContext } from "./context";
import { fail, quote } from "./messages";
import {
  aliasIndex,
  cachedIndex,
  type Entry,
  readKeys,
  type ShardedListing,
  storeListings,
} from "./shards";
import type { FormulaCell, FormulaResult } from "./values";

const FIELDS = ["value", "previous", "change", "series"] as const;
type Field = (typeof FIELDS)[number];

/** What a metric's index keeps: enough to answer without the metric list. */
interface MetricMeta {
  typeIndex: number;
  metricId: string;
  interval: number;
  sparkline: boolean;
  unsupported: string | null;
}

/** A stored value: [value, previous, change or null, daily series?]. */
type Packed = [number, number, number | null, number[]?];

function fieldOf(arg: unknown): Field {
  const text = textOf(singleValue(arg ?? "", "field")).toLowerCase();
  if (text === "") return "value";
  if (text === "trend") return "series";
  const field = FIELDS.find((f) => f === text);
  if (!field)
    fail("argument", `field must be value, previous, change or series, not ${quote(text)}`);
  return field;
}

export function metricValues(
  ctx: FormulaContext,
  groupType: unknown,
  keyArg: unknown,
  metricArg: unknown,
  fieldArg: unknown,
): FormulaResult {
  const ref = groupTypeRef(groupType);
  const name = textOf(singleValue(metricArg, "metric"));
  if (name === "") fail("argument", "metric is empty (its name or id)");
  const field = fieldOf(fieldArg);
  const grid = gridOf(keyArg);
  const keys = grid.cells.map(textOf);
  if (keys.every((k) => k === "")) fail("argument", "group_key is empty");
  if (!ctx.canQuery) fail("scope", "metric values need a key with query:read");
  const alias = ["metric-as", ref.text, name.toLowerCase()];
  const asked = keys.filter(Boolean);
  let found = metricListing(ctx, ref, name, alias, false);
  let map = readKeys(ctx, found.base, found.listing, asked);
  if (!map) {
    // A shard was evicted before its index: compute again rather than trust either.
    found = metricListing(ctx, ref, name, alias, true);
    map = readKeys(ctx, found.base, found.listing, asked) ?? new Map();
  }
  const meta = found.listing.index.value.meta;
  if (meta.unsupported) fail("unsupported", meta.unsupported);
  const cell = (key: string): FormulaCell[] => {
    if (key === "") return [""];
    const packed = (map.get(key)?.[1] as Packed | undefined) ?? zero(meta);
    if (field === "series") return packed[3] ?? [];
    const value = packed[FIELDS.indexOf(field)];
    return [value === null || value === undefined ? "" : (value as number)];
  };
  if (field === "series") return keys.map(cell);
  if (keys.length === 1) return cell(keys[0] as string)[0] as FormulaCell;
  return Array.from({ length: grid.rows }, (_, r) =>
    Array.from(
      { length: grid.columns },
      (_, c) => cell(keys[r * grid.columns + c] as string)[0] as FormulaCell,
    ),
  );
}

function zero(meta: MetricMeta): Packed {
  return meta.sparkline ? [0, 0, null, new Array(meta.interval + 1).fill(0)] : [0, 0, null];
}

/**
 * The metric's listing: by the words the cell used (warm), else computed for every metric of the type at once;
 * `again`: computed anew whatever the cache holds.
 */
function metricListing(
  ctx: FormulaContext,
  ref: ReturnType<typeof groupTypeRef>,
  name: string,
  alias: unknown[],
  again: boolean,
): { base: unknown[]; listing: ShardedListing<MetricMeta> } {
  const baseOf = (meta: MetricMeta) => ["metric", meta.typeIndex, meta.metricId];
  const probe = () => {
    const index = cachedIndex<MetricMeta>(ctx, alias);
    return index ? { base: baseOf(index.value.meta), listing: { index, fresh: null } } : null;
  };
  return underLock(ctx, again ? () => null : probe, () => {
    const type = resolveGroupType(ctx, ref);
    // Another spelling of the type may have computed it already: its index by type and name is copied for this one.
    const named = (n: string) => ["metric-name", type.group_type_index, n.toLowerCase()];
    const known = again ? null : cachedIndex<MetricMeta>(ctx, named(name));
    if (known) {
      aliasIndex(ctx, alias, known);
      return { base: baseOf(known.value.meta), listing: { index: known, fresh: null } };
    }
    const computed = computeAll(ctx, type);
    const wanted = name.toLowerCase();
    const at = computed.findIndex(
      (c) => c.name.toLowerCase() === wanted || c.meta.metricId === name,
    );
    if (at < 0) fail("unknown_metric", `unknown metric ${quote(name)} of ${type.group_type}`);
    // Each metric is found again by its name or id, under this spelling of the type and under its index.
    const aliases = computed.flatMap((c, of) =>
      [c.name, c.meta.metricId].flatMap((n) => [
        { alias: ["metric-as", ref.text, n.toLowerCase()], of },
        { alias: named(n), of },
      ]),
    );
    const stored = storeListings(
      ctx,
      computed.map((c) => ({ base: baseOf(c.meta), meta: c.meta, entries: c.entries })),
      aliases,
    );
    const meta = computed[at]?.meta as MetricMeta;
    return { base: baseOf(meta), listing: stored[at] as ShardedListing<MetricMeta> };
  });
}

/**
 * Every metric PostHog shows for a group of the type (the team's, features/metrics/team-metrics.ts), for every
 * group, with one `now` (the same numbers as a pull's metric columns).
 */
function computeAll(ctx: FormulaContext, type: GroupType) {
  const client = ctx.client();
  const indexes = groupTypes(ctx).value.map((t) => t.group_type_index);
  const metrics = teamMetrics(client, indexes);
  const now = ctx.env.clock();
  const read = readMetricValues(
    client,
    type.group_type_index,
    metrics,
    now,
    testAccountsOf(client),
  );
  return read.metrics.map(({ metric, values, unsupported }) => {
    const meta: MetricMeta = {
      typeIndex: type.group_type_index,
      metricId: metric.id,
      interval: metric.interval,
      sparkline: metric.display === "sparkline",
      unsupported: unsupported ?? null,
    };
    const entries: Entry[] = [...values].map(([key, v]) => [key, pack(v)]);
    return { name: metric.name, meta, entries };
  });
}

function pack(v: MetricValue): Packed {
  return v.series
    ? [v.value, v.previous, v.changePct, v.series]
    : [v.value, v.previous, v.changePct];
}

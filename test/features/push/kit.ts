// A small stateful PostHog (one group type, with counters and faults) and a pulled groups sheet in an in-memory
// workbook: what the push and undo unit tests run against, without the runtime.
import type { Outcome, PostHogClient } from "../../../src/api/index.ts";
import { PostHogError, type PostHogErrorCode } from "../../../src/api/posthog-error.ts";
import { continuePush, startPush } from "../../../src/features/push/job.ts";
import { previewEdits } from "../../../src/features/push/preview.ts";
import type { PushDeps } from "../../../src/features/push/push-job.ts";
import type { PushProgress } from "../../../src/shared/push-rpc.ts";
import type { CellValue } from "../../../src/sheets/cells.ts";
import { META_KEY, type PulledSheetMeta, tagText } from "../../../src/sheets/sheet-meta.ts";
import { layoutRow, snapshotRows } from "../../../src/sheets/snapshot.ts";
import { memoryStore } from "../../fakes/memory-store.ts";
import {
  type MemorySheet,
  type MemoryWorkbook,
  memoryWorkbook,
} from "../../fakes/memory-workbook.ts";

type Props = Record<string, unknown>;

export interface FakePostHog {
  groups: Map<string, Props>;
  /** Calls by name ("updateProperties" counts each item). */
  calls: Map<string, number>;
  /** Captured updates PostHog has accepted but not ingested yet. */
  unseen: Array<{ groupKey: string; properties: Props }>;
  /** Makes ingested what capture accepted. */
  ingest(): void;
  /** The next writes of these keys land in PostHog but their answer is lost (a network error). */
  lostAnswers: Set<string>;
  /** The next writes of these keys are refused with this error code. */
  refuse: Map<string, PostHogErrorCode>;
  /** The next writes of these keys land, then the execution dies (Apps Script's time limit). */
  dieAfter: Set<string>;
  client: PostHogClient;
}

export function fakePostHog(initial: Record<string, Props> = {}): FakePostHog {
  const groups = new Map(Object.entries(initial).map(([k, v]) => [k, { ...v }]));
  const calls = new Map<string, number>();
  const count = (name: string) => calls.set(name, (calls.get(name) ?? 0) + 1);
  const unseen: FakePostHog["unseen"] = [];
  const lostAnswers = new Set<string>();
  const refuse = new Map<string, PostHogErrorCode>();
  const dieAfter = new Set<string>();
  const notFound = () =>
    new PostHogError({ code: "not_found", status: 404, message: "Not found." });
  /** Runs one write of `key`, with the faults asked for. */
  const write = <T>(key: string, apply: () => T): T => {
    const code = refuse.get(key);
    if (code) {
      refuse.delete(key);
      throw new PostHogError({ code, status: 400, message: `refused (${code})` });
    }
    const value = apply();
    if (dieAfter.delete(key)) throw new Error("Exceeded maximum execution time");
    if (lostAnswers.delete(key))
      throw new PostHogError({ code: "network", message: "The connection was cut." });
    return value;
  };
  const group = (key: string) => ({
    group_key: key,
    group_type_index: 0,
    group_properties: { ...groups.get(key) },
  });
  const outcome = <T>(run: () => T): Outcome<T> => {
    try {
      return { ok: true, value: { status: 200, data: run(), headers: {} } } as Outcome<T>;
    } catch (error) {
      // Only PostHog's answers become outcomes: the execution dying stops everything.
      if (!(error instanceof PostHogError)) throw error;
      return { ok: false, error };
    }
  };
  const client = {
    groups: {
      updateProperties(items: Array<{ groupKey: string; key: string; value: unknown }>) {
        return items.map((item) => {
          count("updateProperties");
          return outcome(() =>
            write(item.groupKey, () => {
              const props = groups.get(item.groupKey);
              if (!props) throw notFound();
              props[item.key] = item.value;
              return group(item.groupKey);
            }),
          );
        });
      },
      deleteProperty(input: { groupKey: string; key: string }) {
        count("deleteProperty");
        return write(input.groupKey, () => {
          delete groups.get(input.groupKey)?.[input.key];
          return group(input.groupKey);
        });
      },
      create(input: { groupKey: string; properties?: Props }) {
        count("create");
        return write(input.groupKey, () => {
          groups.set(input.groupKey, { ...input.properties });
          return group(input.groupKey);
        });
      },
      findMany(refs: Array<{ groupKey: string }>) {
        return refs.map((ref) => {
          count("findMany");
          return outcome(() => {
            if (!groups.has(ref.groupKey)) throw notFound();
            return group(ref.groupKey);
          });
        });
      },
      listAll() {
        count("listAll");
        return { items: [...groups.keys()].map(group) };
      },
    },
    query: {
      readGroupsByKeys({ keys }: { keys: string[] }) {
        count("query");
        return keys
          .filter((k) => groups.has(k))
          .map((k) => ({ key: k, properties: group(k).group_properties }));
      },
      shouldFallBackToRest: () => false,
    },
    projects: { get: () => ({ id: 1, api_token: "phc_project_token" }) },
    groupTypes: { list: () => [{ group_type_index: 0, group_type: "company" }] },
    capture: {
      groupIdentify(batch: Array<{ groupKey: string; properties: Props }>) {
        count("capture");
        unseen.push(...batch);
        return { kind: "done", sent: batch.length, requests: 1, quotaLimited: [] };
      },
    },
  } as unknown as PostHogClient;
  return {
    groups,
    calls,
    unseen,
    lostAnswers,
    refuse,
    dieAfter,
    client,
    ingest() {
      for (const { groupKey, properties } of unseen.splice(0))
        groups.set(groupKey, { ...groups.get(groupKey), ...properties });
    },
  };
}

export const HEADER = ["group_key", "name", "employees"];

/** A workbook holding "Companies", pulled from `records` (key → properties), with its snapshot and tag. */
export function pulledWorkbook(records: Record<string, Props>): {
  workbook: MemoryWorkbook;
  sheet: MemorySheet;
} {
  const rows: CellValue[][] = [
    HEADER,
    ...Object.entries(records).map(([key, p]) => [
      key,
      String(p.name ?? ""),
      (p.employees as number) ?? "",
    ]),
  ];
  const workbook = memoryWorkbook({ Companies: rows });
  const sheet = workbook.sheet("Companies");
  const meta: PulledSheetMeta = {
    host: "https://us.posthog.com",
    projectId: 1,
    pulledAt: "2026-01-01T00:00:00Z",
    rows: rows.length - 1,
    snapshotSheet: "PostHog snapshot Companies",
    request: { entity: "groups", groupTypeIndex: 0 },
    fixedHeaders: ["group_key"],
    columns: [
      { header: "name", property: "name" },
      { header: "employees", property: "employees" },
    ],
  };
  const snapshot = workbook.insert(meta.snapshotSheet, { hidden: true });
  const records_ = Object.entries(records).map(([key, properties]) => ({
    key,
    fixed: [key],
    properties,
  }));
  snapshot.write(1, [layoutRow(meta), ...snapshotRows(records_).rows]);
  sheet.setMeta(META_KEY, tagText(meta));
  workbook.activate("Companies");
  workbook.calls.clear();
  return { workbook, sheet };
}

/** Push dependencies over the fakes; the clock moves only when the push sleeps. */
export function pushDeps(workbook: MemoryWorkbook, posthog: FakePostHog, budgetMs = 240_000) {
  let now = Date.parse("2026-03-01T10:00:00Z");
  let ids = 0;
  const slept: number[] = [];
  const deps: PushDeps & {
    slept: number[];
    jobs: ReturnType<typeof memoryStore>;
    advance(ms: number): void;
  } = {
    workbook,
    jobs: memoryStore(),
    client: posthog.client,
    writer: posthog.client,
    project: { host: "https://us.posthog.com", projectId: 1, projectName: "P", canQuery: true },
    clock: () => now,
    sleep: (ms) => {
      slept.push(ms);
      now += ms;
    },
    newId: () => `push-${++ids}`,
    budgetMs,
    who: "ada@example.com",
    slept,
    advance: (ms) => {
      now += ms;
    },
  };
  return deps;
}

/** The values of a sheet as rows of objects by header. */
export function table(sheet: MemorySheet): Array<Record<string, CellValue>> {
  const [header = [], ...rows] = sheet.values();
  return rows.map((row) => Object.fromEntries(header.map((h, i) => [String(h), row[i] ?? ""])));
}

/** Previews the sheet as the sidebar does (cells marked, the record saved). */
export const previewSheet = (deps: PushDeps, sheet: MemorySheet, includeRemovals = false) =>
  previewEdits(deps, sheet, includeRemovals);

/** Starts a push of the preview and continues it until it is done, as the sidebar's polling does. */
export function pushToEnd(
  deps: PushDeps,
  previewId: string,
  options: { mode?: "rest" | "fast"; overwrite?: boolean } = {},
): PushProgress {
  let progress = startPush(deps, {
    previewId,
    overwrite: options.overwrite ?? false,
    mode: options.mode ?? "rest",
  });
  for (let chunk = 0; progress.status === "running" && chunk < 20; chunk++)
    progress = continuePush(deps, progress.jobId);
  return progress;
}

/** Types into cells of the pulled sheet as a person would (row 1 is the header). */
export function edit(sheet: MemorySheet, key: string, header: string, value: CellValue): void {
  const rows = sheet.values();
  const row = rows.findIndex((r) => r[0] === key);
  const column = (rows[0] ?? []).indexOf(header);
  if (row < 0 || column < 0) throw new Error(`No cell ${key}/${header}`);
  sheet.type(row + 1, column + 1, [[value]]);
}

/** Two companies, as pulled. */
export const PULLED = {
  acme: { name: "Acme", employees: 10 },
  globex: { name: "Globex", employees: 20 },
};

/** PostHog holding `pulled`, a workbook with the sheet pulled from it, and push dependencies over both. */
export function pushWorld(pulled: Record<string, Props> = PULLED) {
  const posthog = fakePostHog(pulled);
  const { workbook, sheet } = pulledWorkbook(pulled);
  return { posthog, workbook, sheet, deps: pushDeps(workbook, posthog) };
}

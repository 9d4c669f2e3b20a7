// Flow-test helpers over a pulled groups sheet: pull it, read it, find rows and columns, type as a person would, push.
import {
  cellModel,
  parseA1,
  type SpreadsheetStore,
  seedValues,
  sheetByName,
  sheetValues,
} from "../../runtime/spreadsheet/index.ts";
import { DOC, startWorld, type World } from "../../scripts/local-world.ts";
import type { PushPreview, PushProgress } from "../../src/shared/push-rpc.ts";
import type { PullProgress } from "../../src/shared/rpc.ts";

/** Column letters as Sheets names them: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/**
 * Types `input` into one cell as a person would. A person marks literal text with an apostrophe only where Sheets
 * would parse it: in a Plain text cell (where the add-on writes text) they type the text itself, and to enter a
 * formula there they first set the cell's format back to Automatic.
 */
export function typeInto(
  store: SpreadsheetStore,
  documentId: string,
  sheetName: string,
  a1: string,
  input: unknown,
): void {
  let typed = input;
  if (
    cellModel(store, documentId, sheetName, a1)?.numberFormat === "@" &&
    typeof input === "string"
  ) {
    if (input.startsWith("'")) typed = input.slice(1);
    else if (input.startsWith("=")) {
      const { row = 1, column = 1 } = parseA1(a1) ?? {};
      delete sheetByName(store, documentId, sheetName).rows[row - 1]?.[column - 1]?.numberFormat;
    }
  }
  seedValues(store, documentId, sheetName, a1, [[typed]]);
}

/** Runs a pull to its end, continuing as the sidebar does. */
export function pullToEnd(world: World, request: unknown): PullProgress {
  let progress = world.ok<PullProgress>("startPull", request);
  while (progress.status === "running")
    progress = world.ok<PullProgress>("continuePull", { jobId: progress.jobId });
  return progress;
}

/** Runs a previewed push to its end (at most 50 executions). */
export function pushToEnd(
  world: World,
  preview: PushPreview,
  extra: Record<string, unknown> = {},
): PushProgress {
  let progress = world.ok<PushProgress>("startPush", { previewId: preview.previewId, ...extra });
  for (let i = 0; progress.status === "running" && i < 50; i++) {
    progress = world.ok<PushProgress>("continuePush", { jobId: progress.jobId });
  }
  return progress;
}

export interface PulledSheet {
  world: World;
  name: string;
  grid(): ReturnType<typeof sheetValues>;
  col(header: string): number;
  rowOf(key: string): number;
  keyAt(row: number): string;
  /** Types into the cell of `key` and `header` as a person would (see typeInto: `'…` is literal text). */
  type(key: string, header: string, input: unknown): void;
  /** The group's properties as PostHog holds them now. */
  props(key: string): Promise<Record<string, unknown>>;
}

/**
 * A connected world with `groups` companies pulled into a sheet (every property, or the `columns` chosen; with
 * `metrics`, the type's usage metrics as columns after them).
 */
export async function pulledSheet(
  groups: number,
  columns?: string[],
  metrics = false,
): Promise<PulledSheet> {
  const world = await startWorld({ groups });
  world.connect();
  const name = pullToEnd(world, {
    entity: "groups",
    groupTypeIndex: 0,
    ...(columns ? { columns } : {}),
    ...(metrics ? { metrics } : {}),
  }).sheetName;
  const grid = () => sheetValues(world.runtime.store, DOC, name);
  const col = (header: string) => (grid()[0] ?? []).indexOf(header);
  const rowOf = (key: string) => grid().findIndex((r) => String(r[0]) === key);
  return {
    world,
    name,
    grid,
    col,
    rowOf,
    keyAt: (row) => String(grid()[row]?.[0]),
    type: (key, header, input) =>
      typeInto(
        world.runtime.store,
        DOC,
        name,
        `${columnLetter(col(header))}${rowOf(key) + 1}`,
        input,
      ),
    props: async (key) =>
      (await world.posthog.control.group(key, 0)).postgres?.group_properties ?? {},
  };
}

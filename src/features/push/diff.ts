// The real diff of a pulled groups sheet against its snapshot: what a push would send, and what it cannot send and why.

import { countOf } from "../../shared/wording";
import { type CellValue, cellShows, toCell } from "../../sheets/cells";
import type { TableRecord } from "../../sheets/records";
import type { PulledSheetMeta } from "../../sheets/sheet-meta";
import { keyText, type SheetContent } from "../../sheets/table";
import { type ColumnKind, columnKind, kindOf, sameValue, typeCell } from "./values";

/** One write a push would make. `row` and `column` are 1-based sheet positions (0 when unknown). */
export interface PushItem {
  kind: "set" | "remove" | "create";
  key: string;
  /** The property ("" for a create, whose `value` holds every property). */
  property: string;
  /** What PostHog had at the pull (null when absent). */
  old: unknown;
  value: unknown;
  row: number;
  column: number;
}

/** An edit that cannot be sent, and why (in words for people). */
export interface BlockedEdit {
  key: string;
  row: number;
  column: number;
  property: string;
  reason: string;
}

export interface PushDiff {
  items: PushItem[];
  blocked: BlockedEdit[];
  /** Empty cells of declared columns on known rows: they send nothing (a declared column never removes). */
  emptyDeclared?: number;
}

export interface DiffOptions {
  /** Send a cleared cell as a property removal; otherwise it is listed as blocked. @default false */
  includeRemovals?: boolean;
  /** The spreadsheet's time zone: a date typed into a day column is that day there. @default "UTC" */
  timeZone?: string;
}

interface Column {
  at: number;
  property: string;
  kind: ColumnKind;
  /** A column the person declared "send as property" (declare.ts): formulas allowed, empty cells send nothing. */
  declared?: boolean;
}

/**
 * What getValues gives for a formula that failed: Sheets' error values (ERROR.TYPE lists #NULL! … #N/A,
 * https://support.google.com/docs/answer/3238163; #ERROR! is its parse error). Such a value is never sent.
 */
const FORMULA_ERROR = /^#(NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|ERROR!)$/;
/** A custom function (=POSTHOG_GROUP…) still computing shows "Loading...": not a value either. */
const LOADING = /^Loading(\.\.\.|…)$/;

const FORMULA_IN_DATA = "A formula was typed into a data cell: type the value instead.";

/** Why a cell cannot be sent as it is, or null: formulas only in declared columns, and never a failed one. */
function formulaProblem(c: Column, formula: string, cell: CellValue): string | null {
  if (!formula) return null;
  if (!c.declared) return FORMULA_IN_DATA;
  if (typeof cell !== "string") return null;
  if (LOADING.test(cell)) return "The formula is still computing: preview again in a moment.";
  return FORMULA_ERROR.test(cell)
    ? `The formula gives ${cell}: fix it, or clear the cell to send nothing.`
    : null;
}

/** Compares the sheet with its snapshot by key, whatever the row order, filters or the person's own columns. */
export function diffSheet(
  current: SheetContent,
  meta: Pick<PulledSheetMeta, "fixedHeaders" | "columns" | "declared">,
  snapshot: readonly TableRecord[],
  options: DiffOptions = {},
): PushDiff {
  const header = (current.values[0] ?? []).map((h) => String(h));
  const keyHeader = meta.fixedHeaders[0] ?? "";
  const keyAt = header.indexOf(keyHeader);
  const items: PushItem[] = [];
  const blocked: BlockedEdit[] = [];
  const block = (key: string, row: number, column: number, property: string, reason: string) =>
    blocked.push({ key, row, column, property, reason });
  if (keyAt < 0) {
    block(
      "",
      0,
      0,
      keyHeader,
      `The "${keyHeader}" column was renamed or removed: rows cannot be matched.`,
    );
    return { items, blocked };
  }
  const columns: Column[] = [];
  const pulled = meta.columns.map((c) => ({ ...c, declared: false }));
  for (const c of [...pulled, ...(meta.declared ?? []).map((d) => ({ ...d, declared: true }))]) {
    const at = header.indexOf(c.header);
    if (at < 0) {
      block(
        "",
        0,
        0,
        c.property,
        c.declared
          ? `The column "${c.header}" sent as "${c.property}" was renamed or removed: put its header back, or declare it again.`
          : `The column "${c.header}" was renamed or removed: its edits cannot be sent.`,
      );
      continue;
    }
    columns.push({
      at,
      property: c.property,
      kind: columnKind(snapshot.map((r) => r.properties[c.property])),
      ...(c.declared ? { declared: true } : {}),
    });
  }
  let emptyDeclared = 0;
  const fixed = meta.fixedHeaders
    .map((h, i) => ({ at: header.indexOf(h), index: i, header: h }))
    .filter((f) => f.index > 0 && f.at >= 0);

  const rowsByKey = new Map<string, number[]>();
  current.values.forEach((row, r) => {
    if (r === 0) return;
    const key = keyText(row[keyAt]);
    if (key) rowsByKey.set(key, [...(rowsByKey.get(key) ?? []), r]);
  });
  const byKey = new Map(snapshot.map((record) => [record.key, record]));

  for (const [key, rows] of rowsByKey) {
    if (rows.length > 1) {
      for (const r of rows)
        block(
          key,
          r + 1,
          keyAt + 1,
          "",
          `The key "${key}" is on ${countOf(rows.length, "row")}: keep one.`,
        );
      continue;
    }
    const r = rows[0] as number;
    const row = current.values[r] ?? [];
    const formulaAt = (at: number) => current.formulas[r]?.[at] ?? "";
    const record = byKey.get(key);
    if (!record) {
      const created = newGroup(key, r, row, formulaAt, columns, block, options.timeZone);
      if (created) items.push(created);
      continue;
    }
    for (const f of fixed) {
      if (formulaAt(f.at) || !cellShows(row[f.at], record.fixed[f.index]))
        block(
          key,
          r + 1,
          f.at + 1,
          f.header,
          `"${f.header}" is set by PostHog and cannot be changed.`,
        );
    }
    for (const c of columns) {
      if (c.declared && (row[c.at] ?? "") === "") {
        emptyDeclared++;
        continue;
      }
      const edit = cellEdit(
        key,
        r,
        row[c.at] ?? "",
        formulaAt(c.at),
        record.properties[c.property],
        c,
        options,
      );
      if (edit && "reason" in edit) blocked.push(edit);
      else if (edit) items.push(edit);
    }
  }
  for (const record of snapshot) {
    if (!rowsByKey.has(record.key))
      block(
        record.key,
        0,
        0,
        "",
        "This row was deleted: PostHog cannot delete a group, so nothing is sent.",
      );
  }
  return emptyDeclared > 0 ? { items, blocked, emptyDeclared } : { items, blocked };
}

function cellEdit(
  key: string,
  r: number,
  cell: CellValue,
  formula: string,
  original: unknown,
  c: Column,
  options: DiffOptions,
): PushItem | BlockedEdit | null {
  const at = { key, row: r + 1, column: c.at + 1, property: c.property };
  const problem = formulaProblem(c, formula, cell);
  if (problem) return { ...at, reason: problem };
  if (cellShows(cell, original)) return null;
  // A declared column is the person's own: what it computes is sent, whatever PostHog's value looked like.
  if (!c.declared && toCell(original).truncated)
    return {
      ...at,
      reason: "PostHog's value was too long for a cell and was cut: edit it in PostHog.",
    };
  const old = original ?? null;
  if (cell === "") {
    if (!options.includeRemovals)
      return {
        ...at,
        reason: "The cell was cleared: choose to include removals to remove the property.",
      };
    return { ...at, kind: "remove", old, value: null };
  }
  const kind = kindOf(original) === "unknown" ? c.kind : kindOf(original);
  const typed = typeCell(cell, kind, options.timeZone);
  if (!typed.ok) return { ...at, reason: `The value does not fit: ${typed.reason}.` };
  // The same value shown another way (a date typed as text, 1500.0 for 1500, JSON re-spaced) is not an edit.
  if (sameValue(typed.value, original)) return null;
  return { ...at, kind: "set", old, value: typed.value };
}

function newGroup(
  key: string,
  r: number,
  row: readonly CellValue[],
  formulaAt: (at: number) => string,
  columns: readonly Column[],
  block: (key: string, row: number, column: number, property: string, reason: string) => void,
  timeZone: string | undefined,
): PushItem | null {
  const properties: Record<string, unknown> = {};
  let fine = true;
  for (const c of columns) {
    const cell = row[c.at] ?? "";
    const problem = formulaProblem(c, formulaAt(c.at), cell);
    if (problem) {
      block(key, r + 1, c.at + 1, c.property, problem);
      fine = false;
    } else if (cell !== "") {
      const typed = typeCell(cell, c.kind, timeZone);
      if (typed.ok) properties[c.property] = typed.value;
      else {
        block(key, r + 1, c.at + 1, c.property, `The value does not fit: ${typed.reason}.`);
        fine = false;
      }
    }
  }
  if (!fine) return null;
  return { kind: "create", key, property: "", old: null, value: properties, row: r + 1, column: 0 };
}

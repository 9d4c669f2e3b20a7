// A refresh as the fewest changes to a sheet the person made their own: rows of keys that left PostHog go as whole
// rows, new keys are appended, and only the add-on's columns are written. The person's columns (values, formulas,
// arrays spilling below them, formats, notes, validation) are never written, so nothing of theirs is rewritten.
import { type CellValue, toCell } from "../../sheets/cells";
import { keyText, type SheetContent, type Table } from "../../sheets/table";
import type { SheetHandle } from "../../sheets/workbook";

export interface RefreshPlan {
  /** 1-based columns of properties PostHog no longer has, deleted as whole columns. */
  deleteColumns: number[];
  /** 1-based rows deleted as whole rows: keys that left PostHog, a key's extra rows, keyless rows of add-on data. */
  deleteRows: number[];
  /** New add-on columns: `count` inserted after column `after` (numbered once the deletions are done; 0: first). */
  insert: { after: number; count: number } | null;
  /** Blocks written once the lines moved, one per run of adjacent add-on columns (header row first). */
  writes: Array<{ row: number; column: number; values: CellValue[][] }>;
}

interface Column {
  /** The fresh column it shows (add-on columns), else undefined (the person's own). */
  fresh?: number;
}

/** Which old columns are the add-on's (by header), which are gone, which are the person's. */
function classifyColumns(
  header: readonly string[],
  previousAddon: readonly string[],
  fresh: Table,
): {
  kept: Column[];
  gone: number[];
  oldFresh: Array<number | undefined>;
  insert: RefreshPlan["insert"];
} {
  const freshAt = new Map(fresh.header.map((name, i) => [name, i]));
  const previous = new Set(previousAddon);
  const claimed = new Set<number>();
  const kept: Column[] = [];
  const gone: number[] = [];
  const oldFresh: Array<number | undefined> = [];
  header.forEach((name, i) => {
    const f = freshAt.get(name);
    if (f !== undefined && !claimed.has(f)) {
      claimed.add(f);
      kept.push({ fresh: f });
      oldFresh.push(f);
      return;
    }
    oldFresh.push(undefined);
    // A column the add-on made for a property PostHog no longer has; a repeated header is the person's copy.
    if (f === undefined && previous.has(name)) gone.push(i + 1);
    else kept.push({});
  });
  const missing = fresh.header.map((_, f) => f).filter((f) => !claimed.has(f));
  const lastAddon = kept.reduce((last, c, i) => (c.fresh === undefined ? last : i), -1);
  kept.splice(lastAddon + 1, 0, ...missing.map((f) => ({ fresh: f })));
  const insert = missing.length > 0 ? { after: lastAddon + 1, count: missing.length } : null;
  return { kept, gone, oldFresh, insert };
}

/** Plans the refresh of `current` (the sheet as it stands) to `fresh`; `previousAddon` are the add-on's headers. */
export function planRefresh(
  current: SheetContent,
  previousAddon: readonly string[],
  fresh: Table,
): RefreshPlan {
  const header = (current.values[0] ?? []).map((h) => String(h));
  const { kept, gone, oldFresh, insert } = classifyColumns(header, previousAddon, fresh);
  const keyAt = oldFresh.indexOf(0);
  const waiting = new Map<string, number[]>();
  fresh.keys.forEach((key, i) => {
    waiting.set(key, [...(waiting.get(key) ?? []), i]);
  });
  const hasAddonData = (r: number) =>
    oldFresh.some(
      (f, c) =>
        (f !== undefined || gone.includes(c + 1)) &&
        ((current.values[r]?.[c] ?? "") !== "" || (current.formulas[r]?.[c] ?? "") !== ""),
    );
  const deleteRows: number[] = [];
  // Each final data row: the fresh row it shows, or undefined for a row of the person's own.
  const rows: Array<number | undefined> = [];
  for (let r = 1; r < current.values.length; r++) {
    const key = keyAt >= 0 ? keyText(current.values[r]?.[keyAt]) : "";
    const match = key ? waiting.get(key)?.shift() : undefined;
    if (match !== undefined) rows.push(match);
    else if (key || hasAddonData(r)) deleteRows.push(r + 1);
    else rows.push(undefined);
  }
  // New keys (and a key's extra fresh rows) are appended, in PostHog's order.
  const appended = [...waiting.values()].flat().sort((a, b) => a - b);
  rows.push(...appended);

  const writes: RefreshPlan["writes"] = [];
  for (let start = 0; start < kept.length; start++) {
    if (kept[start]?.fresh === undefined) continue;
    let end = start;
    while (kept[end + 1]?.fresh !== undefined) end++;
    const run = kept.slice(start, end + 1).map((c) => c.fresh as number);
    writes.push({
      row: 1,
      column: start + 1,
      values: [
        run.map((f) => toCell(fresh.header[f]).cell),
        ...rows.map((row) =>
          run.map((f): CellValue => (row === undefined ? "" : (fresh.rows[row]?.[f] ?? ""))),
        ),
      ],
    });
    start = end;
  }
  return { deleteColumns: gone, deleteRows, insert, writes };
}

/** The sheet's data rows and columns once `plan` is applied to `current`: what the size guard checks. */
export function plannedSize(
  current: SheetContent,
  plan: RefreshPlan,
): { rows: number; columns: number } {
  const width = Math.max(0, ...current.values.map((row) => row.length));
  const rows = plan.writes[0]
    ? plan.writes[0].values.length - 1
    : current.values.length - 1 - plan.deleteRows.length;
  return { rows, columns: width - plan.deleteColumns.length + (plan.insert?.count ?? 0) };
}

/** Groups 1-based positions into runs [first, count], last run first (so earlier positions stay valid). */
export function runsFromEnd(positions: readonly number[]): Array<[number, number]> {
  const sorted = [...positions].sort((a, b) => b - a);
  const runs: Array<[number, number]> = [];
  for (const p of sorted) {
    const last = runs[runs.length - 1];
    if (last && last[0] - 1 === p) {
      last[0] = p;
      last[1]++;
    } else runs.push([p, 1]);
  }
  return runs;
}

/** Makes the planned changes: whole rows and columns out, new columns in, then the add-on's cells. */
export function applyRefresh(sheet: SheetHandle, plan: RefreshPlan): void {
  for (const [first, count] of runsFromEnd(plan.deleteRows)) sheet.deleteRows(first, count);
  for (const [first, count] of runsFromEnd(plan.deleteColumns)) sheet.deleteColumns(first, count);
  if (plan.insert) sheet.insertColumns(plan.insert.after, plan.insert.count);
  for (const w of plan.writes) sheet.writeAt(w.row, w.column, w.values);
}

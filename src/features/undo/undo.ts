// Undo last push: the old values the log recorded, as items of a push of their own (previewed like any other).
// The log is read by header name, and a sheet's pushes are found by its id, so a rename keeps its undo.

import { UserFacingError } from "../../shared/failures";
import type { PushPreview } from "../../shared/push-rpc";
import type { CellValue } from "../../sheets/cells";
import { keyText } from "../../sheets/table";
import type { SheetHandle, Workbook } from "../../sheets/workbook";
import type { BlockedEdit, PushItem } from "../push/diff";
import {
  LOG_HEADER,
  type LogField,
  type LogTable,
  logCell,
  readLog,
  requireColumns,
} from "../push/log";
import { fingerprint, recordPreview } from "../push/preview";
import type { PushDeps } from "../push/push-job";

const parse = (text: unknown): unknown =>
  text === "" || text === undefined ? null : JSON.parse(String(text));

/** The headers undo reads; "Sheet id" is optional (rows written before it find their sheet by name). */
const NEEDED = LOG_HEADER.filter((h) => h !== "When" && h !== "Who" && h !== "Sheet id");

/** A log row belongs to the sheet by its id; a row written before the id was logged, by the sheet's name. */
function ofSheet(log: LogTable, row: readonly CellValue[], sheet: SheetHandle): boolean {
  const id = String(logCell(log, row, "Sheet id")).trim();
  return id !== "" ? id === String(sheet.id) : String(logCell(log, row, "Sheet")) === sheet.name();
}

/** The items that put back what the sheet's last push wrote (only what was really sent). */
export function undoItems(
  workbook: Workbook,
  sheetId: number,
): { items: PushItem[]; blocked: BlockedEdit[]; pushId: string | null } {
  const sheet = workbook.sheetById(sheetId);
  const log = sheet ? readLog(workbook) : null;
  const items: PushItem[] = [];
  const blocked: BlockedEdit[] = [];
  if (!sheet || !log) return { items, blocked, pushId: null };
  requireColumns(log, NEEDED);
  const cell = (row: readonly CellValue[], field: LogField) => logCell(log, row, field);
  const rows = log.rows.filter((row) => ofSheet(log, row, sheet));
  const last = rows[rows.length - 1];
  const pushId = last ? String(cell(last, "Push")) : null;
  for (const row of rows) {
    if (String(cell(row, "Push")) !== pushId || String(cell(row, "Result")) !== "sent") continue;
    const change = String(cell(row, "Change")).replace(/^undo /, "");
    const key = keyText(cell(row, "Group key"));
    const property = String(cell(row, "Property") ?? "");
    const old = parse(cell(row, "Old value"));
    const written = change === "remove" ? null : parse(cell(row, "New value"));
    if (change === "create") {
      blocked.push({
        key,
        row: 0,
        column: 0,
        property: "",
        reason: "PostHog cannot delete a group, so a created group stays.",
      });
      continue;
    }
    items.push({
      kind: old === null ? "remove" : "set",
      key,
      property,
      old: written,
      value: old,
      row: 0,
      column: 0,
    });
  }
  return { items, blocked, pushId };
}

/** Previews the undo of the sheet's last push (a push of its own, checked like any other), or says there is none. */
export function previewUndo(
  deps: Pick<PushDeps, "workbook" | "jobs" | "newId">,
  sheet: SheetHandle | null,
): PushPreview {
  const undo = sheet ? undoItems(deps.workbook, sheet.id) : null;
  if (!sheet || !undo?.pushId)
    throw new UserFacingError(
      "nothing_to_undo",
      "No push from this sheet is in the PostHog push log.",
    );
  const record = {
    id: deps.newId(),
    sheetId: sheet.id,
    origin: "undo" as const,
    includeRemovals: true,
    fingerprint: fingerprint(undo.items),
  };
  return recordPreview(deps.jobs, record, sheet.name(), undo);
}

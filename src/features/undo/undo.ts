// Undo last push: the old values the log recorded, as items of a push of their own (previewed like any other).

import { keyText } from "../../sheets/table";
import type { Workbook } from "../../sheets/workbook";
import type { BlockedEdit, PushItem } from "../push/diff";
import { LOG_SHEET } from "../push/finish";

const parse = (text: unknown): unknown =>
  text === "" || text === undefined ? null : JSON.parse(String(text));

/** The items that put back what the sheet's last push wrote (only what was really sent). */
export function undoItems(
  workbook: Workbook,
  sheetId: number,
): { items: PushItem[]; blocked: BlockedEdit[]; pushId: string | null } {
  const sheet = workbook.sheetById(sheetId);
  const log = workbook.sheetByName(LOG_SHEET);
  const items: PushItem[] = [];
  const blocked: BlockedEdit[] = [];
  if (!sheet || !log) return { items, blocked, pushId: null };
  const rows = log
    .read()
    .values.slice(1)
    .filter((row) => String(row[2]) === sheet.name());
  const pushId = rows.length > 0 ? String(rows[rows.length - 1]?.[3]) : null;
  for (const row of rows) {
    if (String(row[3]) !== pushId || String(row[9]) !== "sent") continue;
    const change = String(row[4]).replace(/^undo /, "");
    const key = keyText(row[5]);
    const property = String(row[6] ?? "");
    const old = parse(row[7]);
    const written = change === "remove" ? null : parse(row[8]);
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

// "Send this column as property …": the person's own column of a pulled groups sheet, declared so that a push sends
// its values (formulas allowed) as a property of every row. The declaration lives in the snapshot's layout row.
import { UserFacingError } from "../../shared/failures";
import type { DeclaredColumns } from "../../shared/push-rpc";
import { argsOf } from "../../shared/respond";
import type { PropertyColumn } from "../../sheets/columns";
import { addonHeaders, type PulledSheetMeta, readMeta } from "../../sheets/sheet-meta";
import { layoutRow, readLayout, type SheetLayout } from "../../sheets/snapshot";
import type { SheetHandle, Workbook } from "../../sheets/workbook";
import { STATUS_HEADER } from "./finish";

/** The active pulled groups sheet, its meta and its snapshot sheet (whose first row holds the layout). */
function groupsSheet(workbook: Workbook): {
  sheet: SheetHandle;
  meta: PulledSheetMeta;
  snapshot: SheetHandle;
  layout: SheetLayout;
  width: number;
} {
  const sheet = workbook.active();
  const meta = sheet ? readMeta(workbook, sheet) : null;
  if (!sheet || !meta || meta.request.entity !== "groups")
    throw new UserFacingError(
      "not_a_groups_sheet",
      "Open a groups sheet pulled from PostHog to send one of its columns as a property.",
    );
  const snapshot = workbook.sheetByName(meta.snapshotSheet);
  const width = snapshot?.lastColumn() ?? 0;
  const layout = snapshot && width > 0 ? readLayout(snapshot.readRows(1, 1, width)[0]) : null;
  if (!snapshot || !layout)
    throw new UserFacingError(
      "no_snapshot",
      "This sheet was pulled by an older version of the add-on (or its snapshot is gone): refresh it once, then declare the column.",
    );
  return { sheet, meta, snapshot, layout, width };
}

/** What the sheet panel shows: the person's own columns, and those declared with their property. */
function describe(sheet: SheetHandle, meta: PulledSheetMeta): DeclaredColumns {
  const width = sheet.lastColumn();
  const header = width > 0 ? (sheet.readRows(1, 1, width)[0] ?? []).map((h) => String(h)) : [];
  const declared = meta.declared ?? [];
  const taken = new Set([...addonHeaders(meta), STATUS_HEADER, ...declared.map((d) => d.header)]);
  return {
    sheetName: sheet.name(),
    columns: header.filter((h, i) => h.trim() !== "" && !taken.has(h) && header.indexOf(h) === i),
    declared: declared.map((d) => ({ header: d.header, property: d.property })),
  };
}

/** The active sheet's own and declared columns. */
export function declaredColumns(workbook: Workbook): DeclaredColumns {
  const { sheet, meta } = groupsSheet(workbook);
  return describe(sheet, meta);
}

/**
 * Declares the column headed `header` as property `property` (or, with an empty property, stops sending it).
 * Refused: a column the add-on pulled, a property already pulled or sent from another column, a header not there.
 */
export function declareColumn(workbook: Workbook, input: unknown): DeclaredColumns {
  const args = argsOf(input);
  const header = String(args.header ?? "");
  const property = String(args.property ?? "").trim();
  const { sheet, meta, snapshot, layout, width } = groupsSheet(workbook);
  const others = (meta.declared ?? []).filter((d) => d.header !== header);
  let declared: PropertyColumn[] = others;
  if (property) {
    refuseClash(sheet, meta, header, property, others);
    declared = [...others, { header, property }];
  }
  const next: SheetLayout = { ...layout, declared };
  if (declared.length === 0) delete next.declared;
  const cells = layoutRow(next);
  // A shorter layout row leaves no piece of the old one behind.
  snapshot.writeAt(1, 1, [
    [...cells, ...Array<string>(Math.max(0, width - cells.length)).fill("")],
  ]);
  return describe(sheet, { ...meta, declared });
}

function refuseClash(
  sheet: SheetHandle,
  meta: PulledSheetMeta,
  header: string,
  property: string,
  others: readonly PropertyColumn[],
): void {
  const refuse = (message: string) => {
    throw new UserFacingError("invalid_input", message, "header");
  };
  if (addonHeaders(meta).includes(header) || header === STATUS_HEADER)
    refuse(
      `"${header}" is a column the add-on pulled from PostHog: edit its cells to change that property, or add a column of your own.`,
    );
  const pulled = meta.columns.find((c) => c.property === property);
  if (pulled)
    refuse(
      `"${property}" is already pulled from PostHog, in the column "${pulled.header}": edit that column, choose another property name, or pull the sheet again without that column (the sidebar's column picker).`,
    );
  const twin = others.find((d) => d.property === property);
  if (twin) refuse(`The column "${twin.header}" already sends "${property}".`);
  if (!describe(sheet, { ...meta, declared: [...others] }).columns.includes(header))
    refuse(`This sheet has no column headed "${header}" of your own.`);
}

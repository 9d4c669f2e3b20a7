// The account keys in the person's selection: the key column of a pulled groups sheet (its type with it), or any one
// column of keys (the form's type).
import { checkGroupTypeIndex } from "../../api/validate";
import { UserFacingError } from "../../shared/failures";
import type { AccountsInput, AccountsSelectionView } from "../../shared/people-rpc";
import { argsOf } from "../../shared/respond";
import { countOf } from "../../shared/wording";
import { KEY_HEADER } from "../../sheets/columns";
import type { ActiveSelection } from "../../sheets/selection";
import { readMeta } from "../../sheets/sheet-meta";
import type { Workbook } from "../../sheets/workbook";

/** Most accounts one action reads: their members come back in a few queries, and the cohort in a few minutes. */
export const MAX_ACCOUNTS = 10_000;

export interface SelectionDeps {
  workbook: Workbook;
  selection: () => ActiveSelection | null;
}

export interface SelectedAccounts {
  keys: string[];
  /** null when the selection is not in a pulled groups sheet. */
  groupTypeIndex: number | null;
  /** "Sheet!A2:A4", for messages. */
  where: string;
}

/** The selected column of keys, or the key column of a groups sheet within a wider selection. */
function keyCells(
  deps: SelectionDeps,
  sel: ActiveSelection,
): { cells: unknown[]; type: number | null } {
  const width = sel.values[0]?.length ?? 0;
  const active = deps.workbook.active();
  const meta = active && active.name() === sel.sheetName ? readMeta(deps.workbook, active) : null;
  const groups = meta?.request.entity === "groups" ? meta : null;
  let offset = 0;
  if (width > 1) {
    const keyColumn = groups
      ? sel.headers.findIndex((h) => String(h) === (groups.fixedHeaders[0] ?? KEY_HEADER))
      : -1;
    offset = keyColumn - (sel.column - 1);
    if (keyColumn < 0 || offset < 0 || offset >= width)
      throw new UserFacingError(
        "invalid_selection",
        `Select one column of account keys (the selection ${sel.range} has ${countOf(width, "column")}).`,
        "selection",
      );
  }
  const cells = sel.values.map((row) => row[offset]);
  // A selection from row 1 starts with the header, which is no key.
  if (sel.row === 1) cells.shift();
  return {
    cells,
    type: groups && groups.request.entity === "groups" ? groups.request.groupTypeIndex : null,
  };
}

/** The unique keys of the selection, never failing: what the form's summary line shows. */
export function readAccounts(deps: SelectionDeps): SelectedAccounts | null {
  const sel = deps.selection();
  if (!sel) return null;
  const { cells, type } = keyCells(deps, sel);
  const keys = [
    ...new Set(cells.map((c) => (c === null || c === undefined ? "" : String(c).trim()))),
  ].filter((k) => k !== "");
  return { keys, groupTypeIndex: type, where: `${sel.sheetName}!${sel.range}` };
}

export function describeAccounts(deps: SelectionDeps): AccountsSelectionView {
  const sel = deps.selection();
  const empty = { sheetName: sel?.sheetName ?? "", range: sel?.range ?? "", count: 0, sample: [] };
  try {
    const found = readAccounts(deps);
    if (!found || !sel) return { ...empty, groupTypeIndex: null };
    return {
      ...empty,
      count: found.keys.length,
      sample: found.keys.slice(0, 3),
      groupTypeIndex: found.groupTypeIndex,
    };
  } catch {
    return { ...empty, groupTypeIndex: null };
  }
}

/** The keys and group type an action works on, or why it cannot start. */
export function selectedAccounts(
  deps: SelectionDeps,
  input: unknown,
): { keys: string[]; groupTypeIndex: number; where: string } {
  const found = readAccounts(deps);
  if (!found)
    throw new UserFacingError(
      "no_selection",
      "Select the cells with the account keys first.",
      "selection",
    );
  if (found.keys.length === 0)
    throw new UserFacingError(
      "empty_selection",
      `The selected cells (${found.where}) hold no account keys.`,
      "selection",
    );
  if (found.keys.length > MAX_ACCOUNTS)
    throw new UserFacingError(
      "invalid_selection",
      `Select at most ${MAX_ACCOUNTS.toLocaleString("en-US")} accounts at once (the selection has ${found.keys.length.toLocaleString("en-US")}).`,
      "selection",
    );
  const args = argsOf(input) as AccountsInput;
  let groupTypeIndex = found.groupTypeIndex;
  if (groupTypeIndex === null) {
    if (args.groupTypeIndex === undefined || (args.groupTypeIndex as unknown) === "")
      throw new UserFacingError(
        "invalid_input",
        "Choose the group type of these keys.",
        "groupTypeIndex",
      );
    groupTypeIndex = checkGroupTypeIndex(Number(args.groupTypeIndex));
  }
  return { keys: found.keys, groupTypeIndex, where: found.where };
}

/** The window in days: 1 to 3,650, 90 when not given. */
export function daysOf(value: unknown): number {
  if (value === undefined || value === null || value === "") return 90;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > 3650)
    throw new UserFacingError("invalid_input", "Enter a number of days from 1 to 3650.", "days");
  return days;
}

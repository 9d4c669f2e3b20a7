// Enters the document's POSTHOG_ formulas again, so Sheets recomputes the cells that said "formulas are off".

/**
 * Cleared, flushed, written back: writing the same formula alone is not known to make Sheets recompute it.
 * Returns how many cells were entered again.
 */
export function reenterPostHogFormulas(): number {
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  const cells: Array<{ range: GoogleAppsScript.Spreadsheet.Range; formula: string }> = [];
  for (const sheet of spreadsheet.getSheets()) {
    if (sheet.getLastRow() === 0) continue;
    sheet
      .getDataRange()
      .getFormulas()
      .forEach((row, r) => {
        row.forEach((formula, c) => {
          if (/\bPOSTHOG_/i.test(formula))
            cells.push({ range: sheet.getRange(r + 1, c + 1), formula });
        });
      });
  }
  if (cells.length === 0) return 0;
  for (const cell of cells) cell.range.setFormula("");
  SpreadsheetApp.flush();
  for (const cell of cells) cell.range.setFormula(cell.formula);
  return cells.length;
}

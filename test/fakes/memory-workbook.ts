// An in-memory Workbook that counts its calls: the fake side of the Workbook port, for unit tests of the use cases.
// It keeps to the rules src/platform/workbook.gas.ts relies on in Google Sheets (docs/apps-script.md "Plain-text
// cells"): typed input in an Automatic cell is parsed (`"00123"` reads back 123, `"TRUE"` true, `"=…"` is a
// formula), a Plain text cell keeps what it is given, and a cell holds at most 50,000 characters.
import { type CellValue, MAX_CELL_CHARS, planWrite, TEXT_FORMAT } from "../../src/sheets/cells.ts";
import type { SheetContent } from "../../src/sheets/table.ts";
import type { SheetHandle, Workbook } from "../../src/sheets/workbook.ts";

interface Cell {
  value: CellValue;
  formula: string;
  format: string;
  note: string;
  background: string;
}

const AUTOMATIC = "0.###############";
const WHITE = "#ffffff";
const blank = (): Cell => ({
  value: "",
  formula: "",
  format: AUTOMATIC,
  note: "",
  background: WHITE,
});

/** What Sheets stores for input typed into a cell of `format` (setValues parses as if typed). */
function stored(input: CellValue, format: string): Pick<Cell, "value" | "formula"> {
  if (typeof input !== "string" || format === TEXT_FORMAT) return { value: input, formula: "" };
  if (input.length > MAX_CELL_CHARS) {
    throw new Error(
      `Your input contains more than the maximum of ${MAX_CELL_CHARS} characters in a single cell.`,
    );
  }
  if (input.startsWith("=")) return { value: "", formula: input };
  if (input.startsWith("'")) return { value: input.slice(1), formula: "" };
  const trimmed = input.trim();
  if (trimmed !== "" && /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed)) {
    return { value: Number(trimmed), formula: "" };
  }
  if (/^(true|false)$/i.test(trimmed))
    return { value: trimmed.toLowerCase() === "true", formula: "" };
  return { value: input, formula: "" };
}

export interface MemorySheet extends SheetHandle {
  hidden: boolean;
  frozenRows: number;
  meta: Map<string, string>;
  /** Cell values by row, as getValues would give them for rows [1, rows] and columns [1, columns]. */
  values(): CellValue[][];
  /** The number format of a cell (1-based). */
  formatAt(row: number, column: number): string;
  /** Types into cells as a person would (no apostrophe handling beyond Sheets' own). */
  type(row: number, column: number, values: CellValue[][]): void;
  /** Types a formula into a cell, which Sheets computed to `value` (this fake evaluates no formula itself). */
  typeFormula(row: number, column: number, formula: string, value: CellValue): void;
}

export interface MemoryWorkbook extends Workbook {
  /** Service calls by name ("sheet.read", "sheet.write", "workbook.insert"…), and in all. */
  calls: Map<string, number>;
  totalCalls(): number;
  sheet(name: string): MemorySheet;
  activate(name: string): void;
}

/** A workbook with the given sheets (name → rows, header first) and time zone. */
export function memoryWorkbook(
  initial: Record<string, CellValue[][]> = {},
  options: { timeZone?: string } = {},
): MemoryWorkbook {
  const calls = new Map<string, number>();
  const count = (name: string) => calls.set(name, (calls.get(name) ?? 0) + 1);
  const sheets: MemorySheet[] = [];
  let nextId = 1000;
  let activeId: number | null = null;

  function makeSheet(initialName: string): MemorySheet {
    let name = initialName;
    const grid: Cell[][] = [];
    let maxRows = 1000;
    let maxColumns = 26;
    const cell = (r: number, c: number): Cell => {
      while (grid.length <= r) grid.push([]);
      const line = grid[r] as Cell[];
      while (line.length <= c) line.push(blank());
      return line[c] as Cell;
    };
    const peek = (r: number, c: number): Cell | undefined => grid[r]?.[c];
    const hasContent = (x: Cell | undefined) => !!x && (x.value !== "" || x.formula !== "");
    const lastRow = () => {
      for (let r = grid.length - 1; r >= 0; r--) if ((grid[r] ?? []).some(hasContent)) return r + 1;
      return 0;
    };
    const lastColumn = () => {
      let last = 0;
      for (const line of grid)
        for (let c = line.length - 1; c >= last; c--) if (hasContent(line[c])) last = c + 1;
      return last;
    };
    const block = <T>(
      rows: number,
      columns: number,
      pick: (x: Cell | undefined) => T,
      row = 1,
      column = 1,
    ) =>
      Array.from({ length: rows }, (_, r) =>
        Array.from({ length: columns }, (_, c) => pick(peek(row - 1 + r, column - 1 + c))),
      );
    const grow = (rows: number, columns: number) => {
      maxRows = Math.max(maxRows, rows);
      maxColumns = Math.max(maxColumns, columns);
    };
    const put = (row: number, column: number, values: CellValue[][], typed: boolean) => {
      if (values.length === 0) return;
      const width = Math.max(...values.map((r) => r.length));
      const full = values.map((r) => [...r, ...Array<CellValue>(width - r.length).fill("")]);
      grow(row + full.length - 1, column + width - 1);
      const formats = block(full.length, width, (x) => x?.format ?? AUTOMATIC, row, column);
      const plan = typed ? { values: full, formats: null } : planWrite(full, formats);
      plan.values.forEach((line, r) => {
        line.forEach((input, c) => {
          const target = cell(row - 1 + r, column - 1 + c);
          if (plan.formats) target.format = plan.formats[r]?.[c] ?? target.format;
          Object.assign(target, stored(input, target.format));
        });
      });
    };
    const sheet: MemorySheet = {
      id: nextId++,
      hidden: false,
      frozenRows: 0,
      meta: new Map(),
      name: () => name,
      values: () => block(lastRow(), lastColumn(), (x) => x?.value ?? ""),
      formatAt: (row, column) => peek(row - 1, column - 1)?.format ?? AUTOMATIC,
      type: (row, column, values) => put(row, column, values, true),
      typeFormula: (row, column, formula, value) => {
        grow(row, column);
        Object.assign(cell(row - 1, column - 1), { formula, value });
      },
      read(): SheetContent {
        count("sheet.read");
        const rows = lastRow();
        const columns = lastColumn();
        if (rows === 0) return { values: [], formulas: [] };
        return {
          values: block(rows, columns, (x) => x?.value ?? ""),
          formulas: block(rows, columns, (x) => x?.formula ?? ""),
        };
      },
      readRows(first, count_, width) {
        count("sheet.readRows");
        return block(count_, width, (x) => x?.value ?? "", first, 1);
      },
      write(row, values) {
        count("sheet.write");
        put(row, 1, values, false);
      },
      writeAt(row, column, values) {
        count("sheet.write");
        put(row, column, values, false);
      },
      deleteRows(first, n) {
        count("sheet.deleteRows");
        grid.splice(first - 1, n);
        maxRows = Math.max(maxRows - n, sheet.frozenRows + 1);
      },
      deleteColumns(first, n) {
        count("sheet.deleteColumns");
        for (const line of grid) line.splice(first - 1, n);
        maxColumns = Math.max(maxColumns - n, 1);
      },
      insertColumns(after, n) {
        count("sheet.insertColumns");
        for (const line of grid) {
          if (line.length > after) line.splice(after, 0, ...Array.from({ length: n }, blank));
        }
        maxColumns += n;
      },
      lastRow: () => {
        count("sheet.lastRow");
        return lastRow();
      },
      lastColumn: () => {
        count("sheet.lastColumn");
        return lastColumn();
      },
      gridSize: () => ({ rows: maxRows, columns: maxColumns }),
      readMarks() {
        count("sheet.readMarks");
        const rows = lastRow();
        const columns = lastColumn();
        return {
          notes: block(rows, columns, (x) => x?.note ?? ""),
          backgrounds: block(rows, columns, (x) => x?.background ?? WHITE),
        };
      },
      writeMarks(notes, backgrounds) {
        count("sheet.writeMarks");
        notes.forEach((line, r) => {
          line.forEach((note, c) => {
            const target = cell(r, c);
            target.note = note;
            target.background = backgrounds[r]?.[c] ?? WHITE;
          });
        });
      },
      replaceAll(values) {
        count("sheet.replaceAll");
        for (const line of grid) for (const x of line) Object.assign(x, { value: "", formula: "" });
        put(1, 1, values, false);
        sheet.frozenRows = values.length > 0 ? 1 : 0;
      },
      getMeta: (key) => {
        count("sheet.getMeta");
        return sheet.meta.get(key) ?? null;
      },
      setMeta: (key, value) => {
        count("sheet.setMeta");
        sheet.meta.set(key, value);
      },
      rename: (next) => {
        count("sheet.rename");
        if (sheets.some((s) => s !== sheet && s.name() === next)) {
          throw new Error(`A sheet with the name "${next}" already exists.`);
        }
        name = next;
      },
      activate: () => {
        count("sheet.activate");
        activeId = sheet.id;
      },
    };
    return sheet;
  }

  const workbook: MemoryWorkbook = {
    calls,
    totalCalls: () => [...calls.values()].reduce((a, b) => a + b, 0),
    sheet(name) {
      const found = sheets.find((s) => s.name() === name);
      if (!found) throw new Error(`No sheet named ${name}`);
      return found;
    },
    activate(name) {
      activeId = workbook.sheet(name).id;
    },
    timeZone: () => options.timeZone ?? "Etc/UTC",
    sheetById: (id) => {
      count("workbook.sheetById");
      return sheets.find((s) => s.id === id) ?? null;
    },
    sheetByName: (name) => {
      count("workbook.sheetByName");
      return sheets.find((s) => s.name() === name) ?? null;
    },
    active: () => sheets.find((s) => s.id === activeId) ?? null,
    sheets: () => {
      count("workbook.sheets");
      return [...sheets];
    },
    insert(name, opts) {
      count("workbook.insert");
      if (sheets.some((s) => s.name() === name)) {
        throw new Error(`A sheet with the name "${name}" already exists.`);
      }
      const sheet = makeSheet(name);
      sheet.hidden = opts?.hidden ?? false;
      sheets.push(sheet);
      if (activeId === null) activeId = sheet.id;
      return sheet;
    },
    remove(target) {
      count("workbook.remove");
      const at = sheets.findIndex((s) => s.id === target.id);
      if (at >= 0) sheets.splice(at, 1);
      if (activeId === target.id) activeId = sheets[0]?.id ?? null;
    },
  };
  for (const [name, rows] of Object.entries(initial)) {
    const sheet = makeSheet(name);
    sheet.type(1, 1, rows);
    sheets.push(sheet);
    activeId ??= sheet.id;
  }
  return workbook;
}

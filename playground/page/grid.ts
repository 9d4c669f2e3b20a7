// The sheet grid: canvas-datagrid (BSD-3-Clause) draws only what is on screen; the page fetches just those rows.
import canvasDatagrid from "canvas-datagrid";
import type { CellView, SheetDims, SheetWindow } from "./api.ts";
import { columnName, el } from "./dom.ts";

export interface GridEvents {
  /** The selection moved to `a1` ("B2" or "B2:C4"). */
  select(a1: string): void;
  /** The person typed rows of text at `a1` ("" clears a cell). */
  commit(a1: string, rows: string[][]): void;
  /** Fetches `count` rows of the shown sheet from `row` (1-based). */
  fetch(row: number, count: number): Promise<SheetWindow>;
}

const ARROWS: Record<string, [number, number]> = {
  ArrowUp: [-1, 0],
  ArrowDown: [1, 0],
  ArrowLeft: [0, -1],
  ArrowRight: [0, 1],
};

/** Rows fetched at a time: a screen is about 40 rows, so a block covers scrolling a little either way. */
const BLOCK = 200;

// The library's object is untyped here on purpose: its declared types cover the constructor only loosely.
// biome-ignore lint/suspicious/noExplicitAny: canvas-datagrid's instance API (events, style, data) is dynamic.
type Datagrid = any;
type Rect = { top: number; left: number; bottom: number; right: number };

const a1Of = (rowIndex: number, columnIndex: number) =>
  `${columnName(columnIndex + 1)}${rowIndex + 1}`;
const rangeOf = (b: Rect) =>
  b.top === b.bottom && b.left === b.right
    ? a1Of(b.top, b.left)
    : `${a1Of(b.top, b.left)}:${a1Of(b.bottom, b.right)}`;

export class Grid {
  private readonly grid: Datagrid;
  /** How many times the grid drew itself (the e2e test checks that a click draws only in the next frame). */
  draws = 0;
  /** A draw the grid may make now (the others wait for the next animation frame), and that frame's request. */
  private drawingNow = false;
  private frame = 0;
  private sheet = "";
  private dims: SheetDims = { rows: 0, columns: 0, frozenRows: 0 };
  private version = -1;
  private readonly cells = new Map<string, CellView>();
  /** Blocks fetched at `version`; older blocks still show until their refetch lands. */
  private readonly fresh = new Set<number>();
  private readonly pending = new Set<number>();
  private readonly scrolls = new Map<string, { top: number; left: number }>();
  private selection = "A1";
  /** The edit under way: whether the person typed in it, and whether they pressed Escape. */
  private edit = { typed: false, escaped: false };
  /** Text widths by font and text, so a redraw measures only text it has not drawn before. */
  private readonly widths = new Map<string, number>();
  /** The font each cell on screen was last drawn with ("row,column", 0-based), for tests of what is drawn. */
  private readonly drawn = new Map<string, string>();
  private message: HTMLElement | null = null;
  /** Shown while rows are being fetched, so a blank stretch never looks like an empty sheet. */
  private readonly loading = el(
    "div",
    { class: "grid-loading", role: "status", hidden: true },
    "Loading rows…",
  );

  constructor(
    private readonly root: HTMLElement,
    private readonly nameBox: HTMLInputElement,
    private readonly formulaInput: HTMLInputElement,
    private readonly events: GridEvents,
  ) {
    this.grid = canvasDatagrid({
      parentNode: root,
      allowSorting: false,
      allowColumnReordering: false,
      allowRowReordering: false,
      allowGroupingColumns: false,
      allowGroupingRows: false,
      allowFreezingRows: false,
      allowFreezingColumns: false,
      showFilter: false,
      showColumnSelector: false,
      showClearSettingsOption: false,
      showOrderByOption: false,
      showNewRow: false,
      saveAppearance: false,
      columnHeaderClickBehavior: "select",
      selectionFollowsActiveCell: true,
      editable: true,
      style: {
        cellFont: "13px Arial, sans-serif",
        activeCellFont: "13px Arial, sans-serif",
        cellHeight: 21,
        cellWidth: 100,
        columnHeaderCellFont: "12px Arial, sans-serif",
        rowHeaderCellFont: "12px Arial, sans-serif",
        activeCellBorderColor: "#1a73e8",
        activeCellBorderWidth: 2,
        cellSelectedBackgroundColor: "#e8f0fe",
        activeCellSelectedBackgroundColor: "#e8f0fe",
        gridBackgroundColor: "#ffffff",
        cellBorderColor: "#e2e3e3",
      },
    });
    root.append(this.loading);
    // A fixed size: with "auto" the canvas grows to every row and each draw paints all of them.
    this.grid.style.height = "100%";
    this.grid.style.width = "100%";
    this.grid.addEventListener("selectionchanged", () => this.onSelection());
    this.grid.addEventListener("activecellchanged", () => this.showSelection());
    this.grid.addEventListener("scroll", () => this.load());
    // canvas-datagrid draws the whole grid synchronously on each mouse event (a click is a move, a down and an up:
    // three draws). The screen shows one frame: other draws are put off to the next animation frame, once. A draw
    // also works out which rows are on screen, so the rows to fetch are looked at after it.
    this.grid.addEventListener("beforedraw", (e: { preventDefault(): void }) => {
      if (!this.drawingNow) {
        e.preventDefault();
        if (this.frame === 0)
          this.frame = requestAnimationFrame(() => {
            this.frame = 0;
            this.drawNow();
            this.load();
          });
        return;
      }
      this.draws++;
      this.drawn.clear();
    });
    this.grid.addEventListener("rendercell", (e: Datagrid) => this.paintBackground(e));
    this.grid.addEventListener("formattext", (e: Datagrid) => {
      const m = this.markOf(e.cell);
      if (m?.w) e.ctx.font = `bold ${e.ctx.font}`;
      if (m?.num && e.cell) e.cell.horizontalAlignment = "right";
      if (e.cell) this.drawn.set(`${e.cell.rowIndex},${e.cell.columnIndex}`, e.ctx.font);
      // One line, clipped at the cell's edge as Sheets does; the library would measure every word of every cell
      // on each draw (most of a click's time at 50,000 rows), so widths are measured once per text and font.
      e.preventDefault();
      const text = String(e.cell?.formattedValue ?? "");
      e.cell.text = {
        lines: [{ value: text, width: this.measure(e.ctx, text) }],
        width: 0,
        height: e.cell.calculatedLineHeight,
      };
    });
    this.grid.addEventListener("afterrendercell", (e: Datagrid) => this.paintMarks(e));
    this.grid.addEventListener("beginedit", (e: Datagrid) => {
      // Editing shows a formula as written, as Sheets does, unless the edit began by typing over the cell.
      const m = this.markOf(e.cell);
      if (m?.f && e.input && e.input.value === (m.d ?? "")) e.input.value = m.f;
      // Typing the same text again still enters it, as in Sheets (it is parsed anew under the cell's format);
      // Escape leaves the cell as it was.
      this.edit = { typed: false, escaped: false };
      const edit = this.edit;
      e.input?.addEventListener("input", () => {
        edit.typed = true;
      });
      e.input?.addEventListener("keydown", (k: KeyboardEvent) => {
        if (k.key === "Escape") edit.escaped = true;
      });
    });
    this.grid.addEventListener("beforeendedit", (e: Datagrid) => {
      // The host holds the sheet: the grid keeps showing the host's value until the next redraw.
      e.abort();
      const { typed, escaped } = this.edit;
      if (escaped) return;
      if (typed || e.newValue !== e.oldValue || this.markOf(e.cell)?.f)
        this.events.commit(a1Of(e.cell.rowIndex, e.cell.columnIndex), [[String(e.newValue)]]);
    });
    this.grid.addEventListener("keydown", (e: Datagrid) => {
      const native = e.NativeEvent as KeyboardEvent;
      const key = native.key;
      const step = ARROWS[key];
      if (native.shiftKey && step && !this.grid.input) {
        // Shift+arrow moves the selection's far corner, the active cell staying put, as in Sheets.
        e.preventDefault();
        this.extend(step[0], step[1]);
        return;
      }
      if (key === "Delete" || key === "Backspace") {
        e.preventDefault();
        const b = this.bounds();
        const blank = Array.from({ length: b.bottom - b.top + 1 }, () =>
          Array.from({ length: b.right - b.left + 1 }, () => ""),
        );
        this.events.commit(a1Of(b.top, b.left), blank);
      }
    });
    this.grid.addEventListener("beforepaste", (e: Datagrid) => {
      e.preventDefault();
      const text = (e.NativeEvent as ClipboardEvent).clipboardData?.getData("text/plain") ?? "";
      const rows = text
        .replace(/\r?\n$/, "")
        .split(/\r?\n/)
        .map((line) => line.split("\t"));
      const b = this.bounds();
      if (rows.length > 0) this.events.commit(a1Of(b.top, b.left), rows);
    });
    nameBox.addEventListener("keydown", (e) => {
      if (e.key !== "Enter") return;
      e.preventDefault();
      this.selectA1(nameBox.value.trim().toUpperCase());
      this.grid.focus();
    });
    formulaInput.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        e.preventDefault();
        const b = this.bounds();
        this.events.commit(a1Of(b.top, b.left), [[formulaInput.value]]);
        this.setActive(b.top + 1, b.left);
        this.grid.focus();
      } else if (e.key === "Escape") {
        this.showSelection();
        this.grid.focus();
      }
    });
  }

  get editing(): boolean {
    return Boolean(this.grid.input);
  }

  /** The selected range, "B2" or "B2:C4". */
  get selected(): string {
    return this.selection;
  }

  /**
   * Shows a sheet of `dims` at `version`: a new sheet starts empty at its own remembered scroll; a new version
   * refetches what is on screen, drawing the older cells until it lands.
   */
  show(name: string, dims: SheetDims, version: number, selection?: string): void {
    const switched = name !== this.sheet;
    if (switched) {
      if (this.sheet)
        this.scrolls.set(this.sheet, { top: this.grid.scrollTop, left: this.grid.scrollLeft });
      this.sheet = name;
      this.cells.clear();
    }
    const resized = switched || dims.rows !== this.dims.rows || dims.columns !== this.dims.columns;
    this.dims = dims;
    if (resized) {
      this.grid.schema = Array.from({ length: dims.columns }, (_, i) => ({
        name: String(i),
        title: columnName(i + 1),
        type: "string",
      }));
      this.grid.data = Array.from({ length: dims.rows }, () => ({}));
      for (const view of this.cells.values()) this.put(view);
    }
    if (this.grid.frozenRow !== dims.frozenRows) this.grid.frozenRow = dims.frozenRows;
    if (switched) {
      const scroll = this.scrolls.get(name) ?? { top: 0, left: 0 };
      this.grid.scrollTop = scroll.top;
      this.grid.scrollLeft = scroll.left;
      if (selection) this.selectA1(selection, true);
    }
    if (version !== this.version || switched) {
      this.version = version;
      this.fresh.clear();
    }
    this.load();
    this.grid.draw();
  }

  /** Selects "B2" or "B2:C4" (and tells the host unless `quiet`). */
  selectA1(a1: string, quiet = false): void {
    const m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(a1);
    if (!m?.[1] || !m[2]) return;
    const col = (letters: string) =>
      [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
    const top = Number(m[2]) - 1;
    const left = col(m[1]);
    const bottom = m[4] ? Number(m[4]) - 1 : top;
    const right = m[3] ? col(m[3]) : left;
    this.grid.setActiveCell(left, top);
    this.grid.selectArea({ top, left, bottom, right });
    this.grid.scrollIntoView(left, top);
    if (quiet) {
      this.selection = rangeOf({ top, left, bottom, right });
      this.showSelection();
    } else this.onSelection();
    this.grid.draw();
  }

  /** The text the grid shows in a cell ("" when empty or not fetched yet). */
  text(a1: string): string {
    const m = /^([A-Z]+)(\d+)$/.exec(a1);
    if (!m?.[1] || !m[2]) return "";
    const column = [...m[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
    return this.cells.get(`${Number(m[2])},${column}`)?.d ?? "";
  }

  /** How a cell was last drawn: its font, and whether its row is frozen (null when not drawn). */
  drawnStyle(a1: string): { font: string; frozen: boolean } | null {
    const m = /^([A-Z]+)(\d+)$/.exec(a1);
    if (!m?.[1] || !m[2]) return null;
    const column = [...m[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
    const row = Number(m[2]) - 1;
    const font = this.drawn.get(`${row},${column}`);
    return font === undefined ? null : { font, frozen: row < (this.grid.frozenRow ?? 0) };
  }

  private measure(ctx: CanvasRenderingContext2D, text: string): number {
    if (text === "") return 0;
    const key = `${ctx.font}\u0001${text}`;
    let width = this.widths.get(key);
    if (width === undefined) {
      if (this.widths.size > 20_000) this.widths.clear();
      width = ctx.measureText(text).width;
      this.widths.set(key, width);
    }
    return width;
  }

  /** Draws at once: the drawn cells' positions are what a test's pointer needs. */
  private drawNow(): void {
    this.drawingNow = true;
    try {
      this.grid.draw();
    } finally {
      this.drawingNow = false;
    }
  }

  /** Scrolls `a1` into view and returns its box on the page (for a pointer to click). */
  box(a1: string): { x: number; y: number; width: number; height: number } | null {
    const m = /^([A-Z]+)(\d+)$/.exec(a1);
    if (!m?.[1] || !m[2]) return null;
    const column = [...m[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
    const row = Number(m[2]) - 1;
    let cell = this.onScreen(column, row);
    for (let attempt = 0; attempt < 4 && !cell; attempt++) {
      const drawn = this.grid.getVisibleCellByIndex(column, row);
      if (!drawn || attempt > 1) this.grid.gotoCell(column, row);
      else {
        // Partly hidden (under the frozen rows or past the edge): scroll by what is missing.
        const { clientWidth, clientHeight } = this.grid.canvas as HTMLCanvasElement;
        if (drawn.x + drawn.width > clientWidth - 20)
          this.grid.scrollLeft += drawn.x + drawn.width - clientWidth + 40;
        if (drawn.y + drawn.height > clientHeight - 20)
          this.grid.scrollTop += drawn.y + drawn.height - clientHeight + 40;
        if (row >= this.dims.frozenRows) this.grid.scrollTop -= 60;
      }
      this.drawNow();
      cell = this.onScreen(column, row);
    }
    if (!cell) return null;
    const area = this.grid.canvas.getBoundingClientRect();
    return { x: area.left + cell.x, y: area.top + cell.y, width: cell.width, height: cell.height };
  }

  /** A cell's drawn box when it shows whole (not under the frozen rows, not cut by the edge). */
  private onScreen(column: number, row: number): Datagrid | null {
    const cell = this.grid.getVisibleCellByIndex(column, row);
    if (!cell) return null;
    const frozen = this.dims.frozenRows;
    if (row >= frozen && frozen > 0) {
      const header = this.grid.getVisibleCellByIndex(column, frozen - 1);
      if (header && cell.y < header.y + header.height) return null;
    }
    const { clientWidth, clientHeight } = this.grid.canvas as HTMLCanvasElement;
    // Its middle must be clickable: clear of the scroll bars.
    if (cell.y + cell.height / 2 > clientHeight - 16 || cell.x + cell.width / 2 > clientWidth - 16)
      return null;
    return cell;
  }

  /** Shows Sheets' message for refused input next to the selected cell, until the next click or key. */
  refuse(message: string): void {
    this.message?.remove();
    const b = this.bounds();
    const cell = this.grid.getVisibleCellByIndex(b.left, b.top);
    const note = el("div", { class: "cell-message", role: "alert" }, message);
    note.style.left = `${(cell?.x ?? 40) + 4}px`;
    note.style.top = `${(cell?.y ?? 20) + (cell?.height ?? 21) + 2}px`;
    this.root.append(note);
    this.message = note;
    const clear = () => {
      note.remove();
      if (this.message === note) this.message = null;
    };
    setTimeout(() => {
      document.addEventListener("mousedown", clear, { once: true });
      document.addEventListener("keydown", clear, { once: true });
    }, 0);
  }

  private bounds(): Rect {
    const b = this.grid.selectionBounds as Rect | undefined;
    const active = this.grid.activeCell as { rowIndex: number; columnIndex: number };
    if (!b || b.top < 0 || b.left < 0 || !Number.isFinite(b.top))
      return {
        top: Math.max(0, active.rowIndex),
        left: Math.max(0, active.columnIndex),
        bottom: Math.max(0, active.rowIndex),
        right: Math.max(0, active.columnIndex),
      };
    return b;
  }

  private extend(rows: number, columns: number): void {
    const b = this.bounds();
    const active = this.grid.activeCell as { rowIndex: number; columnIndex: number };
    const endRow = active.rowIndex === b.top ? b.bottom : b.top;
    const endColumn = active.columnIndex === b.left ? b.right : b.left;
    const row = Math.min(Math.max(0, endRow + rows), Math.max(0, this.dims.rows - 1));
    const column = Math.min(Math.max(0, endColumn + columns), Math.max(0, this.dims.columns - 1));
    this.grid.selectArea({
      top: Math.min(active.rowIndex, row),
      bottom: Math.max(active.rowIndex, row),
      left: Math.min(active.columnIndex, column),
      right: Math.max(active.columnIndex, column),
    });
    this.grid.scrollIntoView(column, row);
    this.onSelection();
    this.grid.draw();
  }

  private setActive(row: number, column: number): void {
    const top = Math.min(Math.max(0, row), Math.max(0, this.dims.rows - 1));
    this.selectA1(a1Of(top, column));
  }

  private onSelection(): void {
    const a1 = rangeOf(this.bounds());
    this.showSelection(a1);
    if (a1 !== this.selection) {
      this.selection = a1;
      this.events.select(a1);
    }
  }

  private showSelection(a1 = this.selection): void {
    this.nameBox.value = a1;
    const active = this.grid.activeCell as { rowIndex: number; columnIndex: number };
    const view = this.cells.get(`${active.rowIndex + 1},${active.columnIndex + 1}`);
    this.formulaInput.value = view?.f ?? view?.d ?? "";
  }

  private markOf(cell: Datagrid): CellView | undefined {
    if (!cell || cell.isHeader || cell.isRowHeader || cell.isCorner) return undefined;
    return this.cells.get(`${cell.rowIndex + 1},${cell.columnIndex + 1}`);
  }

  private paintBackground(e: Datagrid): void {
    const m = this.markOf(e.cell);
    if (m?.b && !e.cell.selected) e.ctx.fillStyle = m.b;
  }

  /** A note's black corner, an error's red corner, and a sparkline's line. */
  private paintMarks(e: Datagrid): void {
    const m = this.markOf(e.cell);
    if (!m) return;
    const { ctx, cell } = e;
    const corner = (color: string, left: boolean) => {
      const x = left ? cell.x : cell.x + cell.width;
      const d = left ? 6 : -6;
      ctx.fillStyle = color;
      ctx.beginPath();
      ctx.moveTo(x, cell.y);
      ctx.lineTo(x + d, cell.y);
      ctx.lineTo(x, cell.y + Math.abs(d));
      ctx.closePath();
      ctx.fill();
    };
    if (m.n) corner("#202124", false);
    if (m.e) corner("#d93025", true);
    if (m.s && m.s.length > 1) {
      const min = Math.min(...m.s);
      const span = Math.max(...m.s) - min || 1;
      ctx.strokeStyle = "#1a73e8";
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      const points = m.s;
      points.forEach((v, i) => {
        const x = cell.x + 3 + (i / (points.length - 1)) * (cell.width - 6);
        const y = cell.y + cell.height - 3 - ((v - min) / span) * (cell.height - 6);
        if (i === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      });
      ctx.stroke();
    }
  }

  /** Fetches the blocks on screen that are not fresh yet. */
  private load(): void {
    if (!this.sheet || this.dims.rows === 0) return;
    const rect = this.grid.scrollIndexRect as Rect | undefined;
    const top = Math.max(0, rect?.top ?? 0);
    const bottom = Math.max(top, rect?.bottom ?? 60);
    const blocks = new Set([0]);
    for (let b = Math.floor(top / BLOCK); b <= Math.floor(bottom / BLOCK); b++) blocks.add(b);
    for (const block of blocks) {
      if (this.fresh.has(block) || this.pending.has(block)) continue;
      this.pending.add(block);
      this.loading.hidden = false;
      const [sheet, version] = [this.sheet, this.version];
      this.events
        .fetch(block * BLOCK + 1, BLOCK)
        .then((window) => {
          if (window.name !== this.sheet) return;
          this.clearBlock(block);
          for (const view of window.cells) this.put(view);
          if (this.version === version && this.sheet === sheet) this.fresh.add(block);
          this.showSelection();
          this.grid.draw();
        })
        .catch((error: unknown) => console.error(error))
        .finally(() => {
          this.pending.delete(block);
          this.loading.hidden = this.pending.size === 0;
        });
    }
  }

  private clearBlock(block: number): void {
    const data = this.grid.data as Record<string, string>[];
    for (let r = block * BLOCK + 1; r <= (block + 1) * BLOCK; r++) {
      const row = data[r - 1];
      if (!row) continue;
      for (const key of Object.keys(row)) {
        this.cells.delete(`${r},${Number(key) + 1}`);
        delete row[key];
      }
    }
  }

  private put(view: CellView): void {
    this.cells.set(`${view.r},${view.c}`, view);
    const row = (this.grid.data as Record<string, string>[])[view.r - 1];
    if (row) row[String(view.c - 1)] = view.d ?? "";
  }
}

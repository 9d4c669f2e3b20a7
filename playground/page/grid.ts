// The sheet grid: a table of cells with row and column headers, a selection, in-cell editing and the formula bar.
import type { SheetView } from "./api.ts";
import { columnName, el } from "./dom.ts";

export interface GridEvents {
  select(a1: string): void;
  /** The person typed `text` into `a1` ("" clears it). */
  commit(a1: string, text: string): void;
}

export class Grid {
  private view: SheetView | null = null;
  private row = 1;
  private column = 1;
  private editor: HTMLInputElement | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly nameBox: HTMLElement,
    private readonly formulaInput: HTMLInputElement,
    private readonly events: GridEvents,
  ) {
    // Focusable: arrows move the selection and typing edits the selected cell, as in a spreadsheet.
    root.tabIndex = 0;
    root.addEventListener("mousedown", (e) => {
      const td = (e.target as HTMLElement).closest("td");
      if (!td || td === this.editor?.parentElement) return;
      this.finishEditing(true);
      this.moveTo(Number(td.dataset.row), Number(td.dataset.column));
      root.focus();
      e.preventDefault();
    });
    root.addEventListener("dblclick", (e) => {
      if ((e.target as HTMLElement).closest("td")) this.startEditing(this.input());
    });
    root.addEventListener("keydown", (e) => this.onKey(e));
    formulaInput.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        e.preventDefault();
        this.events.commit(this.a1(), formulaInput.value);
        this.moveTo(this.row + 1, this.column);
        root.focus();
      } else if (e.key === "Escape") {
        this.showSelection();
        root.focus();
      }
    });
  }

  get editing(): boolean {
    return this.editor !== null;
  }

  a1(): string {
    return `${columnName(this.column)}${this.row}`;
  }

  /** Draws a sheet (keeps the scroll position); the selection moves to `selection` when given. */
  render(view: SheetView, selection?: string): void {
    this.view = view;
    if (selection) {
      const m = /^([A-Z]+)(\d+)/.exec(selection);
      if (m?.[1] && m[2]) {
        let column = 0;
        for (const ch of m[1]) column = column * 26 + (ch.charCodeAt(0) - 64);
        this.row = Number(m[2]);
        this.column = column;
      }
    }
    const dataRows = view.display.length;
    const dataColumns = view.display[0]?.length ?? 0;
    const rows = Math.max(dataRows + 20, 60, this.row + 5);
    const columns = Math.max(dataColumns + 3, 12, this.column + 2);
    const marks = new Map<
      string,
      { note?: string; background?: string; bold?: boolean; error?: string }
    >();
    const mark = (r: number, c: number) => {
      const key = `${r},${c}`;
      const m = marks.get(key) ?? {};
      marks.set(key, m);
      return m;
    };
    for (const [r, c, note] of view.notes) mark(r, c).note = note;
    for (const [r, c, color] of view.backgrounds) mark(r, c).background = color;
    for (const [r, c] of view.bold) mark(r, c).bold = true;
    for (const [r, c, error] of view.errors) mark(r, c).error = error;

    const head = el("tr", {}, el("th", { scope: "col" }, ""));
    for (let c = 1; c <= columns; c++) head.append(el("th", { scope: "col" }, columnName(c)));
    const body = document.createElement("tbody");
    for (let r = 1; r <= rows; r++) {
      const tr = el("tr", {}, el("th", { scope: "row" }, String(r)));
      for (let c = 1; c <= columns; c++) {
        const td = document.createElement("td");
        const a1 = `${columnName(c)}${r}`;
        td.dataset.a1 = a1;
        td.dataset.row = String(r);
        td.dataset.column = String(c);
        const text = view.display[r - 1]?.[c - 1] ?? "";
        if (text) td.textContent = text;
        if (typeof view.values[r - 1]?.[c - 1] === "number") td.className = "number";
        const m = marks.get(`${r - 1},${c - 1}`);
        if (m) {
          if (m.background) td.style.background = m.background;
          if (m.bold) td.classList.add("bold");
          if (m.note) td.classList.add("note");
          if (m.error) td.classList.add("error");
          const title = [m.error, m.note].filter(Boolean).join("\n");
          if (title) td.title = title;
        }
        tr.append(td);
      }
      body.append(tr);
    }
    const table = el("table", { "aria-label": view.name }, el("thead", {}, head), body);
    this.root.replaceChildren(table);
    this.showSelection();
  }

  moveTo(row: number, column: number): void {
    this.row = Math.max(1, row);
    this.column = Math.max(1, column);
    this.showSelection();
    this.events.select(this.a1());
  }

  /** The text a person edits in a cell: its formula, or its displayed value. */
  private input(): string {
    const r = this.row - 1;
    const c = this.column - 1;
    return this.view?.formulas[r]?.[c] || this.view?.display[r]?.[c] || "";
  }

  private cell(): HTMLTableCellElement | null {
    return this.root.querySelector<HTMLTableCellElement>(`td[data-a1="${this.a1()}"]`);
  }

  private showSelection(): void {
    for (const td of Array.from(this.root.querySelectorAll("td.selected")))
      td.classList.remove("selected");
    const td = this.cell();
    td?.classList.add("selected");
    td?.scrollIntoView({ block: "nearest", inline: "nearest" });
    this.nameBox.textContent = this.a1();
    this.formulaInput.value = this.input();
  }

  private startEditing(text: string): void {
    const td = this.cell();
    if (!td || this.editor) return;
    const editor = el("input", { class: "cell-editor", "aria-label": `Edit ${this.a1()}` });
    editor.value = text;
    const box = td.getBoundingClientRect();
    const area = this.root.getBoundingClientRect();
    editor.style.left = `${box.left - area.left + this.root.scrollLeft}px`;
    editor.style.top = `${box.top - area.top + this.root.scrollTop}px`;
    editor.style.minWidth = `${box.width}px`;
    editor.style.height = `${box.height}px`;
    editor.addEventListener("keydown", (e) => {
      e.stopPropagation();
      if (e.key === "Enter" || e.key === "Tab") {
        e.preventDefault();
        this.finishEditing(true);
        if (e.key === "Enter") this.moveTo(this.row + 1, this.column);
        else this.moveTo(this.row, this.column + 1);
        this.root.focus();
      } else if (e.key === "Escape") {
        this.finishEditing(false);
        this.root.focus();
      }
    });
    editor.addEventListener("input", () => {
      this.formulaInput.value = editor.value;
    });
    this.root.append(editor);
    this.editor = editor;
    editor.focus();
  }

  private finishEditing(commit: boolean): void {
    const editor = this.editor;
    if (!editor) return;
    this.editor = null;
    editor.remove();
    if (commit) this.events.commit(this.a1(), editor.value);
  }

  private onKey(e: KeyboardEvent): void {
    if (this.editor || e.ctrlKey || e.metaKey || e.altKey) return;
    const moves: Record<string, [number, number]> = {
      ArrowUp: [-1, 0],
      ArrowDown: [1, 0],
      ArrowLeft: [0, -1],
      ArrowRight: [0, 1],
      Tab: [0, 1],
    };
    const move = moves[e.key];
    if (move) {
      e.preventDefault();
      this.moveTo(this.row + move[0], this.column + move[1]);
    } else if (e.key === "Enter" || e.key === "F2") {
      e.preventDefault();
      this.startEditing(this.input());
    } else if (e.key === "Delete" || e.key === "Backspace") {
      e.preventDefault();
      this.events.commit(this.a1(), "");
    } else if (e.key.length === 1) {
      e.preventDefault();
      this.startEditing(e.key);
    }
  }
}

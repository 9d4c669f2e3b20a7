// The page's side of the playground's JSON API, and the shapes it returns.

/** The size a sheet is drawn at: its rows and columns (the grid's edge) and its frozen header rows. */
export interface SheetDims {
  rows: number;
  columns: number;
  frozenRows: number;
}

export interface SheetsState extends SheetDims {
  version: number;
  sheets: string[];
  active: string;
  selection: string;
}

/** One non-empty cell (1-based r, c): display text, formula, note, background, bold, error reason, sparkline. */
export interface CellView {
  r: number;
  c: number;
  d?: string;
  num?: boolean;
  f?: string;
  n?: string;
  b?: string;
  w?: boolean;
  fmt?: string;
  e?: string;
  s?: number[];
}

/** The cells of a band of rows, as the page fetches them for what is on screen. */
export interface SheetWindow extends SheetDims {
  name: string;
  version: number;
  cells: CellView[];
}

export type MenuItem =
  | { type: "item"; caption: string; functionName: string }
  | { type: "separator" }
  | { type: "submenu"; caption: string; items: MenuItem[] };

export interface Alert {
  kind: "alert" | "prompt";
  title: string;
  prompt: string;
  buttons: string;
  answer: string;
}

export interface UiState {
  menu: { caption: string; items: MenuItem[] } | null;
  alerts: Alert[];
  toasts: { message: string; title: string; timeoutSeconds: number }[];
  sidebars: { index: number; title: string }[];
}

export interface Info {
  posthogUrl: string;
  mode: "local" | "remote";
}

export interface MenuReply {
  ok: boolean;
  message?: string;
  alerts: Alert[];
  /** A question the item waits on: show it, then run the item again with the answers so far. */
  ask: Alert | null;
  sidebar: number | null;
}

export type Answer = { button: string; text?: string };
export type TypeReply = { ok: true } | { ok: false; message: string };

async function call<T>(path: string, body?: unknown): Promise<T> {
  const init: RequestInit =
    body === undefined
      ? {}
      : {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        };
  const res = await fetch(path, init);
  const data = (await res.json()) as T & { message?: string };
  if (!res.ok) throw new Error(data.message ?? `${path}: ${res.status}`);
  return data;
}

export const api = {
  info: () => call<Info>("/api/info"),
  sheets: () => call<SheetsState>("/api/sheets"),
  ui: () => call<UiState>("/api/ui"),
  window: (name: string, row: number, count: number) =>
    call<SheetWindow>(`/api/window?name=${encodeURIComponent(name)}&row=${row}&count=${count}`),
  type: (sheet: string, a1: string, rows: string[][]) =>
    call<TypeReply>("/api/cells", { sheet, a1, rows }),
  format: (sheet: string, a1: string, numberFormat: string) =>
    call("/api/format", { sheet, a1, numberFormat }),
  select: (sheet: string, a1: string) => call("/api/select", { sheet, a1 }),
  addRows: (sheet: string, count: number) => call<TypeReply>("/api/rows", { sheet, count }),
  menu: (functionName: string, answers: Answer[] = []) =>
    call<MenuReply>("/api/menu", { functionName, answers }),
};

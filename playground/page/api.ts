// The page's side of the playground's JSON API, and the shapes it returns.

export interface SheetsState {
  version: number;
  sheets: string[];
  active: string;
  selection: string;
}

/** What the page needs to draw one sheet: values, formulas and display text over the data area, plus marks. */
export interface SheetView {
  name: string;
  values: unknown[][];
  formulas: string[][];
  display: string[][];
  notes: [number, number, string][];
  backgrounds: [number, number, string][];
  bold: [number, number][];
  errors: [number, number, string][];
  frozenRows: number;
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
  sidebar: number | null;
}

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
  sheet: (name: string) => call<SheetView>(`/api/sheet?name=${encodeURIComponent(name)}`),
  type: (sheet: string, a1: string, rows: string[][]) => call("/api/cells", { sheet, a1, rows }),
  select: (sheet: string, a1: string) => call("/api/select", { sheet, a1 }),
  menu: (functionName: string, answer?: string) =>
    call<MenuReply>("/api/menu", answer ? { functionName, answer } : { functionName }),
};

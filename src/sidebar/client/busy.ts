// Disables every control while a server call runs (or a multi-call task holds the page), and gives focus back after.
import { onPendingChange } from "./server";

let calls = 0;
let holds = 0;
let region: HTMLFieldSetElement | null = null;
let root: HTMLElement | null = null;
let lastFocus: HTMLElement | null = null;

function update(): void {
  const busy = calls > 0 || holds > 0;
  if (!region || region.disabled === busy) return;
  if (busy) {
    const active = document.activeElement;
    lastFocus = active instanceof HTMLElement && region.contains(active) ? active : null;
  }
  region.disabled = busy;
  root?.setAttribute("aria-busy", String(busy));
  // Long calls (a CSV upload, hundreds of removals) show that something is under way, not just grey controls.
  const indicator = document.getElementById("busy");
  if (indicator) indicator.hidden = !busy;
  if (!busy && lastFocus?.isConnected && document.activeElement === document.body) {
    lastFocus.focus();
  }
}

/** Uses `fieldset` (its `disabled` covers every control inside) and marks `busyRoot` with aria-busy. */
export function initBusy(fieldset: HTMLFieldSetElement, busyRoot: HTMLElement): void {
  region = fieldset;
  root = busyRoot;
  onPendingChange((pending) => {
    calls = pending;
    update();
  });
}

/** Whether a call or a multi-call task holds the page now. */
export const isBusy = (): boolean => calls > 0 || holds > 0;

/** Keeps the page busy for the whole of `task` (e.g. a pull's chain of calls). */
export async function hold<T>(task: () => Promise<T>): Promise<T> {
  holds += 1;
  update();
  try {
    return await task();
  } finally {
    holds -= 1;
    update();
  }
}

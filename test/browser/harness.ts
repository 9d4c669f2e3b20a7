// Runs the built sidebar (dist/sidebar.html) in headless Chromium with a google.script.run stand-in whose calls
// go to a Node-side handler: a fake, or the real bundle in the Apps Script runtime (runtimeHandler).
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { BINDINGS, standInScript } from "../../playground/stand-in.ts";
import type { AppsScriptRuntime, RunOptions } from "../../runtime/index.ts";

export const CHROMIUM_PATH = "/usr/bin/chromium";
export const SIDEBAR_URL = "https://sidebar.test/userCodeAppPanel";
const DIST_SIDEBAR = fileURLToPath(new URL("../../dist/sidebar.html", import.meta.url));

/** Answers one google.script.run call; a throw reaches the page's failure handler as an Error. */
export type ServerHandler = (name: string, args: unknown[]) => unknown | Promise<unknown>;

export interface RecordedCall {
  name: string;
  /** The arguments as the server received them (after the JSON round trip). */
  args: unknown[];
}

export interface OpenOptions {
  /** Page HTML instead of the harness's sidebar page. */
  html?: string;
  /** Default 300 (the sidebar's width) × 800. */
  width?: number;
  height?: number;
  /** Default 10, as Apps Script. */
  maxConcurrent?: number;
  /** Only these names exist on google.script.run (default: any name without a trailing "_"). */
  functions?: string[];
  /** Playwright's wait for actions and locators (default 5,000 ms, so a stuck step fails fast). */
  timeoutMs?: number;
}

export interface SidebarPage {
  page: Page;
  /** Calls the handler received, in order. */
  calls: RecordedCall[];
  /** Broken rules and surprises: illegal arguments or results, refused names, page errors, dialogs, requests. */
  problems: string[];
  /** google.script.host calls ("close", "editor.focus"). */
  hostCalls: string[];
  /** Calls of `name` so far. */
  callsOf(name: string): RecordedCall[];
  /** The most calls the handler had running at once. */
  peakInFlight(): number;
  close(): Promise<void>;
}

export interface SidebarHarness {
  browser: Browser;
  /** A fresh browser context and page with the stand-in, the sidebar loaded; every other request is blocked. */
  open(handler: ServerHandler, options?: OpenOptions): Promise<SidebarPage>;
  close(): Promise<void>;
}

export function hasChromium(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** A handler that runs the real bundle: each call is one execution of `runtime` (FULL mode by default). */
export function runtimeHandler(
  runtime: Pick<AppsScriptRuntime, "run">,
  options?: RunOptions,
): ServerHandler {
  return (name, args) => runtime.run(name, args, options);
}

/** Where a value can't cross google.script.run (cross-realm safe: the runtime's values come from a vm). */
export function illegalPath(value: unknown, path = "", seen = new Set<object>()): string | null {
  const type = typeof value;
  if (type === "function" || type === "symbol" || type === "bigint") return path || "(value)";
  if (value === null || type !== "object") return null;
  const object = value as Record<string, unknown>;
  if (Object.prototype.toString.call(object) === "[object Date]") return path || "(value)";
  if (seen.has(object)) return `${path || "(value)"} (circular)`;
  seen.add(object);
  const keys = Array.isArray(object) ? object.map((_, i) => String(i)) : Object.keys(object);
  for (const key of keys) {
    const found = illegalPath(object[key], path ? `${path}.${key}` : key, seen);
    if (found !== null) return found;
  }
  seen.delete(object);
  return null;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export interface LaunchOptions {
  /** Default /usr/bin/chromium (Debian's package). */
  executablePath?: string;
  /** The sidebar page every `open` serves unless it passes `html` (default: dist/sidebar.html, read once now). */
  sidebarHtml?: string;
}

export async function launchHarness(options: LaunchOptions = {}): Promise<SidebarHarness> {
  const sidebarHtml = options.sidebarHtml ?? readFileSync(DIST_SIDEBAR, "utf8");
  const browser = await chromium.launch({
    executablePath: options.executablePath ?? CHROMIUM_PATH,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });

  async function open(handler: ServerHandler, opts: OpenOptions = {}): Promise<SidebarPage> {
    const html = opts.html ?? sidebarHtml;
    const context = await browser.newContext({
      viewport: { width: opts.width ?? 300, height: opts.height ?? 800 },
    });
    const calls: RecordedCall[] = [];
    const problems: string[] = [];
    const hostCalls: string[] = [];
    let inFlight = 0;
    let peak = 0;

    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url === SIDEBAR_URL) return route.fulfill({ body: html, contentType: "text/html" });
      problems.push(`blocked request: ${url}`);
      return route.abort();
    });
    await context.exposeFunction(BINDINGS.report, (kind: string, text: string) => {
      (kind === "host" ? hostCalls : problems).push(text);
    });
    await context.exposeFunction(BINDINGS.call, async (name: string, wire: string) => {
      const args = JSON.parse(wire) as unknown[];
      calls.push({ name, args });
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      try {
        const value = await handler(name, args);
        const bad = illegalPath(value);
        if (bad === null) return JSON.stringify({ ok: true, value });
        // Apps Script hands the page null when a result holds a Date (or another value JSON can't carry).
        problems.push(`${name} returned an illegal value at ${bad}; the page got null`);
        return JSON.stringify({ ok: true, value: null });
      } catch (error) {
        return JSON.stringify({ ok: false, message: messageOf(error) });
      } finally {
        inFlight -= 1;
      }
    });
    await context.addInitScript({
      content: standInScript({
        maxConcurrent: opts.maxConcurrent ?? 10,
        functions: opts.functions ?? null,
      }),
    });
    const page = await context.newPage();
    page.setDefaultTimeout(opts.timeoutMs ?? 5_000);
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("dialog", (dialog) => {
      problems.push(`dialog: ${dialog.type()} ${dialog.message()}`);
      void dialog.dismiss();
    });
    await page.goto(SIDEBAR_URL);
    return {
      page,
      calls,
      problems,
      hostCalls,
      callsOf: (name) => calls.filter((c) => c.name === name),
      peakInFlight: () => peak,
      close: () => context.close(),
    };
  }

  return { browser, open, close: () => browser.close() };
}

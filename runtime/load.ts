// Loads the pushed project: appsscript.json, the .js/.gs files in push order (compiled once), and the .html files.

import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";

export interface SourceFile {
  /** Name as given or found, e.g. "server.js" or "lib/util.js". */
  name: string;
  source: string;
}

export interface ScriptFile extends SourceFile {
  script: vm.Script;
}

export interface Manifest {
  timeZone?: string;
  oauthScopes?: string[];
  urlFetchWhitelist?: string[];
  runtimeVersion?: string;
  [key: string]: unknown;
}

export interface LoadedProject {
  manifest: Manifest;
  scripts: ScriptFile[];
  /** HTML files by name without ".html" (HtmlService.createHtmlOutputFromFile's argument). */
  html: Map<string, string>;
}

export interface LoadOptions {
  distDir?: string;
  files?: SourceFile[];
  manifest?: object;
  /** File names (relative to distDir) to load first, in this order; defaults to .clasp.json's filePushOrder. */
  filePushOrder?: string[];
}

const SCRIPT = /\.(js|gs)$/;
const HTML = /\.html?$/;

export function loadProject(options: LoadOptions): LoadedProject {
  let files: SourceFile[];
  let manifest: Manifest | undefined = options.manifest as Manifest | undefined;
  let pushOrder = options.filePushOrder;
  if (options.files) {
    files = options.files.filter((f) => f.name !== "appsscript.json");
    const inline = options.files.find((f) => f.name === "appsscript.json");
    if (!manifest && inline) manifest = JSON.parse(inline.source) as Manifest;
  } else {
    const dir = path.resolve(options.distDir ?? "dist");
    if (!existsSync(dir)) throw new Error(`Apps Script runtime: no such folder ${dir}`);
    files = listFiles(dir).map((name) => ({
      name,
      source: readFileSync(path.join(dir, name), "utf8"),
    }));
    const manifestPath = path.join(dir, "appsscript.json");
    if (!manifest && existsSync(manifestPath)) {
      manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Manifest;
    }
    pushOrder ??= claspPushOrder(dir);
  }
  const scripts = orderScripts(
    files.filter((f) => SCRIPT.test(f.name)),
    pushOrder ?? [],
  ).map((file) => ({
    ...file,
    script: new vm.Script(file.source, { filename: file.name }),
  }));
  const html = new Map<string, string>();
  for (const file of files) {
    if (HTML.test(file.name)) html.set(file.name.replace(HTML, ""), file.source);
  }
  return { manifest: manifest ?? {}, scripts, html };
}

/** Files listed in push order first (as clasp pushes them), then the rest alphabetically. */
function orderScripts(files: SourceFile[], order: string[]): SourceFile[] {
  const rank = (name: string) => {
    const i = order.indexOf(name);
    return i < 0 ? Number.POSITIVE_INFINITY : i;
  };
  return [...files].sort((a, b) => {
    const ra = rank(a.name);
    const rb = rank(b.name);
    if (ra !== rb) return ra < rb ? -1 : 1;
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
}

function listFiles(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(dir, prefix)).sort()) {
    const rel = prefix ? `${prefix}/${entry}` : entry;
    if (statSync(path.join(dir, rel)).isDirectory()) out.push(...listFiles(dir, rel));
    else if (SCRIPT.test(entry) || HTML.test(entry)) out.push(rel);
  }
  return out;
}

/** `.clasp.json` next to or above the dist folder whose rootDir is that folder: its filePushOrder, rootDir prefix removed. */
function claspPushOrder(dir: string): string[] | undefined {
  for (const base of [dir, path.dirname(dir)]) {
    const file = path.join(base, ".clasp.json");
    if (!existsSync(file)) continue;
    const clasp = JSON.parse(readFileSync(file, "utf8")) as {
      rootDir?: string;
      filePushOrder?: string[];
    };
    if (path.resolve(base, clasp.rootDir ?? ".") !== dir || !clasp.filePushOrder) continue;
    return clasp.filePushOrder.map((p) =>
      path.relative(dir, path.resolve(base, p)).split(path.sep).join("/"),
    );
  }
  return undefined;
}

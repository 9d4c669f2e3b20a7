// Test kit for the custom functions: a local world whose owner switched formulas on, and cells computed as Sheets would.
import { createAppsScriptRuntime } from "../../runtime/index.ts";
import { DOC, OWNER, startWorld, type World } from "../../scripts/local-world.ts";

export const EDITOR = "editor@example.com";

export interface FormulaWorld extends World {
  /** Computes one cell: the custom function in CUSTOM_FUNCTION mode, as `user` (default the owner), in `documentId`. */
  cell(name: string, args: unknown[], options?: { user?: string; documentId?: string }): unknown;
  /** Computes later cells in an already open document (sidebar calls still go to the last one opened). */
  useDocument(id: string): void;
  /** Switches formulas on for the current document (as the owner, through the sidebar call). */
  enable(): void;
  /** HTTP requests the bundle sent since the last `resetCounts()`. */
  requests(): number;
  /** Cache and CacheService calls since the last `resetCounts()`. */
  cacheCalls(): number;
  /** Every text the cache of `documentId` holds (keys and values), to look for secrets. */
  cacheText(documentId?: string): string;
}

export async function startFormulaWorld(
  options: Parameters<typeof startWorld>[0] = {},
): Promise<FormulaWorld> {
  const world = await startWorld(options);
  let documentId = DOC;
  const openDocument = world.openDocument.bind(world);
  const formulaWorld: FormulaWorld = Object.assign(world, {
    openDocument(id: string) {
      openDocument(id);
      documentId = id;
    },
    useDocument(id: string) {
      documentId = id;
    },
    cell(name: string, args: unknown[], opts: { user?: string; documentId?: string } = {}) {
      return world.runtime.runCustomFunction(name, args, {
        user: opts.user ?? OWNER,
        documentId: opts.documentId ?? documentId,
      });
    },
    enable() {
      world.ok("setFormulasEnabled", { enabled: true });
    },
    requests: () => world.runtime.counts()["UrlFetchApp.requests"] ?? 0,
    cacheCalls: () => countCacheCalls(world.runtime.counts()),
    cacheText(id = documentId) {
      const cache = world.runtime.caches.document(id);
      return [...cache.entries].map(([k, e]) => `${k}\n${e.value}`).join("\n");
    },
  });
  return formulaWorld;
}

export function countCacheCalls(counts: Record<string, number>): number {
  return Object.entries(counts)
    .filter(([name]) => /^Cache(Service)?\./.test(name))
    .reduce((sum, [, n]) => sum + n, 0);
}

/** A runtime over the built bundle whose manifest lacks userinfo.email: the add-on cannot tell who calls. */
export function runtimeWithoutEmailScope() {
  const runtime = createAppsScriptRuntime({ distDir: "dist" });
  const manifest = runtime.project.manifest as { oauthScopes?: string[] };
  runtime.close();
  const scoped = createAppsScriptRuntime({
    distDir: "dist",
    manifest: {
      ...manifest,
      oauthScopes: (manifest.oauthScopes ?? []).filter((s) => !s.endsWith("/userinfo.email")),
    },
  });
  scoped.addDocument({ id: DOC, name: "Accounts", owner: OWNER });
  return scoped;
}

export { DOC, OWNER };

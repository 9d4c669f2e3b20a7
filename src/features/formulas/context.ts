// One custom-function execution: the owner's switch and key, the document's project, the cache and a lazy client.
import type { PostHogClient } from "../../api";
import type { KeyValueStore, Lock } from "../../platform/ports";
import type { ClientInput } from "../connect/connect";
import { type DocumentProject, readKey, readProject } from "../connect/settings";
import { type CachePort, createFormulaCache, type FormulaCache } from "./cache";
import { fail } from "./messages";
import { formulasEnabled, GENERATION_KEY } from "./settings";

/** What the Apps Script side provides to a custom function (built by formulaEnv in src/platform/root.gas.ts). */
export interface FormulaEnv {
  spreadsheetId: string;
  /** The spreadsheet owner's user properties (what a custom function sees), read once. */
  user: KeyValueStore;
  /** The document's properties, read once; null outside a document. */
  document: KeyValueStore | null;
  /** The document's cache; null outside a document. */
  cache: CachePort | null;
  /** Hex SHA-256 of a text. */
  digest: (text: string) => string;
  makeClient: (input: ClientInput) => PostHogClient;
  /** The document lock, asked for only when a shared listing has to be fetched. */
  lock: () => Lock | null;
  clock: () => number;
  newId: () => string;
}

/** An opened execution: everything the functions need. */
export interface FormulaContext {
  env: FormulaEnv;
  cache: FormulaCache;
  project: DocumentProject;
  /** False once the key turned out to lack `query:read` (reads then use the REST list). */
  canQuery: boolean;
  client(): PostHogClient;
}

/** A cache that keeps nothing, for a run outside a document. */
const NO_CACHE: CachePort = { get: () => null, getAll: () => ({}), putAll: () => undefined };

/**
 * Checks, in this order, that the owner switched formulas on for this spreadsheet, that the owner has a key,
 * and that the document has a project on the key's host. Nothing is read from the cache before that.
 */
export function openFormula(env: FormulaEnv, refreshToken: string): FormulaContext {
  if (!formulasEnabled(env.user, env.spreadsheetId))
    fail("off", "formulas are off here (the owner can switch them on in the sidebar)");
  const stores = { user: env.user, document: env.document };
  const key = readKey(stores);
  if (!key) fail("not_connected", "not connected");
  const project = readProject(stores);
  if (!project || project.host !== key.host)
    fail("no_project", "no project chosen (open the sidebar)");
  const generation = env.document?.get(GENERATION_KEY) ?? "";
  const owner = env.digest(key.apiKey).slice(0, 16);
  // The document cache is already per document; the id in the namespace keeps entries apart even so.
  const namespace = [
    env.spreadsheetId,
    owner,
    key.host,
    project.projectId,
    generation,
    refreshToken,
  ].join("\u0001");
  const cache = createFormulaCache({
    port: env.cache ?? NO_CACHE,
    digest: env.digest,
    namespace,
    newId: env.newId,
  });
  let client: PostHogClient | undefined;
  return {
    env,
    cache,
    project,
    canQuery: project.canQuery,
    client: () => {
      client ??= env.makeClient({ ...key, projectId: project.projectId });
      return client;
    },
  };
}

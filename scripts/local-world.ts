// A local world: the local PostHog in a child process and the real bundle in the Apps Script runtime (tests, bench).

import { type SpawnedPostHog, spawnLocalPostHog } from "../posthog-local/spawn.ts";
import {
  type AppsScriptRuntime,
  createAppsScriptRuntime,
  type RuntimeOptions,
} from "../runtime/index.ts";
import type { RpcResult } from "../src/shared/rpc.ts";

export const OWNER = "owner@example.com";
export const DOC = "doc-flows";

export interface World {
  posthog: SpawnedPostHog;
  runtime: AppsScriptRuntime;
  /** Calls a global as the sidebar would (google.script.run: FULL mode, the owner, the document). */
  call<T>(name: string, input?: unknown): RpcResult<T>;
  /** Like call, but fails the test on an error result. */
  ok<T>(name: string, input?: unknown): T;
  /** Connects with `key` (default: the full key) and picks project 1. */
  connect(key?: string): void;
  /** Opens another spreadsheet (same owner) and makes it the one calls go to. */
  openDocument(id: string): void;
  close(): Promise<void>;
}

export async function startWorld(
  options: {
    groups?: number;
    lagMs?: number;
    throttle?: boolean;
    /** Runtime settings such as the account kind or a virtual network time per request. */
    runtime?: Pick<RuntimeOptions, "account" | "virtualFetchMs" | "extraUrlAllowlist">;
  } = {},
): Promise<World> {
  const posthog = await spawnLocalPostHog({
    groups: options.groups ?? 300,
    lagMs: options.lagMs ?? 0,
    ...(options.throttle === false ? { throttle: false } : {}),
  });
  // The runtime below sleeps on a virtual clock, so its polls of an async query come faster than the server's
  // real clock moves: async pages are picked up at once, or a fast machine polls into the query throttle.
  await posthog.control.settings({ query: { asyncPickupMs: 0 } });
  const runtime = createAppsScriptRuntime({
    distDir: "dist",
    extraUrlAllowlist: [`${posthog.url}/`],
    sleep: "virtual",
    ...options.runtime,
  });
  runtime.addDocument({ id: DOC, name: "Accounts", owner: OWNER });
  let documentId = DOC;
  const call = <T>(name: string, input?: unknown): RpcResult<T> =>
    runtime.run(name, input === undefined ? [] : [input], {
      user: OWNER,
      documentId,
    }) as RpcResult<T>;
  const ok = <T>(name: string, input?: unknown): T => {
    const result = call<T>(name, input);
    if (!result.ok) throw new Error(`${name} failed: ${result.code}: ${result.message}`);
    return result.value;
  };
  return {
    posthog,
    runtime,
    call,
    ok,
    connect(key = posthog.personalApiKey) {
      ok("connect", { host: posthog.url, apiKey: key });
      ok("selectProject", { projectId: posthog.projectId });
    },
    openDocument(id) {
      runtime.addDocument({ id, name: id, owner: OWNER });
      documentId = id;
    },
    async close() {
      runtime.close();
      await posthog.close();
    },
  };
}

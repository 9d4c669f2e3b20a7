// Entry point for in-process use: start the local PostHog on loopback and get its URL, keys and a close().
import type { AddressInfo } from "node:net";
import { ControlClient } from "./control-client";
import { Runtime, type RuntimeOptions } from "./runtime";
import { createPostHogServer } from "./server";

export interface LocalPostHogOptions extends RuntimeOptions {
  /** @default 0 (any free port) */
  port?: number;
  /** @default "127.0.0.1" */
  host?: string;
}

export interface LocalPostHog {
  url: string;
  port: number;
  /** Exactly the scopes the add-on's connect form asks for, query:read included. */
  personalApiKey: string;
  projectId: number;
  /** The project API token (`phc_…`) for /batch/. */
  projectToken: string;
  /** Read scopes only (groups, cohorts, persons, definitions, projects, user, metrics, activity); no query:read. */
  readOnlyKey: string;
  /** A key with an empty scope list: refused everywhere, unless the `legacyKeysAllowed` setting (old self-hosted) is on. */
  noScopesKey: string;
  /** A key whose scopes are null: the same as `noScopesKey`. */
  legacyKey: string;
  /** A `*` key of a user in another organisation (no access to projects 1 and 2). */
  otherUserKey: string;
  control: ControlClient;
  close(): Promise<void>;
}

export { ControlClient } from "./control-client";
export type { FaultSpec } from "./faults";
export type { SettingsPatch } from "./settings";

export async function startLocalPostHog(options: LocalPostHogOptions = {}): Promise<LocalPostHog> {
  const { port = 0, host = "127.0.0.1", ...runtimeOptions } = options;
  const rt = new Runtime(runtimeOptions);
  const server = createPostHogServer(rt);
  // Idle sockets stay open as long as createPostHogServer says (65 s): a test whose thread the synchronous
  // runtime blocked for more than a few seconds must not find its control client's socket closed under it.
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  const url = `http://${host}:${actualPort}`;
  rt.baseUrl = url;
  const project = rt.world.project(1)?.project;
  return {
    url,
    port: actualPort,
    projectId: 1,
    projectToken: project?.apiToken ?? "",
    ...rt.keys,
    control: new ControlClient(url),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// Test kit: a local PostHog whose runtime the test can read, to hand-compute answers from the stored events.
import type { AddressInfo } from "node:net";
import { ControlClient } from "../../posthog-local/control-client";
import type { EventRow } from "../../posthog-local/events-table";
import { Runtime, type RuntimeOptions } from "../../posthog-local/runtime";
import { createPostHogServer } from "../../posthog-local/server";
import { client } from "./helpers";

export async function startWithRuntime(options: RuntimeOptions) {
  const rt = new Runtime(options);
  const server = createPostHogServer(rt);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  rt.baseUrl = url;
  const ph = {
    url,
    personalApiKey: rt.keys.personalApiKey,
    projectToken: rt.world.project(1)?.project.apiToken ?? "",
    control: new ControlClient(url),
  };
  return {
    rt,
    ph,
    api: client(ph),
    /** The visible rows of project 1's events table. */
    rows: (): readonly EventRow[] => rt.world.project(1)?.events.rows() ?? [],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const DAY = 86_400_000;

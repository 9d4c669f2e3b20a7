// Flow-test calls to the local PostHog's REST API as the demo key: what a test sets up or reads back beside the add-on.
import { expect } from "vitest";
import type { World } from "../../scripts/local-world.ts";

/**
 * `method path` under the world's project, with a JSON body; checks the status (exactly `status` when given, else
 * any 2xx) and returns the JSON answer (null for 204).
 */
export async function projectApi<T>(
  world: World,
  method: string,
  path: string,
  body?: unknown,
  status?: number,
): Promise<T> {
  const res = await fetch(`${world.posthog.url}/api/projects/${world.posthog.projectId}/${path}`, {
    method,
    headers: {
      authorization: `Bearer ${world.posthog.personalApiKey}`,
      "content-type": "application/json",
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (status === undefined) expect(res.status, `${method} ${path}`).toBeLessThan(300);
  else expect(res.status, `${method} ${path}`).toBe(status);
  return (res.status === 204 ? null : await res.json()) as T;
}

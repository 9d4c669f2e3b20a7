// Helpers for the Manage browser tests: read the local PostHog's API, open the sidebar on the real bundle, pick a form.
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { DOC, OWNER, type World } from "../../scripts/local-world.ts";
import { runtimeHandler } from "./harness.ts";
import { type BrowserKit, ready } from "./kit.ts";

/** A call to the local PostHog's project 1 with the demo key (the add-on's scopes); expects a 200. */
export async function projectApi<T>(
  world: World,
  path: string,
  init: RequestInit = {},
): Promise<T> {
  const res = await fetch(`${world.posthog.url}/api/projects/1/${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${world.posthog.personalApiKey}`,
      "content-type": "application/json",
    },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

/** The sidebar over the real bundle in the world's runtime, as the owner in the world's document. */
export async function openOnBundle(browser: BrowserKit, world: World) {
  const sidebar = await browser.open(
    runtimeHandler(world.runtime, { user: OWNER, documentId: DOC }),
    {
      timeoutMs: 10_000,
      height: 1400,
    },
  );
  await ready(sidebar.page);
  return sidebar;
}

/** Shows one of the Manage section's forms. */
export const chooseManage = (page: Page, what: string) =>
  page.getByRole("combobox", { name: "Manage", exact: true }).selectOption(what);

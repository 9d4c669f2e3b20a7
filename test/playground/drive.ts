// Drives the playground's page as a person does: opens the add-on's sidebar from the menu and connects it to the
// local PostHog (shared by the end-to-end test and the playground bench).
import type { FrameLocator, Page } from "playwright-core";

/** Extensions → PostHog for Sheets → Open PostHog sidebar, then connect with the key and use the project. */
export async function openAndConnect(
  page: Page,
  posthog: { url: string; personalApiKey: string },
): Promise<FrameLocator> {
  await page.getByRole("button", { name: "Extensions" }).click();
  await page.getByRole("menuitem", { name: /PostHog for Sheets/ }).click();
  await page.getByRole("menuitem", { name: "Open PostHog sidebar" }).click();
  const side = page.frameLocator("#sidebar-frame");
  await side.getByLabel("PostHog host").selectOption("self");
  await side.getByLabel("Self-hosted URL").fill(posthog.url);
  await side.getByLabel("Personal API key").fill(posthog.personalApiKey);
  await side.getByRole("button", { name: "Connect" }).click();
  const useProject = side.getByRole("button", { name: "Use this project" });
  const pull = side.getByRole("button", { name: "Pull", exact: true });
  await useProject.or(pull).first().waitFor();
  if (await useProject.isVisible()) await useProject.click();
  return side;
}

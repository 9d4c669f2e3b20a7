// Links into PostHog's own interface, for what only it can do (renaming group types).

/** The app origin for a saved host: "us"/"eu" are PostHog Cloud, anything else is the self-hosted URL itself. */
export function appOrigin(host: string): string {
  const h = host.trim().replace(/\/+$/, "");
  if (h.toLowerCase() === "us") return "https://us.posthog.com";
  if (h.toLowerCase() === "eu") return "https://eu.posthog.com";
  return h;
}

/**
 * The project's group analytics settings, where group types are renamed: setting `group-analytics` of section
 * `environment-customer-analytics` (frontend/src/scenes/settings/SettingsMap.tsx, GroupAnalyticsConfig).
 */
export function groupTypesSettingsUrl(host: string, projectId: number): string {
  return `${appOrigin(host)}/project/${projectId}/settings/environment-customer-analytics#group-analytics`;
}

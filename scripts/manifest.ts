// The Apps Script manifest: appsscript.json plus any self-hosted PostHog host added to the URL allowlist.
import { readFileSync } from "node:fs";

export interface Manifest {
  urlFetchWhitelist: string[];
  [field: string]: unknown;
}

/**
 * Apps Script refuses allowlist prefixes that are not https, lack a path or use a wildcard anywhere
 * but the leading subdomain (apps-script.md §5). Loopback http is let through for the local PostHog.
 */
export function allowlistPrefix(host: string): string {
  const match = /^(https?):\/\/([^/?#\s]+)(\/[^?#\s]*)?$/.exec(host.trim());
  if (!match)
    throw new Error(`--allow-host: "${host}" is not a URL like https://posthog.example.com`);
  const [, scheme, authority = "", path = "/"] = match;
  const loopback = /^(localhost|127\.0\.0\.1)(:\d+)?$/.test(authority);
  if (scheme !== "https" && !loopback) {
    throw new Error(`--allow-host: "${host}" must use https (Apps Script only fetches https URLs)`);
  }
  if (authority.includes("*") && !/^\*\.[^*]+$/.test(authority)) {
    throw new Error(`--allow-host: "${host}": a wildcard may only stand for the leading subdomain`);
  }
  return `${scheme}://${authority}${path.endsWith("/") ? path : `${path}/`}`;
}

export function buildManifest(extraHosts: string[], file = "appsscript.json"): Manifest {
  const manifest = JSON.parse(readFileSync(file, "utf8")) as Manifest;
  const allowlist = new Set(manifest.urlFetchWhitelist);
  for (const host of extraHosts) allowlist.add(allowlistPrefix(host));
  return { ...manifest, urlFetchWhitelist: [...allowlist] };
}

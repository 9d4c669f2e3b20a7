// Validates and normalises where and as whom the client connects: host, personal API key, project id.
import { invalidInput } from "./errors";
import { splitUrl } from "./url";

/** What a person typed in the settings. */
export interface ConnectionInput {
  /** `"us"`, `"eu"`, or the https URL of a self-hosted PostHog (http only for localhost / 127.0.0.1). */
  host: string;
  /** Personal API key (`phx_…`). Sent only as `authorization: Bearer`, never in a URL, error or log. */
  apiKey: string;
  /** The project's numeric id (a number or a string of digits). */
  projectId: number | string;
}

/** A checked connection. `apiKey` is not enumerable, so spreading or JSON-encoding the object leaves it out. */
export interface Connection {
  readonly region: "us" | "eu" | "self-hosted";
  /** Private API origin, e.g. `https://us.posthog.com` (no trailing slash). */
  readonly origin: string;
  /** Ingestion origin for `/batch/`: `https://us.i.posthog.com` / `https://eu.i.posthog.com`, else `origin`. */
  readonly captureOrigin: string;
  readonly projectId: number;
  readonly apiKey: string;
}

const CLOUD = {
  us: { origin: "https://us.posthog.com", captureOrigin: "https://us.i.posthog.com" },
  eu: { origin: "https://eu.posthog.com", captureOrigin: "https://eu.i.posthog.com" },
} as const;

/** Hosts people paste that mean a cloud region (app. is the old US host; *.i. is the ingestion host). */
const CLOUD_HOSTS: Record<string, "us" | "eu"> = {
  "us.posthog.com": "us",
  "app.posthog.com": "us",
  "us.i.posthog.com": "us",
  "eu.posthog.com": "eu",
  "eu.i.posthog.com": "eu",
};

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1"]);
const HOSTNAME =
  /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * Checks every field and throws one `invalid_input` error listing all the bad ones.
 * The key's value never appears in the message.
 */
export function createConnection(input: ConnectionInput): Connection {
  const problems: Array<[field: string, problem: string]> = [];
  const host = resolveHost(input?.host, (p) => problems.push(["host", p]));
  const apiKey = checkKey(input?.apiKey, (p) => problems.push(["apiKey", p]));
  const projectId = checkProjectId(input?.projectId, (p) => problems.push(["projectId", p]));
  if (problems.length > 0 || !host || apiKey === null || projectId === null) {
    const list = problems.map(([, p]) => p).join(" ");
    throw invalidInput(
      `The PostHog connection settings need fixing. ${list}`,
      problems.map(([f]) => f).join(","),
    );
  }
  const connection = {
    region: host.region,
    origin: host.origin,
    captureOrigin: host.captureOrigin,
    projectId,
  };
  Object.defineProperty(connection, "apiKey", { value: apiKey, enumerable: false });
  return Object.freeze(connection) as Connection;
}

interface Host {
  region: Connection["region"];
  origin: string;
  captureOrigin: string;
}

function resolveHost(raw: unknown, fail: (problem: string) => void): Host | null {
  if (typeof raw !== "string" || raw.trim() === "") {
    fail('Host: choose "us", "eu", or enter your PostHog\'s https address.');
    return null;
  }
  const value = raw.trim();
  const lower = value.toLowerCase();
  if (lower === "us" || lower === "eu") return { region: lower, ...CLOUD[lower] };
  // A bare host name gets a scheme: http for the local PostHog, https otherwise.
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value)
    ? value
    : `${/^(localhost|127\.0\.0\.1)(:|\/|$)/i.test(value) ? "http" : "https"}://${value}`;
  const parts = splitUrl(withScheme);
  if (!parts) {
    fail("Host: enter an address like https://posthog.example.com (no user name or spaces).");
    return null;
  }
  const [scheme, authority = ""] = parts.origin.split("://");
  const [hostname = "", port] = authority.split(":");
  const region = CLOUD_HOSTS[hostname];
  if (region && scheme === "https" && port === undefined) return { region, ...CLOUD[region] };
  if (!HOSTNAME.test(hostname) || (port !== undefined && !validPort(port))) {
    fail("Host: the address is not a valid host name.");
    return null;
  }
  if (scheme !== "https" && !LOCAL_HOSTS.has(hostname)) {
    fail("Host: use https (plain http is only allowed for localhost).");
    return null;
  }
  return { region: "self-hosted", origin: parts.origin, captureOrigin: parts.origin };
}

function validPort(port: string): boolean {
  return /^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535;
}

function checkKey(raw: unknown, fail: (problem: string) => void): string | null {
  if (typeof raw !== "string" || raw.trim() === "") {
    fail("API key: paste your personal API key (it starts with phx_).");
    return null;
  }
  const key = raw.trim();
  if (!/^[\x21-\x7e]+$/.test(key)) {
    fail("API key: it contains spaces or characters a key never has; paste it again.");
    return null;
  }
  // Other kinds of PostHog key (docs/posthog-api.md, "Scopes and keys"): a project token only sends events; a
  // project secret key reaches a few server-side endpoints and can never carry group scopes (posthog/scopes.py).
  if (key.startsWith("phc_")) {
    fail(
      "API key: this is a project token (phc_…), which can only send events. Create a personal API key (phx_…) with the scopes listed here.",
    );
    return null;
  }
  if (key.startsWith("phs_")) {
    fail(
      "API key: this is a project secret key (phs_…), which cannot read or change groups. Create a personal API key (phx_…) with the scopes listed here.",
    );
    return null;
  }
  return key;
}

function checkProjectId(raw: unknown, fail: (problem: string) => void): number | null {
  const value = typeof raw === "string" && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    fail("Project id: enter the project's number (a positive whole number).");
    return null;
  }
  return value;
}

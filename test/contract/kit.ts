// Contract-test kit: the real client, over the runtime's UrlFetchApp, against the local PostHog in a child process.
import { afterAll, beforeAll, beforeEach, expect, it, vi } from "vitest";
import type { CreatedKey } from "../../posthog-local/control-client.ts";
import type { LogEntry } from "../../posthog-local/request-log.ts";
import { type SpawnedPostHog, spawnLocalPostHog } from "../../posthog-local/spawn.ts";
import { type AppsScriptRuntime, createAppsScriptRuntime } from "../../runtime/index.ts";
import { createPostHogClient, type PostHogClient } from "../../src/api/client.ts";
import { isPostHogError, type PostHogError } from "../../src/api/errors.ts";
import type { KeyValueStore, PacerLimits } from "../../src/api/pacer.ts";
import type { RetryOptions } from "../../src/api/retry.ts";
import type { Clock, HttpRequest, Sleep, Transport } from "../../src/api/transport.ts";
import { sleep as platformSleep } from "../../src/platform/clock.gas.ts";
import { createUrlFetchTransport } from "../../src/platform/url-fetch-transport.gas.ts";
import { memoryStore } from "../fakes/memory-store.ts";

/** Utilities.sleep's largest single wait. */
const MAX_SLEEP_MS = 300_000;

export interface KitOptions {
  /** Companies (group type 0) in project 1. @default 350 */
  groups?: number;
}

export interface ClientOptions {
  /** @default the full scoped key */
  apiKey?: string;
  /** @default 1 */
  projectId?: number;
  limits?: PacerLimits;
  retry?: RetryOptions;
  /** @default a fresh in-memory store (so no pacer state is shared between clients) */
  store?: KeyValueStore;
}

export interface RuntimeOptions {
  fetchTimeoutMs?: number;
}

/**
 * One local PostHog per test file, one Apps Script runtime (virtual sleep) whose UrlFetchApp and
 * Utilities are installed as globals for each test, and clients built on them. Every virtual sleep
 * also moves the server's clock by the same amount, so its throttle windows and async queries
 * see the time the client waited.
 */
export class ContractKit {
  ph!: SpawnedPostHog;
  runtime!: AppsScriptRuntime;
  /** The sleeps the client asked for in this test, in order (ms). */
  readonly slept: number[] = [];
  /** Every request the client handed to the transport in this file. */
  readonly sent: HttpRequest[] = [];
  /** The UrlFetchApp adapter, recording what it is given. */
  readonly transport: Transport;
  private active!: AppsScriptRuntime;
  private readonly extraRuntimes: AppsScriptRuntime[] = [];
  private since = 0;

  constructor(private readonly options: KitOptions = {}) {
    const inner = createUrlFetchTransport();
    this.transport = {
      send: (request) => {
        this.sent.push(request);
        return inner.send(request);
      },
      sendAll: (requests) => {
        this.sent.push(...requests);
        return inner.sendAll(requests);
      },
    };
  }

  get url(): string {
    return this.ph.url;
  }

  get control() {
    return this.ph.control;
  }

  async start(): Promise<void> {
    this.ph = await spawnLocalPostHog({ groups: this.options.groups ?? 350, lagMs: 0 });
    this.runtime = this.newRuntime();
    this.active = this.runtime;
  }

  async close(): Promise<void> {
    for (const rt of this.extraRuntimes) rt.close();
    this.runtime?.close();
    await this.ph?.close();
  }

  /** A runtime allowed to fetch from the local PostHog, with its clock set to the main runtime's. */
  newRuntime(options: RuntimeOptions = {}): AppsScriptRuntime {
    const rt = createAppsScriptRuntime({
      distDir: "dist",
      extraUrlAllowlist: [`${this.url}/`],
      sleep: "virtual",
      // Long virtual waits (throttling) are the point here, not the 6-minute execution limit.
      executionLimitMs: 24 * 3_600_000,
      ...options,
    });
    if (this.runtime) {
      rt.advanceClock(this.runtime.now() - rt.now());
      this.extraRuntimes.push(rt);
    }
    return rt;
  }

  /** Opens a fresh execution and installs its UrlFetchApp and Utilities as globals. */
  use(runtime: AppsScriptRuntime = this.runtime): void {
    if (this.active !== runtime) this.active.endServices();
    this.active = runtime;
    const services = runtime.services();
    vi.stubGlobal("UrlFetchApp", services.UrlFetchApp);
    vi.stubGlobal("Utilities", services.Utilities);
  }

  /** Before each test: fresh services, no recorded sleeps, and a mark in the request log. */
  async begin(): Promise<void> {
    this.use(this.runtime);
    await this.mark();
  }

  /** Utilities.sleep on the runtime's virtual clock, then the same move on the server's clock. */
  readonly sleep: Sleep = (ms) => {
    const wait = Math.max(0, Math.round(ms));
    this.slept.push(wait);
    for (let left = wait; left > 0; left -= MAX_SLEEP_MS)
      platformSleep(Math.min(left, MAX_SLEEP_MS));
    const response = UrlFetchApp.fetch(`${this.url}/_control/clock`, {
      method: "post",
      contentType: "application/json",
      payload: JSON.stringify({ advanceMs: wait }),
      muteHttpExceptions: true,
    });
    if (response.getResponseCode() !== 200) throw new Error("could not move the server clock");
  };

  readonly clock: Clock = () => this.active.now();

  /** Total virtual time slept in this test. */
  get sleptMs(): number {
    return this.slept.reduce((a, b) => a + b, 0);
  }

  client(options: ClientOptions = {}): PostHogClient {
    return createPostHogClient({
      connection: {
        host: this.url,
        apiKey: options.apiKey ?? this.ph.personalApiKey,
        projectId: options.projectId ?? this.ph.projectId,
      },
      transport: this.transport,
      sleep: this.sleep,
      clock: this.clock,
      store: options.store ?? memoryStore(),
      ...(options.limits ? { limits: options.limits } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
    });
  }

  /** A new key (scopes default to `*`), with its id for revocation. */
  newKey(options: Parameters<SpawnedPostHog["control"]["createKey"]>[0] = {}): Promise<CreatedKey> {
    return this.control.createKey(options);
  }

  /** Starts counting requests (and sleeps) from now on. */
  async mark(): Promise<void> {
    this.slept.length = 0;
    this.since = await this.lastSeq();
  }

  /** The API requests the server logged since this test began (or the last mark) (control calls are not logged). */
  requests(filter: { path?: string; method?: string } = {}): Promise<LogEntry[]> {
    return this.control.requests({ since: this.since, ...filter });
  }

  /** Every API request of this file. */
  allRequests(): Promise<LogEntry[]> {
    return this.control.requests({ since: 0 });
  }

  private async lastSeq(): Promise<number> {
    const res = await fetch(`${this.url}/_control/requests?since=${Number.MAX_SAFE_INTEGER}`);
    return ((await res.json()) as { lastSeq: number }).lastSeq;
  }
}

/** Starts a kit for this file (before all), gives each test fresh services (before each), stops it after. */
export function useContract(options: KitOptions = {}): ContractKit {
  const kit = new ContractKit(options);
  beforeAll(() => kit.start());
  beforeEach(() => kit.begin());
  afterAll(() => kit.close());
  return kit;
}

/** The PostHogError `fn` throws (fails the test if it returns or throws something else). */
export function failure(fn: () => unknown): PostHogError {
  try {
    fn();
  } catch (error) {
    if (isPostHogError(error)) return error as PostHogError;
    throw error;
  }
  throw new Error("expected a PostHogError, but the call succeeded");
}

/** Orders strings by their UTF-8 bytes, as ClickHouse compares them. */
export function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/**
 * Registers a last test for the file: across every API request it made, the key is never in a URL
 * (path or query), no `token` / `api_key` / `personal_api_key` query parameter is sent, writes carry
 * no personal key in their bodies, authenticated requests name a key (so it went in the header), and
 * every `groups/find/` asks not to create a notebook.
 */
export function itKeepsTheRequestLogClean(kit: ContractKit): void {
  it("keeps the key out of every URL and body, sends no token params, and never lets find create a notebook", async () => {
    const log = await kit.allRequests();
    expect(log.length).toBeGreaterThan(0);
    const keys = [
      kit.ph.personalApiKey,
      kit.ph.readOnlyKey,
      kit.ph.otherUserKey,
      kit.ph.legacyKey,
      kit.ph.noScopesKey,
    ];
    for (const entry of log) {
      const where = `${entry.method} ${entry.path}`;
      const url = `${entry.path}?${JSON.stringify(entry.query)}`;
      expect(url, where).not.toMatch(/phx_/);
      for (const key of keys) expect(url, where).not.toContain(key);
      for (const name of ["token", "api_key", "$token", "personal_api_key"])
        expect(Object.keys(entry.query), where).not.toContain(name);
      if (entry.body !== undefined) expect(JSON.stringify(entry.body), where).not.toMatch(/phx_/);
      // Apart from refused authentication and injected faults (answered before it), every API
      // request was authenticated, by the header since the key is nowhere else.
      if (entry.path.startsWith("/api/") && entry.fault === null && entry.keyId === null)
        expect([401, 403], where).toContain(entry.status);
      if (/\/groups\/find\/?$/.test(entry.path))
        expect(entry.query.skip_create_notebook, where).toBe("true");
    }
    // The client's side: the key goes only into the authorization header of API requests.
    expect(kit.sent.length).toBeGreaterThan(0);
    for (const request of kit.sent) {
      const where = `${request.method} ${request.url}`;
      expect(request.url, where).not.toMatch(/phx_/);
      if (request.body !== undefined) expect(request.body, where).not.toMatch(/phx_/);
      const auth = request.headers.authorization;
      if (request.url.startsWith(`${kit.url}/api/`)) expect(auth, where).toMatch(/^Bearer phx_/);
      else expect(auth, where).toBeUndefined();
    }
  });
}

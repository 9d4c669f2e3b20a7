// Starts the whole playground: a PostHog (local child process, or POSTHOG_HOST), the runtime with dist/, the server.
import { type SpawnedPostHog, spawnLocalPostHog } from "../posthog-local/spawn.ts";
import { createAppsScriptRuntime } from "../runtime/index.ts";
import { seedValues } from "../runtime/spreadsheet/index.ts";
import { PlaygroundHost } from "./host.ts";
import { type PlaygroundInfo, startServer } from "./server.ts";

export const OWNER = "you@example.com";
export const DOCUMENT_ID = "playground";

export interface RemotePostHog {
  host: string;
  apiKey: string;
  projectId?: number;
}

export interface PlaygroundOptions {
  /** The playground's port (default 8010; 0: any free port). */
  port?: number;
  /** Demo companies in the local PostHog (default 2,000). */
  groups?: number;
  /** Talk to this PostHog instead of starting the local one. */
  remote?: RemotePostHog | null;
}

export interface Playground {
  url: string;
  info: PlaygroundInfo;
  /** The local PostHog (null with `remote`). */
  posthog: SpawnedPostHog | null;
  host: PlaygroundHost;
  /** What pre-connecting to the remote PostHog said (null when local). */
  connectMessage: string | null;
  close(): Promise<void>;
}

const WELCOME = [
  ["PostHog for Sheets: local playground"],
  [
    "A local stand-in of Google Sheets. The add-on's real bundle (dist/) runs in an Apps Script runtime for Node.",
  ],
  [""],
  ["1. Extensions → PostHog for Sheets → Open PostHog sidebar."],
  [
    "2. Connect: PostHog host “Self-hosted”, the URL and key printed by npm start (also in the banner above).",
  ],
  ["3. Pull data: Groups → company → Pull. Edit cells, then Push edits → Preview changes → Push."],
  [
    '4. Formulas: tick “Allow PostHog formulas” in the sidebar, then type =POSTHOG_GROUP("company", A2, "name").',
  ],
  [""],
  ["Deploy the real add-on to Google Sheets with npm run deploy (see README)."],
];

/** Starts the playground; `close` stops the server, the runtime and the local PostHog. */
export async function startPlayground(options: PlaygroundOptions = {}): Promise<Playground> {
  const remote = options.remote ?? null;
  const posthog = remote ? null : await spawnLocalPostHog({ groups: options.groups ?? 2_000 });
  const posthogUrl = remote ? remote.host.replace(/\/+$/, "") : (posthog?.url ?? "");
  const runtime = createAppsScriptRuntime({
    distDir: "dist",
    extraUrlAllowlist: [`${posthogUrl}/`],
  });
  try {
    runtime.addDocument({ id: DOCUMENT_ID, name: "Playground", owner: OWNER });
    const host = new PlaygroundHost(runtime, DOCUMENT_ID, OWNER);
    runtime.evaluate(
      'SpreadsheetApp.getActive().insertSheet("Sheet2"); SpreadsheetApp.getActive().getSheets()[0].activate();',
      {
        user: OWNER,
        documentId: DOCUMENT_ID,
      },
    );
    seedValues(runtime.store, DOCUMENT_ID, "Sheet1", "A1", WELCOME);
    runtime.run("onOpen", [{ authMode: "LIMITED" }], {
      authMode: "LIMITED",
      user: OWNER,
      documentId: DOCUMENT_ID,
    });
    let connectMessage: string | null = null;
    if (remote) {
      const connected = host.run("connect", [{ host: posthogUrl, apiKey: remote.apiKey }]);
      const project =
        remote.projectId !== undefined && connected.ok
          ? host.run("selectProject", [{ projectId: remote.projectId }])
          : connected;
      const result = (project.ok ? project.value : project) as { ok?: boolean; message?: string };
      connectMessage = result.ok ? "connected" : (result.message ?? "could not connect");
    }
    const info: PlaygroundInfo = {
      posthogUrl,
      mode: remote ? "remote" : "local",
    };
    const server = await startServer(host, info, options.port ?? 8010);
    return {
      url: server.url,
      info,
      posthog,
      host,
      connectMessage,
      async close() {
        await server.close();
        runtime.close();
        await posthog?.close();
      },
    };
  } catch (error) {
    runtime.close();
    await posthog?.close();
    throw error;
  }
}

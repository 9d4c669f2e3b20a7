// `npm start`: builds the add-on, starts the local PostHog (or uses POSTHOG_HOST) and serves the local playground.
import { startPlayground } from "../playground/start-playground.ts";
import { buildDist } from "./build.ts";

const started = Date.now();
const port = Number(process.env.PORT ?? 8010);
const host = process.env.POSTHOG_HOST;
const apiKey = process.env.POSTHOG_PERSONAL_API_KEY;
const projectId = process.env.POSTHOG_PROJECT_ID
  ? Number(process.env.POSTHOG_PROJECT_ID)
  : undefined;
const remote =
  host && apiKey ? { host, apiKey, ...(projectId === undefined ? {} : { projectId }) } : null;

const { entryPoints } = await buildDist();
console.log(`Built dist/ (${entryPoints} entry points).`);
const playground = await startPlayground({ port, remote });
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log("");
console.log(`PostHog for Sheets playground (a local stand-in of Google Sheets): ${playground.url}`);
console.log("  The add-on's real bundle runs in an Apps Script runtime for Node behind the page.");
if (playground.posthog) {
  console.log(`  Local PostHog with demo data (2,000 companies): ${playground.posthog.url}`);
  console.log("  Connect in the sidebar: PostHog host “Self-hosted”, that URL, and the key");
  console.log(
    `    ${playground.posthog.personalApiKey}   (project ${playground.posthog.projectId})`,
  );
} else {
  console.log(`  PostHog: ${playground.info.posthogUrl} (${playground.connectMessage})`);
}
console.log("  Deploy the real add-on to Google Sheets with npm run deploy (see README).");
console.log(`Started in ${seconds} s. Press Ctrl+C to stop.`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void playground.close().then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

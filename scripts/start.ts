// `npm start`: builds the add-on and runs the local PostHog with demo data until stopped (the playground comes later).
import { startLocalPostHog } from "../posthog-local/index.ts";
import { buildDist } from "./build.ts";

const port = Number(process.env.PORT ?? 8010);
const { entryPoints } = await buildDist();
const posthog = await startLocalPostHog({ port, groups: 5_000 });
console.log(
  `Built dist/ (${entryPoints} entry points): push it to Apps Script with npm run deploy.`,
);
console.log(`Local PostHog with demo data: ${posthog.url}`);
console.log(`  project ${posthog.projectId}, personal API key ${posthog.personalApiKey}`);
console.log(`  read-only key (no query:read) ${posthog.readOnlyKey}`);
console.log(
  "The local playground (a spreadsheet with the add-on's menu and sidebar) is not built yet.",
);
console.log("Press Ctrl+C to stop.");
const stop = () => void posthog.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

// Command line: `tsx posthog-local/cli.ts --port 8010 --groups 5000`; prints one JSON line with the URL and keys.
import { parseArgs } from "node:util";
import { type LocalPostHogOptions, startLocalPostHog } from "./index";

const USAGE = `Usage: posthog-local [--port 8010] [--host 127.0.0.1] [--groups 1000] [--seed 42]
  [--lag-ms 500] [--capture-delay-ms 60000] [--retry-after] [--no-throttle] [--exit-with-stdin]`;

function num(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new Error(`--${name} needs a non-negative number, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "8010" },
      host: { type: "string", default: "127.0.0.1" },
      groups: { type: "string" },
      seed: { type: "string" },
      "lag-ms": { type: "string" },
      "capture-delay-ms": { type: "string" },
      "retry-after": { type: "boolean", default: false },
      "no-throttle": { type: "boolean", default: false },
      "exit-with-stdin": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const options: LocalPostHogOptions = {
    port: num(values.port, "port") ?? 8010,
    host: values.host ?? "127.0.0.1",
  };
  const set = <K extends keyof LocalPostHogOptions>(
    k: K,
    v: LocalPostHogOptions[K] | undefined,
  ) => {
    if (v !== undefined) options[k] = v;
  };
  set("groups", num(values.groups, "groups"));
  set("seed", num(values.seed, "seed"));
  set("lagMs", num(values["lag-ms"], "lag-ms"));
  set("captureDelayMs", num(values["capture-delay-ms"], "capture-delay-ms"));
  options.throttle = {
    retryAfter: values["retry-after"] === true,
    enabled: values["no-throttle"] !== true,
  };
  const ph = await startLocalPostHog(options);
  const {
    url,
    personalApiKey,
    projectId,
    projectToken,
    readOnlyKey,
    noScopesKey,
    legacyKey,
    otherUserKey,
  } = ph;
  process.stdout.write(
    `${JSON.stringify({ url, personalApiKey, projectId, projectToken, readOnlyKey, noScopesKey, legacyKey, otherUserKey })}\n`,
  );
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    void ph.close().then(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  if (values["exit-with-stdin"]) {
    process.stdin.on("end", stop);
    process.stdin.on("error", stop);
    process.stdin.resume();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`posthog-local: ${(error as Error).message}\n`);
  process.exit(1);
});

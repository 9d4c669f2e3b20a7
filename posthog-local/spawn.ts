// Starts the local PostHog in a child process (needed when the test process's main thread blocks on a sync bridge).
import { type ChildProcess, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ControlClient } from "./control-client";
import type { LocalPostHog, LocalPostHogOptions } from "./index";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, "..");

export interface SpawnOptions
  extends Pick<LocalPostHogOptions, "groups" | "seed" | "lagMs" | "captureDelayMs" | "port"> {
  retryAfter?: boolean;
  throttle?: boolean;
  /** @default 30000 */
  startTimeoutMs?: number;
}

export type SpawnedPostHog = Omit<LocalPostHog, "control"> & {
  control: ControlClient;
  pid: number;
};

function argsFor(options: SpawnOptions): string[] {
  const args = [
    "--import",
    "tsx",
    join(HERE, "cli.ts"),
    "--port",
    String(options.port ?? 0),
    "--exit-with-stdin",
  ];
  if (options.groups !== undefined) args.push("--groups", String(options.groups));
  if (options.seed !== undefined) args.push("--seed", String(options.seed));
  if (options.lagMs !== undefined) args.push("--lag-ms", String(options.lagMs));
  if (options.captureDelayMs !== undefined)
    args.push("--capture-delay-ms", String(options.captureDelayMs));
  if (options.retryAfter) args.push("--retry-after");
  if (options.throttle === false) args.push("--no-throttle");
  return args;
}

/** Spawns `node --import tsx posthog-local/cli.ts …`, waits for its JSON line, and returns handles to it. */
export function spawnLocalPostHog(options: SpawnOptions = {}): Promise<SpawnedPostHog> {
  const child = spawn(process.execPath, argsFor(options), {
    cwd: ROOT,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    if (stderr.length > 20_000) stderr = stderr.slice(-20_000);
  });
  return new Promise((resolve, reject) => {
    let stdout = "";
    const timer = setTimeout(
      () => fail(new Error(`local PostHog did not start in time\n${stderr}`)),
      options.startTimeoutMs ?? 30_000,
    );
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(error);
    };
    child.once("exit", (code) =>
      fail(new Error(`local PostHog exited with code ${code}\n${stderr}`)),
    );
    child.stdout?.on("data", function onData(chunk: Buffer) {
      stdout += chunk.toString();
      const line = stdout.split("\n")[0];
      if (!stdout.includes("\n") || line === undefined) return;
      child.stdout?.off("data", onData);
      child.removeAllListeners("exit");
      clearTimeout(timer);
      try {
        const info = JSON.parse(line) as Omit<LocalPostHog, "control" | "close" | "port">;
        resolve({
          ...info,
          port: Number(new URL(info.url).port),
          pid: child.pid ?? -1,
          control: new ControlClient(info.url),
          close: () => stop(child),
        });
      } catch (error) {
        fail(
          new Error(`unexpected output from local PostHog: ${line}\n${(error as Error).message}`),
        );
      }
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

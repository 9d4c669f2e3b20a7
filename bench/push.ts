// The cost of pushes: 100 to 10,000 changed cells, REST and fast modes, through the real bundle and the local PostHog.
import { HttpBridge, type WireRequest } from "../runtime/http-bridge.ts";
import { seedValues, sheetValues } from "../runtime/spreadsheet/index.ts";
import { startWorld } from "../scripts/local-world.ts";
import type { PushPreview, PushProgress } from "../src/shared/push-rpc.ts";
import type { PullProgress } from "../src/shared/rpc.ts";

export interface PushRun {
  mode: "rest" | "fast";
  changes: number;
  /** Every HTTP request of the preview and the push, reads included. */
  requests: number;
  /** Requests that write: update_property, delete_property, group creates, /batch/ captures. */
  writeRequests: number;
  spreadsheetCalls: number;
  /** The preview, the start and every continuation. */
  executions: number;
  /** Most requests in any 60 s window of the runtime's clock (see `recordRequests`). */
  maxRequestsPerMinute: number;
  wallSeconds: number;
}

const SPREADSHEET_SERVICES = /^(SpreadsheetApp|Spreadsheet|Sheet|Range|DeveloperMetadata)\./;
/** Each changed group gets this many changed cells (employees and plan). */
const CELLS_PER_GROUP = 2;
const MINUTE = 60_000;

interface Sent {
  at: number;
  method: string;
  url: string;
}

/**
 * The runtime's HttpRecord has no time, and the local PostHog logs its own (real) time while the runtime sleeps
 * on a virtual clock it cannot see. So every request is stamped here with the runtime's clock (`runtime.now()`,
 * virtual sleeps included) as it goes onto the bridge: the clock the add-on's pacer keeps under 480 a minute.
 */
function recordRequests(now: () => number): { sent: Sent[]; stop(): void } {
  const sent: Sent[] = [];
  const original = HttpBridge.prototype.send;
  HttpBridge.prototype.send = function send(this: HttpBridge, batch: WireRequest[], waitMs) {
    const at = now();
    for (const r of batch) sent.push({ at, method: r.method.toUpperCase(), url: r.url });
    return original.call(this, batch, waitMs);
  };
  return {
    sent,
    stop() {
      HttpBridge.prototype.send = original;
    },
  };
}

function isWrite(r: Sent): boolean {
  const path = new URL(r.url).pathname;
  if (r.method === "GET" || path.endsWith("/query/")) return false;
  return /(update_property|delete_property)\/$|\/groups\/$|^\/batch\/?$/.test(path);
}

/** Most requests whose stamps fall in any window [t, t + 60 s). */
export function maxPerMinute(stamps: readonly number[]): number {
  const sorted = [...stamps].sort((a, b) => a - b);
  let most = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] as number) - (sorted[start] as number) >= MINUTE) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

export async function measurePushes(
  sizes: readonly number[] = [100, 1_000, 10_000],
  modes: ReadonlyArray<PushRun["mode"]> = ["rest", "fast"],
): Promise<PushRun[]> {
  // The runtime sleeps on a virtual clock that the server cannot see, so the server's own throttle is off (it
  // would count a paced hour of requests as seconds of real time and refuse them); the add-on's pacer still
  // keeps under PostHog's limits on that clock, which maxRequestsPerMinute checks.
  const world = await startWorld({ groups: 1, throttle: false });
  const recorder = recordRequests(() => world.runtime.now());
  const runs: PushRun[] = [];
  try {
    for (const changes of sizes) {
      const groups = Math.ceil(changes / CELLS_PER_GROUP);
      for (const mode of modes) {
        await retried(() => world.posthog.control.reset({ groups }));
        // Captured events reach groups after a real-time delay, which virtual sleeps never wait out.
        await retried(() => world.posthog.control.settings({ captureDelayMs: 0 }));
        // A fresh hour for the pacer's windows: runs do not share their rate budget.
        world.runtime.advanceClock(2 * 60 * MINUTE);
        const doc = `bench-push-${mode}-${changes}`;
        world.openDocument(doc);
        world.connect();
        let pull = world.ok<PullProgress>("startPull", { entity: "groups", groupTypeIndex: 0 });
        while (pull.status === "running")
          pull = world.ok<PullProgress>("continuePull", { jobId: pull.jobId });
        editCells(world.runtime.store, doc, pull.sheetName, changes);

        world.runtime.resetCounts();
        recorder.sent.length = 0;
        const started = performance.now();
        const preview = world.ok<PushPreview>("previewPush");
        if (preview.counts.sets !== changes)
          throw new Error(`${mode} preview of ${changes} changes shows ${preview.counts.sets}`);
        let executions = 2;
        let progress = world.ok<PushProgress>("startPush", { previewId: preview.previewId, mode });
        while (progress.status === "running") {
          executions++;
          progress = world.ok<PushProgress>("continuePush", { jobId: progress.jobId });
        }
        const wallSeconds = (performance.now() - started) / 1000;
        if (progress.sent !== changes)
          throw new Error(`${mode} push of ${changes} changes sent ${progress.sent}`);
        const counts = world.runtime.counts();
        const run: PushRun = {
          mode,
          changes,
          requests: recorder.sent.length,
          writeRequests: recorder.sent.filter(isWrite).length,
          spreadsheetCalls: Object.entries(counts)
            .filter(([name]) => SPREADSHEET_SERVICES.test(name))
            .reduce((sum, [, n]) => sum + n, 0),
          executions,
          maxRequestsPerMinute: maxPerMinute(recorder.sent.map((s) => s.at)),
          wallSeconds,
        };
        check(run);
        runs.push(run);
      }
    }
    return runs;
  } finally {
    recorder.stop();
    await world.close();
  }
}

/**
 * A control call once more if its socket was closed: the runtime blocks this thread through a long push, the
 * server drops the idle keep-alive connection meanwhile, and the next fetch may pick that dead socket.
 */
async function retried<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch {
    return call();
  }
}

/** The promises of issue 5: REST one write per change under 480 a minute; fast at least 500 changes a write. */
function check(run: PushRun): void {
  if (run.mode === "rest") {
    if (run.writeRequests !== run.changes)
      throw new Error(`rest: ${run.writeRequests} writes for ${run.changes} changes`);
    if (run.maxRequestsPerMinute > 480)
      throw new Error(`rest: ${run.maxRequestsPerMinute} requests in one minute`);
  } else if (run.changes / run.writeRequests < Math.min(500, run.changes)) {
    throw new Error(`fast: ${run.writeRequests} write requests for ${run.changes} changes`);
  }
}

/** Changes `employees` and `plan` of the first rows, as a person pasting two columns would. */
function editCells(
  store: Parameters<typeof sheetValues>[0],
  doc: string,
  sheet: string,
  changes: number,
): void {
  const grid = sheetValues(store, doc, sheet);
  const header = (grid[0] ?? []).map(String);
  const rows = grid.length - 1;
  const perColumn = [Math.ceil(changes / 2), Math.floor(changes / 2)];
  ["employees", "plan"].forEach((name, c) => {
    const at = header.indexOf(name);
    const count = perColumn[c] as number;
    if (at < 0 || count > rows)
      throw new Error(`bench sheet has no room for ${count} ${name} edits`);
    const values = Array.from({ length: count }, (_, i) =>
      name === "employees" ? [String(1_000_000 + i)] : [`'bench-plan-${i}`],
    );
    seedValues(store, doc, sheet, `${columnLetter(at)}2`, values);
  });
}

function columnLetter(c: number): string {
  let s = "";
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26))
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

// What a push needs and what it remembers between executions: its dependencies and the job in document properties.
import type { PostHogClient } from "../../api";
import type { Clock } from "../../api/transport";
import type { KeyValueStore } from "../../platform/ports";
import type { Workbook } from "../../sheets/workbook";
import type { DocumentProject } from "../connect/settings";

const JOB_KEY = "posthog.pushJob";

export interface PushDeps {
  workbook: Workbook;
  /** Document properties: the job's state and the preview. */
  jobs: KeyValueStore;
  /** Reads (with the client's retries). */
  client: PostHogClient;
  /** Writes: the same key with no automatic retries, so no write is ever sent twice unseen. */
  writer: PostHogClient;
  project: DocumentProject;
  clock: Clock;
  sleep: (ms: number) => void;
  newId: () => string;
  budgetMs: number;
  /** Who pushes, for the log ("you" when the add-on cannot know without another scope). */
  who: string;
}

export interface PushJob {
  id: string;
  sheetId: number;
  queueSheetId: number;
  origin: "sheet" | "undo";
  mode: "rest" | "fast";
  overwrite: boolean;
  total: number;
  groupTypeIndex: number;
  phase: "check" | "send" | "confirm";
  /** Queue indices of the batch on the wire: if the execution dies, their outcome is unknown. */
  inflight: number[] | null;
  confirmRounds: number;
  startedAt: string;
}

export function loadPush(jobs: KeyValueStore): PushJob | null {
  const text = jobs.get(JOB_KEY);
  return text ? (JSON.parse(text) as PushJob) : null;
}

export function savePush(jobs: KeyValueStore, job: PushJob): void {
  jobs.put(JOB_KEY, JSON.stringify(job));
}

export function forgetPush(jobs: KeyValueStore): void {
  jobs.remove(JOB_KEY);
}

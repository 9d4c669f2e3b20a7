// The dependencies of a pull (src/features/pull/pull-job.ts) over the fakes: workbook, job store, client, clock.
import type { PullDeps } from "../../src/features/pull/pull-job.ts";
import type { CellValue } from "../../src/sheets/cells.ts";
import { fakeClock } from "./fake-clock.ts";
import { FAKE_PROJECT, type FakePostHog, fakeClient, fakePostHog } from "./fake-posthog.ts";
import { memoryStore } from "./memory-store.ts";
import { type MemoryWorkbook, memoryWorkbook } from "./memory-workbook.ts";

export const COMPANY = {
  group_type: "company",
  group_type_index: 0,
  name_singular: "company",
  name_plural: "companies",
};

/** A fake PostHog with `n` companies c0000…, each with a name and a plan. */
export function companies(n: number): FakePostHog {
  const fake = fakePostHog();
  fake.types = [COMPANY];
  fake.addGroups(
    0,
    Array.from({ length: n }, (_, i) => ({
      key: `c${String(i).padStart(4, "0")}`,
      properties: { name: `Company ${i}`, plan: i % 2 ? "pro" : "free" },
    })),
  );
  return fake;
}

export interface PullWorld {
  fake: FakePostHog;
  workbook: MemoryWorkbook;
  jobs: ReturnType<typeof memoryStore>;
  time: ReturnType<typeof fakeClock>;
  /** Fresh deps, as a new execution builds them (a new client over the same PostHog, store and workbook). */
  deps(overrides?: Partial<PullDeps>): PullDeps;
}

/** Every request to the fake PostHog costs `msPerRequest` of the fake clock, so time budgets cut chunks. */
export function pullWorld(
  fake: FakePostHog,
  options: {
    canQuery?: boolean;
    msPerRequest?: number;
    budgetMs?: number;
    sheets?: Record<string, CellValue[][]>;
  } = {},
): PullWorld {
  const workbook = memoryWorkbook(options.sheets ?? {});
  const jobs = memoryStore();
  const time = fakeClock();
  let ids = 0;
  return {
    fake,
    workbook,
    jobs,
    time,
    deps: (overrides = {}) => ({
      workbook,
      jobs,
      client: fakeClient(fake, { clock: time, msPerRequest: options.msPerRequest ?? 0 }).client,
      project: {
        host: "us",
        projectId: FAKE_PROJECT,
        projectName: "Fake",
        canQuery: options.canQuery ?? true,
      },
      clock: time.now,
      newId: () => `j${++ids}`,
      budgetMs: options.budgetMs ?? 60_000,
      ...overrides,
    }),
  };
}

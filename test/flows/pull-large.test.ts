// A 50,000-group pull spans several executions, survives an interruption, and writes each group exactly once.
import { afterAll, beforeAll, expect, it } from "vitest";
import { sheetValues } from "../../runtime/spreadsheet/index.ts";
import { DOC, startWorld, type World } from "../../scripts/local-world.ts";
import { PROBE_ROWS } from "../../src/features/pull/query-pages.ts";
import type { PullProgress } from "../../src/shared/rpc.ts";

const GROUPS = 50_000;
let world: World;
beforeAll(async () => {
  world = await startWorld({ groups: GROUPS });
  world.connect();
  // Developer settings: one query page per execution, at most 10,000 rows, so the pull needs several.
  world.runtime.properties.script.set("posthog.pullBudgetMs", "1");
  world.runtime.properties.script.set("posthog.queryPageSize", "10000");
}, 120_000);
afterAll(() => world.close());

it("pulls 50,000 groups over several executions and resumes after one is cut off", async () => {
  world.runtime.evaluate(
    "SpreadsheetApp.getActiveSpreadsheet().insertSheet('My notes').activate()",
    {
      documentId: DOC,
    },
  );
  const executions: PullProgress[] = [
    world.ok<PullProgress>("startPull", { entity: "groups", groupTypeIndex: 0 }),
  ];
  // The first page is the small probe that measures the rows; the next ones are as large as allowed.
  expect(executions[0]).toMatchObject({ status: "running", rows: PROBE_ROWS, totalRows: GROUPS });
  // The new sheet and the hidden staging sheet do not pull the person away from the sheet they are on.
  const activeSheet = () =>
    world.runtime.evaluate("SpreadsheetApp.getActiveSheet().getName()", { documentId: DOC });
  expect(activeSheet()).toBe("My notes");
  executions.push(world.ok<PullProgress>("continuePull", { jobId: executions[0]?.jobId }));

  // PostHog stops answering mid-pull: the execution fails, and the job waits where it was.
  await world.posthog.control.addFault({ path: "query", kind: "destroy", count: null });
  const failed = world.call<PullProgress>("continuePull", { jobId: executions[0]?.jobId });
  expect(failed).toMatchObject({ ok: false, code: "network" });
  expect(world.ok<PullProgress | null>("currentPull")).toMatchObject({
    status: "running",
    rows: PROBE_ROWS + 10_000,
  });
  await world.posthog.control.clearFaults();

  let progress = world.ok<PullProgress>("continuePull", { jobId: executions[0]?.jobId });
  while (progress.status === "running") {
    executions.push(progress);
    progress = world.ok<PullProgress>("continuePull", { jobId: progress.jobId });
  }
  expect(progress).toMatchObject({ status: "done", rows: GROUPS });
  expect(executions.length).toBeGreaterThanOrEqual(4);

  expect(activeSheet()).toBe(progress.sheetName);
  const grid = sheetValues(world.runtime.store, DOC, progress.sheetName);
  expect(grid).toHaveLength(GROUPS + 1);
  const keys = new Set(grid.slice(1).map((row) => String(row[0])));
  expect(keys.size).toBe(GROUPS);
  expect(world.ok("currentPull")).toBeNull();
}, 300_000);

// A pull as a resumable job, without the runtime: chunks under a fake clock, a staging sheet then one write,
// resuming from the saved cursor in a new execution, the empty lookup, and the size guard.
import { describe, expect, it } from "vitest";
import {
  continuePull,
  currentPull,
  refreshSheet,
  startPull,
} from "../../../src/features/pull/pull-job.ts";
import { UserFacingError } from "../../../src/shared/failures.ts";
import { companies, pullWorld } from "../../fakes/pull-deps.ts";

const GROUPS = { entity: "groups", groupTypeIndex: 0 } as const;
const JOB_KEY = "posthog.pullJob";

/** The `after` value of each keyset query sent (count queries have none). */
function afters(fake: ReturnType<typeof companies>): string[] {
  return fake.requests
    .filter((r) => r.url.endsWith("/query/"))
    .map((r) => JSON.parse(r.body ?? "{}").query.values.after)
    .filter((a): a is string => typeof a === "string");
}

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof UserFacingError) return error.code;
    throw error;
  }
  throw new Error("expected a UserFacingError");
}

describe("startPull and continuePull", () => {
  it("stages pages chunk by chunk within the time budget, then writes the sheet once", () => {
    // Each request costs 1 s of the fake clock and a chunk may run 2.5 s: a few pages a chunk.
    const world = pullWorld(companies(250), { msPerRequest: 1_000, budgetMs: 2_500 });
    const deps = world.deps({ source: { queryPageSize: 50 } });
    let progress = startPull(deps, GROUPS);
    expect(progress.status).toBe("running");
    expect(progress.totalRows).toBe(250);
    const target = world.workbook.sheet("Companies");
    const stagingName = world.workbook
      .sheets()
      .map((s) => s.name())
      .find((name) => name.startsWith("PostHog staging"));
    const staging = world.workbook.sheet(stagingName ?? "");
    expect(staging.hidden).toBe(true);
    // Nothing visible yet: the pages wait in the hidden staging sheet.
    expect(target.values()).toEqual([]);
    expect(progress.rows).toBeGreaterThan(0);
    expect(progress.rows).toBeLessThan(250);
    let chunks = 1;
    while (progress.status === "running") {
      progress = continuePull(world.deps({ source: { queryPageSize: 50 } }), progress.jobId);
      chunks++;
    }
    expect(chunks).toBeGreaterThan(1);
    expect(progress).toMatchObject({ status: "done", rows: 250, totalRows: 250 });
    const values = target.values();
    expect(values[0]).toEqual(["group_key", "created_at", "name", "plan"]);
    expect(values).toHaveLength(251);
    // The time arrives as a date cell.
    expect(values[1]).toEqual(["c0000", new Date("2026-01-01T00:00:00Z"), "Company 0", "free"]);
    expect(values[250]?.[0]).toBe("c0249");
    // One write of the visible sheet; the staging sheet became its snapshot; the job is gone.
    expect(world.workbook.calls.get("sheet.replaceAll")).toBe(1);
    expect(staging.name()).toBe(`PostHog snapshot ${target.id}`);
    expect(world.jobs.data.has(JOB_KEY)).toBe(false);
    expect(currentPull(world.deps())).toBeNull();
    // One count, then 5 keyset pages of 50 and the empty page that proves the end.
    expect(world.fake.count("POST query")).toBe(1 + 6);
  });

  it("a new execution resumes from the saved cursor: no page is read twice, no row doubled", () => {
    const world = pullWorld(companies(120), { msPerRequest: 1_000, budgetMs: 1 });
    const first = startPull(world.deps({ source: { queryPageSize: 40 } }), GROUPS);
    expect(first.status).toBe("running");
    // The first page came with the start; a chunk reads at least one page more.
    expect(first.rows).toBe(80);
    const saved = JSON.parse(world.jobs.data.get(JOB_KEY) ?? "{}");
    expect(saved.cursor).toBe("c0079");
    // The sidebar asks where the pull is, then continues it from a fresh execution.
    expect(currentPull(world.deps())).toMatchObject({ jobId: first.jobId, rows: 80 });
    let progress = first;
    while (progress.status === "running")
      progress = continuePull(world.deps({ source: { queryPageSize: 40 } }), progress.jobId);
    expect(afters(world.fake)).toEqual(["", "c0039", "c0079", "c0119"]);
    const keys = world.workbook
      .sheet("Companies")
      .values()
      .slice(1)
      .map((r) => r[0]);
    expect(keys).toHaveLength(120);
    expect(new Set(keys).size).toBe(120);
  });

  it("without query:read it reads the REST list, with the hint once per document", () => {
    const fake = companies(150);
    fake.query = false;
    const world = pullWorld(fake, { canQuery: false });
    const progress = startPull(world.deps(), GROUPS);
    expect(progress).toMatchObject({ status: "done", rows: 150 });
    expect(progress.hint).toMatch(/query:read/);
    expect(fake.count("GET groups")).toBe(2);
    expect(fake.count("POST query")).toBe(0);
    const again = startPull(world.deps(), { ...GROUPS, search: "Company 1" });
    expect(again.hint).toBeUndefined();
  });

  it("a 402 from the query API switches the pull to the REST list with a note", () => {
    const fake = companies(30);
    fake.query = "quota";
    const world = pullWorld(fake);
    const progress = startPull(world.deps(), GROUPS);
    expect(progress).toMatchObject({ status: "done", rows: 30 });
    expect(progress.hint).toMatch(/query allowance/);
    expect(fake.count("GET groups")).toBe(1);
  });

  it("refuses a second pull while one is running, and lets go of one abandoned for an hour", () => {
    const world = pullWorld(companies(100), { msPerRequest: 1_000, budgetMs: 1 });
    const deps = world.deps({ source: { queryPageSize: 10 } });
    startPull(deps, GROUPS);
    expect(codeOf(() => startPull(deps, { entity: "cohorts" }))).toBe("pull_running");
    world.time.advance(61 * 60_000);
    world.fake.cohorts = [];
    startPull(deps, { entity: "cohorts" });
    // The abandoned job's sheets went with it.
    const cohorts = world.workbook.sheet("Cohorts");
    expect(world.workbook.sheets().map((s) => s.name())).toEqual([
      "Cohorts",
      `PostHog snapshot ${cohorts.id}`,
    ]);
  });

  it("an unknown job id is refused", () => {
    const world = pullWorld(companies(1));
    expect(codeOf(() => continuePull(world.deps(), "nope"))).toBe("no_such_pull");
  });
});

describe("a lookup that found nothing (pull-empty.ts)", () => {
  it("says nothing matched and leaves no sheet behind", () => {
    const world = pullWorld(companies(20));
    let message = "";
    try {
      startPull(world.deps(), { ...GROUPS, search: "zzz" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Nothing matched “zzz” among companies\./);
    expect(world.workbook.sheets()).toEqual([]);
    expect(world.jobs.data.has(JOB_KEY)).toBe(false);
  });

  it("an empty list that is not a lookup still makes its sheet, with headers", () => {
    const world = pullWorld(companies(0));
    const progress = startPull(world.deps(), { entity: "cohorts" });
    expect(progress).toMatchObject({ status: "done", rows: 0 });
    expect(world.workbook.sheet("Cohorts").values()[0]?.[0]).toBe("id");
  });
});

describe("the size guard", () => {
  it("refuses before any page is read or sheet made when the count says the pull cannot fit", () => {
    // 9,990,000 cells already: a new sheet and its snapshot (26,000 cells each) do not fit.
    const big = pullWorld(companies(10));
    big.workbook.insert("Big");
    big.workbook.sheet("Big").insertColumns(26, 9_990 - 26); // 1,000 rows × 9,990 columns
    const calls = big.workbook.calls.get("workbook.insert");
    expect(codeOf(() => startPull(big.deps(), GROUPS))).toBe("too_many_cells");
    expect(big.fake.count("POST query")).toBe(1); // the count only
    expect(big.workbook.calls.get("workbook.insert")).toBe(calls);
    expect(big.workbook.sheets().map((s) => s.name())).toEqual(["Big"]);
  });

  it("stops cleanly mid-pull when the pages outgrow the room, removing what the job made", () => {
    // Without a count the size is learnt page by page: room for 1,000 rows, not 1,100.
    const fake = companies(1_200);
    fake.query = false;
    const world = pullWorld(fake, { canQuery: false });
    world.workbook.insert("Big");
    world.workbook.sheet("Big").insertColumns(26, 9_947 - 26); // 9,947,000 cells: 1,000 to spare
    expect(codeOf(() => startPull(world.deps({ source: { restPagesPerFetch: 1 } }), GROUPS))).toBe(
      "too_many_cells",
    );
    expect(fake.count("GET groups")).toBe(11);
    expect(world.workbook.sheets().map((s) => s.name())).toEqual(["Big"]);
    expect(world.jobs.data.has(JOB_KEY)).toBe(false);
  });
});

describe("refreshSheet", () => {
  it("pulling the same request again refreshes its sheet instead of making another", () => {
    const world = pullWorld(companies(3));
    startPull(world.deps(), GROUPS);
    world.fake.addGroups(0, [{ key: "c0100", properties: { name: "Late" } }]);
    const progress = startPull(world.deps(), GROUPS);
    expect(progress).toMatchObject({ status: "done", sheetName: "Companies", rows: 4 });
    expect(world.workbook.sheets()).toHaveLength(2);
    expect(world.workbook.sheet("Companies").values()).toHaveLength(5);
  });

  it("refuses a sheet the add-on did not pull, one whose snapshot is gone, and one of another project", () => {
    const world = pullWorld(companies(3));
    world.workbook.insert("Mine");
    expect(codeOf(() => refreshSheet(world.deps(), world.workbook.sheet("Mine")))).toBe(
      "not_a_pulled_sheet",
    );
    expect(codeOf(() => refreshSheet(world.deps(), null))).toBe("not_a_pulled_sheet");
    startPull(world.deps(), GROUPS);
    const sheet = world.workbook.sheet("Companies");
    const other = world.deps();
    expect(
      codeOf(() => refreshSheet({ ...other, project: { ...other.project, projectId: 7 } }, sheet)),
    ).toBe("other_project");
    world.workbook.remove(world.workbook.sheet(`PostHog snapshot ${sheet.id}`));
    expect(codeOf(() => refreshSheet(world.deps(), sheet))).toBe("no_snapshot");
    expect(world.fake.count("GET groups_types")).toBe(1);
  });
});

// Refreshing pulled sheets without the runtime: the person's own columns stay by their key, rows of keys gone
// from PostHog go, unpushed edits stop the refresh, and the service calls are counted on the memory workbook.
import { describe, expect, it } from "vitest";
import { refreshSheet, startPull } from "../../../src/features/pull/pull-job.ts";
import { describeReport, refreshAll, runUntil } from "../../../src/features/refresh/refresh.ts";
import { companies, type PullWorld, pullWorld } from "../../fakes/pull-deps.ts";

const GROUPS = { entity: "groups", groupTypeIndex: 0 } as const;

/** A pulled "Companies" sheet of `n` groups, with the person's own "notes" column typed beside it. */
function pulled(n: number, options: Parameters<typeof pullWorld>[1] = {}): PullWorld {
  const world = pullWorld(companies(n), options);
  startPull(world.deps(), GROUPS);
  const sheet = world.workbook.sheet("Companies");
  sheet.type(
    1,
    5,
    sheet.values().map((row, i) => [i === 0 ? "notes" : `note on ${String(row[0])}`]),
  );
  return world;
}

const byKey = (rows: unknown[][]) => new Map(rows.slice(1).map((r) => [r[0], r]));

describe("refreshAll", () => {
  it("keeps the person's column by key, removes rows of keys gone, updates values, adds new keys", () => {
    const world = pulled(6);
    const groups = world.fake.groups.get(0) ?? [];
    world.fake.groups.set(
      0,
      groups.filter((g) => g.key !== "c0001" && g.key !== "c0004"),
    );
    const c2 = groups.find((g) => g.key === "c0002");
    if (c2) c2.properties = { ...c2.properties, plan: "enterprise" };
    world.fake.addGroups(0, [{ key: "c0009", properties: { name: "New", plan: "free" } }]);
    world.workbook.calls.clear();
    const before = world.fake.requests.length;

    const report = refreshAll(world.deps(), world.time.now() + 60_000);

    expect(report).toEqual({ refreshed: ["Companies"], skipped: [], unfinished: null });
    const values = world.workbook.sheet("Companies").values();
    expect(values[0]).toEqual(["group_key", "created_at", "name", "plan", "notes"]);
    const rows = byKey(values);
    expect([...rows.keys()]).toEqual(["c0000", "c0002", "c0003", "c0005", "c0009"]);
    expect(rows.get("c0002")?.slice(3)).toEqual(["enterprise", "note on c0002"]);
    expect(rows.get("c0005")?.[4]).toBe("note on c0005");
    expect(rows.get("c0009")?.slice(2)).toEqual(["New", "free", ""]);
    // The fewest changes: the two rows deleted, never the whole sheet rewritten.
    expect(world.workbook.calls.get("sheet.replaceAll") ?? 0).toBe(0);
    expect(world.workbook.calls.get("sheet.deleteRows")).toBeGreaterThanOrEqual(1);
    expect(world.workbook.calls.get("sheet.deleteRows")).toBeLessThanOrEqual(2);
    // Reads of the visible sheet: the edit check and the final plan, not one per row.
    expect(world.workbook.calls.get("sheet.read")).toBeLessThanOrEqual(4);
    expect(world.workbook.totalCalls()).toBeLessThanOrEqual(45); // 42 measured
    // PostHog: the group types, one count and one keyset page.
    expect(world.fake.requests.length - before).toBe(3);
  });

  it("leaves a sheet with unpushed edits as it is, and says why", () => {
    const world = pulled(4);
    const sheet = world.workbook.sheet("Companies");
    sheet.type(3, 4, [["enterprise"]]); // the plan of c0001, not pushed
    world.fake.groups.set(0, []);
    const report = refreshAll(world.deps(), world.time.now() + 60_000);
    expect(report.refreshed).toEqual([]);
    expect(report.skipped).toEqual([
      {
        sheet: "Companies",
        reason: expect.stringMatching(/1 changed cell and 0 new rows not pushed/),
      },
    ]);
    expect(sheet.values()).toHaveLength(5);
    expect(sheet.values()[2]?.[3]).toBe("enterprise");
    // refreshSheet with discardEdits takes PostHog's side.
    refreshSheet(world.deps(), sheet, true);
    expect(sheet.values().slice(1)).toEqual([]);
  });

  it("a sheet not reached before the deadline waits for the next run", () => {
    const world = pulled(3);
    const report = refreshAll(world.deps(), world.time.now());
    expect(report.skipped).toEqual([
      { sheet: "Companies", reason: "no time left in this run; it is refreshed next time" },
    ]);
  });

  it("a refresh that outlasts the deadline is reported unfinished, and the next run finishes it", () => {
    const world = pulled(100, { msPerRequest: 1_000 });
    const deps = world.deps({ source: { queryPageSize: 20 } });
    const first = refreshAll(deps, world.time.now() + 3_000);
    expect(first.unfinished).toBe("Companies");
    const second = refreshAll(deps, world.time.now() + 60_000);
    expect(second).toEqual({ refreshed: ["Companies"], skipped: [], unfinished: null });
    expect(byKey(world.workbook.sheet("Companies").values()).size).toBe(100);
  });

  it("only the sheets asked for, and add-on sheets only", () => {
    const world = pulled(2);
    world.workbook.insert("Mine");
    const report = refreshAll(world.deps(), world.time.now() + 60_000, (s) => s.name() === "Mine");
    expect(report).toEqual({ refreshed: [], skipped: [], unfinished: null });
  });
});

describe("runUntil", () => {
  it("continues a job chunk by chunk within each chunk's own budget until done", () => {
    const world = pullWorld(companies(60), { msPerRequest: 1_000, budgetMs: 1 });
    let chunks = 0;
    const progress = runUntil(
      world.deps({ source: { queryPageSize: 10 } }),
      (d) => {
        chunks++;
        return startPull(d, GROUPS);
      },
      world.time.now() + 60_000,
    );
    expect(chunks).toBe(1);
    expect(progress).toMatchObject({ status: "done", rows: 60 });
  });
});

describe("describeReport", () => {
  it("says what was refreshed, skipped and unfinished, and refuses an empty report", () => {
    expect(
      describeReport({
        refreshed: ["A", "B"],
        skipped: [{ sheet: "C", reason: "gone" }],
        unfinished: "D",
      }),
    ).toBe(
      "Refreshed: A, B.\nNot refreshed: C: gone\nStill refreshing D: open the PostHog sidebar to let it finish.",
    );
    expect(() => describeReport({ refreshed: [], skipped: [], unfinished: null })).toThrow(
      /No sheet here was pulled/,
    );
  });
});

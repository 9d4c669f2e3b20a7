// A declared column across refreshes: it stays the person's (formulas and all), stays declared, never becomes a
// pulled column even once PostHog has its property, and its PostHog values reach the snapshot for the next diff.
import { describe, expect, it } from "vitest";
import { refreshSheet, startPull } from "../../../src/features/pull/pull-job.ts";
import { declareColumn } from "../../../src/features/push/declare.ts";
import { readSheetDiff } from "../../../src/features/push/preview.ts";
import type { PullRequest } from "../../../src/shared/rpc.ts";
import { readMeta } from "../../../src/sheets/sheet-meta.ts";
import { readSnapshot } from "../../../src/sheets/snapshot.ts";
import { companies, pullWorld } from "../../fakes/pull-deps.ts";

/** Four companies pulled, a "health" formula column of the person's own declared as `health_score`. */
function declared(request: PullRequest) {
  const world = pullWorld(companies(4));
  startPull(world.deps(), request);
  const sheet = world.workbook.sheet("Companies");
  const width = sheet.values()[0]?.length ?? 0;
  sheet.type(1, width + 1, [["health"]]);
  for (let r = 2; r <= 5; r++) sheet.typeFormula(r, width + 1, `=LEN(C${r})*10`, r * 10);
  declareColumn(world.workbook, { header: "health", property: "health_score" });
  return { world, sheet, at: width };
}

/** PostHog now holds the values the column sends (as after a push). */
function pushedBehind(world: ReturnType<typeof declared>["world"]): void {
  for (const group of world.fake.groups.get(0) ?? []) {
    const r = Number(group.key.slice(1)) + 2;
    group.properties = { ...group.properties, health_score: r * 10 };
  }
}

describe("a refresh of a sheet with a declared column", () => {
  const requests: Array<[string, PullRequest]> = [
    ["every property", { entity: "groups", groupTypeIndex: 0 }],
    ["chosen columns", { entity: "groups", groupTypeIndex: 0, columns: ["name"] }],
  ];
  for (const [what, request] of requests) {
    it(`keeps it the person's and declared, with PostHog's values in the snapshot (${what})`, () => {
      const { world, sheet, at } = declared(request);
      const header = sheet.values()[0];
      pushedBehind(world);
      refreshSheet(world.deps(), sheet);
      // No pulled column for health_score: the person's column keeps its header, formulas and values.
      expect(sheet.values()[0]).toEqual(header);
      expect(
        sheet
          .read()
          .formulas.slice(1)
          .map((r) => r[at]),
      ).toEqual(["=LEN(C2)*10", "=LEN(C3)*10", "=LEN(C4)*10", "=LEN(C5)*10"]);
      const meta = readMeta(world.workbook, sheet);
      expect(meta?.declared).toEqual([{ header: "health", property: "health_score" }]);
      expect(meta?.columns.map((c) => c.property)).not.toContain("health_score");
      const snapshot = readSnapshot(world.workbook.sheet(meta?.snapshotSheet ?? "").read().values);
      expect(snapshot.map((r) => r.properties.health_score)).toEqual([20, 30, 40, 50]);
      // The sheet computes what PostHog has: nothing to send.
      expect(readSheetDiff(world.workbook, sheet, {}).diff.items).toEqual([]);
      // A second refresh keeps it all the same.
      refreshSheet(world.deps(), sheet);
      expect(sheet.values()[0]).toEqual(header);
      expect(readMeta(world.workbook, sheet)?.declared).toHaveLength(1);
    });
  }

  it("refreshes over unpushed values of a declared column without asking: a refresh never writes them", () => {
    const { world, sheet } = declared({ entity: "groups", groupTypeIndex: 0 });
    expect(readSheetDiff(world.workbook, sheet, {}).diff.items).toHaveLength(4);
    expect(() => refreshSheet(world.deps(), sheet)).not.toThrow();
    expect(readSheetDiff(world.workbook, sheet, {}).diff.items).toHaveLength(4);
  });
});

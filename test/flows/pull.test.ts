// Pulling PostHog data into sheets through the real bundle against the local PostHog.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  seedValues,
  sheetFormulas,
  sheetNames,
  sheetValues,
} from "../../runtime/spreadsheet/index.ts";
import { DOC, OWNER, startWorld, type World } from "../../scripts/local-world.ts";
import type { PullProgress } from "../../src/shared/rpc.ts";
import { columnLetter } from "./sheet-kit.ts";

const GROUPS = 300;
let world: World;
beforeAll(async () => {
  world = await startWorld({ groups: GROUPS });
  world.connect();
});
afterAll(() => world.close());

const values = (sheet: string) => sheetValues(world.runtime.store, DOC, sheet);
const formulas = (sheet: string) => sheetFormulas(world.runtime.store, DOC, sheet);

function pull(request: unknown): PullProgress {
  let progress = world.ok<PullProgress>("startPull", request);
  while (progress.status === "running")
    progress = world.ok<PullProgress>("continuePull", { jobId: progress.jobId });
  return progress;
}

describe("pulling groups", () => {
  let sheet: string;
  it("lands in a sheet named for the group type, with the key and creation time first", () => {
    const done = pull({ entity: "groups", groupTypeIndex: 0 });
    sheet = done.sheetName;
    expect(done).toMatchObject({ status: "done", rows: GROUPS });
    const grid = values(sheet);
    expect(grid[0]?.slice(0, 2)).toEqual(["group_key", "created_at"]);
    expect(grid).toHaveLength(GROUPS + 1);
    expect(grid[1]?.[1]).toBeInstanceOf(Date);
  });

  it("keeps formula-like and leading-zero strings as text", () => {
    expect(
      formulas(sheet)
        .flat()
        .filter((f) => f !== ""),
    ).toEqual([]);
    const cells = values(sheet).flat();
    const strings = cells.filter((c): c is string => typeof c === "string");
    expect(strings.some((s) => /^[=+\-@]/.test(s))).toBe(true);
    expect(strings.some((s) => /^0\d+$/.test(s))).toBe(true);
  });

  it("keeps the key out of every cell, note, log and property but the user's own", () => {
    const key = world.posthog.personalApiKey;
    for (const name of sheetNames(world.runtime.store, DOC)) {
      expect(JSON.stringify(values(name)), name).not.toContain(key);
    }
    expect(world.runtime.logs.join("\n")).not.toContain(key);
    expect(JSON.stringify([...world.runtime.properties.document(DOC)])).not.toContain(key);
    expect(JSON.stringify([...world.runtime.properties.script])).not.toContain(key);
    expect(JSON.stringify([...world.runtime.properties.user(OWNER).entries()])).toContain(key);
  });

  it("keeps the person's own columns and formulas on their rows when refreshing", () => {
    const grid = values(sheet);
    const width = grid[0]?.length ?? 0;
    const key = String(grid[5]?.[0]);
    seedValues(world.runtime.store, DOC, sheet, `${columnLetter(width + 1)}1`, [
      ["Notes"],
      ...grid.slice(1).map((row) => [row[0] === key ? "call back" : ""]),
    ]);
    seedValues(world.runtime.store, DOC, sheet, `${columnLetter(width + 2)}6`, [["=1+1"]]);
    const done = world.ok<PullProgress>("refreshActiveSheet");
    expect(done.status).toBe("done");
    const after = values(sheet);
    const notesAt = after[0]?.indexOf("Notes") ?? -1;
    expect(notesAt).toBeGreaterThan(1);
    const row = after.findIndex((r) => String(r[0]) === key);
    expect(after[row]?.[notesAt]).toBe("call back");
    expect(formulas(sheet).flat()).toContain("=1+1");
  });

  it("refuses to refresh over edits not pushed yet, and says how to go on", () => {
    const grid = values(sheet);
    const at = (grid[0] ?? []).findIndex(
      (h) => h !== "group_key" && h !== "created_at" && h !== "Notes",
    );
    seedValues(world.runtime.store, DOC, sheet, `${columnLetter(at + 1)}3`, [["'edited by hand"]]);
    const refused = world.call("refreshActiveSheet");
    expect(refused).toMatchObject({ ok: false, code: "unpushed_edits" });
    expect(refused.ok ? "" : refused.message).toContain(
      "has 1 changed cell and 0 new rows not pushed to PostHog yet.",
    );
    expect(world.ok<PullProgress>("refreshActiveSheet", { discardEdits: true }).status).toBe(
      "done",
    );
    expect(values(sheet)[2]?.[at]).not.toBe("edited by hand");
  });
});

describe("pulling every other kind", () => {
  it.each([
    [{ entity: "group_types" }, "group_type"],
    [{ entity: "metrics", groupTypeIndex: 0 }, "math"],
    [{ entity: "cohorts" }, "is_static"],
    [{ entity: "property_definitions", groupTypeIndex: 0 }, "property_type"],
  ])("%j lands in its own sheet", (request, header) => {
    const done = pull(request);
    expect(done.status).toBe("done");
    expect(values(done.sheetName)[0]).toContain(header);
    expect(done.rows).toBeGreaterThan(0);
  });

  it("pulls a cohort's members and a group's related groups and activity", () => {
    const cohorts = world.ok<Array<{ id: number; count: number | null }>>("listCohorts");
    const cohort = cohorts.find((c) => (c.count ?? 0) > 0) ?? cohorts[0];
    const members = pull({ entity: "cohort_members", cohortId: cohort?.id });
    expect(values(members.sheetName)[0]?.[0]).toBe("person_uuid");
    const companies = values("Companies");
    const key = String(companies[1]?.[0]);
    expect(pull({ entity: "related", groupTypeIndex: 0, groupKey: key }).status).toBe("done");
    expect(pull({ entity: "activity", groupTypeIndex: 0, groupKey: key }).status).toBe("done");
  });

  it("says nothing matched a search, by the search field, and makes no sheet", () => {
    const before = sheetNames(world.runtime.store, DOC);
    const result = world.call("startPull", {
      entity: "groups",
      groupTypeIndex: 0,
      search: "acme corp",
    });
    expect(result).toMatchObject({ ok: false, code: "nothing_matched", field: "search" });
    if (!result.ok)
      expect(result.message).toMatch(/^Nothing matched “acme corp” among companies\./);
    expect(sheetNames(world.runtime.store, DOC)).toEqual(before);
    // The job is gone: the next pull starts at once.
    expect(world.ok("currentPull")).toBeNull();
  });

  it("says no group has the key when asked for a missing key's related groups, and makes no sheet", () => {
    const before = sheetNames(world.runtime.store, DOC);
    const result = world.call("startPull", {
      entity: "related",
      groupTypeIndex: 0,
      groupKey: "no-such-company",
    });
    expect(result).toMatchObject({ ok: false, code: "nothing_matched", field: "groupKey" });
    if (!result.ok) expect(result.message).toContain("No company has the key “no-such-company”");
    expect(sheetNames(world.runtime.store, DOC)).toEqual(before);
  });

  it("refuses a malformed request with the field to fix", () => {
    expect(world.call("startPull", { entity: "groups", groupTypeIndex: 9 })).toMatchObject({
      ok: false,
      field: "groupTypeIndex",
    });
    expect(world.call("startPull", { entity: "nope" })).toMatchObject({
      ok: false,
      field: "entity",
    });
  });
});

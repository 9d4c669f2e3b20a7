// Declared columns through the real bundle against the local PostHog: a formula column sent as `health_score` and a
// plain `owner` column, previewed with their computed values, conflicts, both push modes, undo, and refreshes. The
// demo companies already hold a `health_score` on about a third of them: the sheet is pulled with chosen columns
// (without it), so declaring it is allowed, and those groups are the conflicts.
// The runtime's spreadsheet computes formulas through its evaluateFormula hook; as in the playground, the playground's
// engine (fast-formula-parser and Formula.js) computes Sheets' ordinary functions here.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateFormula } from "../../playground/formula.ts";
import { cellModel, seedValues } from "../../runtime/spreadsheet/index.ts";
import { DOC, OWNER, type World } from "../../scripts/local-world.ts";
import type { DeclaredColumns, PushPreview, PushProgress } from "../../src/shared/push-rpc.ts";
import { columnLetter, type PulledSheet, pulledSheet, pushToEnd } from "./sheet-kit.ts";

const GROUPS = 30;
let s: PulledSheet;
let world: World;
let health = "";
beforeAll(async () => {
  // README.md's recipe "An account health score", as written: these columns with the usage metrics, and its
  // formula in column X over the 7-day events (F), arr (C) and is_paying (D).
  s = await pulledSheet(GROUPS, ["name", "arr", "is_paying"], true);
  world = s.world;
  world.runtime.store.evaluateFormula = (formula, ctx) =>
    evaluateFormula(formula, ctx, (name) => {
      throw new Error(`no custom function ${name} in this test`);
    }).value;
  // Two columns of the person's own beside the pulled ones: a formula on every row, and a few owners.
  const width = (s.grid()[0] ?? []).length;
  health = columnLetter(width);
  expect(
    ["arr", "is_paying", "Events (7 days) (7d)"].map((h) => columnLetter(s.col(h))).concat(health),
  ).toEqual(["C", "D", "F", "X"]);
  const rows = Array.from({ length: GROUPS }, (_, i) => [
    `=ROUND(MIN(40, 2 * F${i + 2}) + C${i + 2} / 50000 + IF(D${i + 2}, 10, 0), 0)`,
  ]);
  seedValues(world.runtime.store, DOC, s.name, `${health}1`, [["health"], ...rows]);
  seedValues(world.runtime.store, DOC, s.name, `${columnLetter(width + 1)}1`, [
    ["owner"],
    ["ada"],
    ["bob"],
  ]);
});
afterAll(() => world.close());

/** The value Sheets computed in the health column of `key`'s row. */
const computed = (key: string) => s.grid()[s.rowOf(key)]?.[s.col("health")];
/** The recipe's score worked out here from the row's arr, is_paying and 7-day events. */
function score(key: string): number {
  const row = s.grid()[s.rowOf(key)] ?? [];
  const [arr, paying, events] = ["arr", "is_paying", "Events (7 days) (7d)"].map(
    (h) => row[s.col(h)],
  );
  return Math.round(Math.min(40, 2 * Number(events)) + Number(arr) / 50_000 + (paying ? 10 : 0));
}

describe("a formula column sent as health_score", () => {
  it("is refused under a pulled column's header, and declared under its own", () => {
    const refused = world.call<DeclaredColumns>("declareColumn", {
      header: "name",
      property: "health_score",
    });
    expect(refused).toMatchObject({
      ok: false,
      message: expect.stringMatching(/"name" is a column the add-on pulled/),
    });
    const listed = world.ok<DeclaredColumns>("declareColumn", {});
    expect(listed.columns).toEqual(["health", "owner"]);
    const declared = world.ok<DeclaredColumns>("declareColumn", {
      header: "health",
      property: "health_score",
    });
    expect(declared.declared).toEqual([{ header: "health", property: "health_score" }]);
  });

  it("previews the computed values, pushes them, conflicts where PostHog had a score, and leaves the formulas", async () => {
    const keys = Array.from({ length: GROUPS }, (_, i) => s.keyAt(i + 1));
    const had = new Map<string, unknown>();
    for (const key of keys) {
      const score = (await s.props(key)).health_score;
      if (score !== undefined && score !== computed(key)) had.set(key, score);
    }
    expect(had.size).toBeGreaterThan(0);
    expect(keys.map(computed)).toEqual(keys.map(score));
    expect(
      keys.filter((k) => s.grid()[s.rowOf(k)]?.[s.col("Events (7 days) (7d)")]).length,
    ).toBeGreaterThan(0);
    const preview = world.ok<PushPreview>("previewPush");
    expect(preview.counts).toMatchObject({ sets: GROUPS, removals: 0, creates: 0, blocked: 0 });
    const first = preview.items.find((i) => i.key === s.keyAt(1));
    expect(typeof computed(s.keyAt(1))).toBe("number");
    expect(first).toMatchObject({
      property: "health_score",
      old: "",
      new: String(computed(s.keyAt(1))),
    });
    const done = pushToEnd(world, preview);
    expect(done).toMatchObject({
      status: "done",
      sent: GROUPS - had.size,
      conflicts: had.size,
      failed: 0,
    });
    expect(done.conflictList.map((c) => [c.key, c.pulled, c.posthog])).toEqual(
      [...had].map(([key, score]) => [key, "", String(score)]),
    );
    const conflicted = [...had.keys()][0] as string;
    expect((await s.props(conflicted)).health_score).toBe(had.get(conflicted));
    expect(cellModel(world.runtime.store, DOC, s.name, `${health}2`)?.formula).toMatch(
      /^=ROUND\(MIN/,
    );
    for (const key of keys.filter((k) => !had.has(k)))
      expect((await s.props(key)).health_score).toBe(computed(key));
    // Only the conflicts are left; overwriting sends them.
    const again = world.ok<PushPreview>("previewPush");
    expect(again.items.map((i) => i.key)).toEqual([...had.keys()]);
    expect(pushToEnd(world, again, { overwriteConflicts: true })).toMatchObject({ sent: had.size });
    for (const key of had.keys()) expect((await s.props(key)).health_score).toBe(computed(key));
  });
});

describe("a plain owner column, in fast mode, undone", () => {
  it("sends only the filled cells, says the empty ones send nothing, and undo removes the property again", async () => {
    world.ok("declareColumn", { header: "owner", property: "owner" });
    const preview = world.ok<PushPreview>("previewPush");
    expect(preview.counts).toMatchObject({ sets: 2, empty: GROUPS - 2 });
    let progress = world.ok<PushProgress>("startPush", {
      previewId: preview.previewId,
      mode: "fast",
    });
    await world.posthog.control.flush();
    for (let i = 0; progress.status === "running" && i < 10; i++)
      progress = world.ok<PushProgress>("continuePush", { jobId: progress.jobId });
    expect(progress).toMatchObject({ status: "done", sent: 2, failed: 0 });
    expect((await s.props(s.keyAt(1))).owner).toBe("ada");
    expect(await s.props(s.keyAt(3))).not.toHaveProperty("owner");

    const undo = world.ok<PushPreview>("previewUndo");
    expect(undo.counts).toMatchObject({ sets: 0, removals: 2 });
    expect(pushToEnd(world, undo)).toMatchObject({ status: "done", sent: 2 });
    expect(await s.props(s.keyAt(1))).not.toHaveProperty("owner");
    expect(await s.props(s.keyAt(2))).not.toHaveProperty("owner");
    // The cells stay the person's: the next preview offers them again.
    expect(s.grid()[1]?.[s.col("owner")]).toBe("ada");
    expect(world.ok<PushPreview>("previewPush").counts.sets).toBe(2);
  });
});

describe("a refresh", () => {
  it("keeps both columns declared and the person's, though PostHog now has health_score", () => {
    const header = s.grid()[0];
    const before = world.runtime.ui.alerts.length;
    world.runtime.ui.answerNextAlert("NO");
    world.runtime.run("refreshThisSheet", [], { user: OWNER, documentId: DOC });
    const asked = world.runtime.ui.alerts.slice(before).map((a) => a.prompt);
    expect(asked.filter((p) => /not pushed/.test(p))).toEqual([]);
    expect(s.grid()[0]).toEqual(header);
    expect(cellModel(world.runtime.store, DOC, s.name, `${health}2`)?.formula).toMatch(
      /^=ROUND\(MIN/,
    );
    expect(world.ok<DeclaredColumns>("declareColumn", {}).declared).toEqual([
      { header: "health", property: "health_score" },
      { header: "owner", property: "owner" },
    ]);
    // health_score came back from PostHog into the snapshot: only the owners (undone) are left to send.
    const preview = world.ok<PushPreview>("previewPush");
    expect(preview.items.map((i) => i.property)).toEqual(["owner", "owner"]);
  });
});

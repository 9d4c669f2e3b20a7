// Pushing edits from a pulled groups sheet through the real bundle against the local PostHog: preview, push, log, undo.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cellModel, sheetValues, toasts } from "../../runtime/spreadsheet/index.ts";
import { DOC, OWNER, type World } from "../../scripts/local-world.ts";
import type { PushPreview } from "../../src/shared/push-rpc.ts";
import { columnLetter, type PulledSheet, pulledSheet, pushToEnd } from "./sheet-kit.ts";

let s: PulledSheet;
let world: World;
beforeAll(async () => {
  s = await pulledSheet(60);
  world = s.world;
});
afterAll(() => world.close());

describe("preview and push", () => {
  let preview: PushPreview;
  let paying = false;
  it("previews only what changed, typed back, and marks the changed cells", () => {
    s.type(s.keyAt(2), "employees", "1234567");
    s.type(s.keyAt(3), "is_paying", s.grid()[3]?.[s.col("is_paying")] === true ? "FALSE" : "TRUE");
    paying = s.grid()[3]?.[s.col("is_paying")] === true;
    s.type(s.keyAt(4), "name", "'=not a formula");
    s.type(s.keyAt(5), "industry", "'00123");
    preview = world.ok<PushPreview>("previewPush");
    expect(preview.counts).toMatchObject({ sets: 4, removals: 0, creates: 0 });
    const employees = preview.items.find((i) => i.property === "employees");
    expect(employees).toMatchObject({ key: s.keyAt(2), new: "1234567" });
    const cell = cellModel(
      world.runtime.store,
      DOC,
      s.name,
      `${columnLetter(s.col("employees"))}${2 + 1}`,
    );
    expect(cell?.note).toMatch(/^PostHog had: /);
    expect(cell?.background).toBe("#fff2cc");
  });

  it("pushes each change once with its type, writes statuses, log and snapshot", async () => {
    const before = (await world.posthog.control.requests()).length;
    const done = pushToEnd(world, preview);
    expect(done).toMatchObject({ status: "done", sent: 4, conflicts: 0, failed: 0 });
    expect((await s.props(s.keyAt(2))).employees).toBe(1234567);
    expect((await s.props(s.keyAt(3))).is_paying).toBe(paying);
    expect((await s.props(s.keyAt(4))).name).toBe("=not a formula");
    expect((await s.props(s.keyAt(5))).industry).toBe("00123");
    const writes = (await world.posthog.control.requests())
      .slice(before)
      .filter((r) => r.path.endsWith("update_property/"));
    expect(writes).toHaveLength(4);
    expect(s.grid()[2]?.[s.col("PostHog status")]).toBe("sent");
    const log = sheetValues(world.runtime.store, DOC, "PostHog push log");
    expect(log).toHaveLength(5);
    expect(log[1]).toContain(OWNER);
    expect(log[1]?.slice(4, 10)).toEqual([
      "set",
      s.keyAt(2),
      "employees",
      expect.any(String),
      "1234567",
      "sent",
    ]);
    expect(world.ok<PushPreview>("previewPush").counts).toMatchObject({
      sets: 0,
      removals: 0,
      creates: 0,
    });
    expect(
      cellModel(world.runtime.store, DOC, s.name, `${columnLetter(s.col("employees"))}${2 + 1}`)
        ?.note ?? "",
    ).toBe("");
  });

  it("undoes the last push through a preview of its own", async () => {
    const undo = world.ok<PushPreview>("previewUndo");
    expect(undo).toMatchObject({ origin: "undo", counts: { sets: 4 } });
    const old = undo.items.find((i) => i.property === "employees")?.new;
    expect(pushToEnd(world, undo)).toMatchObject({ status: "done", sent: 4 });
    expect(String((await s.props(s.keyAt(2))).employees)).toBe(old);
    expect(String(s.grid()[2]?.[s.col("employees")])).toBe(old);
    expect(world.ok<PushPreview>("previewPush").counts.sets).toBe(0);
  });

  it("refuses a push whose sheet changed since the preview, or without a preview", () => {
    s.type(s.keyAt(6), "plan", "'gold");
    const preview = world.ok<PushPreview>("previewPush");
    s.type(s.keyAt(6), "plan", "'platinum");
    expect(world.call("startPush", { previewId: preview.previewId })).toMatchObject({
      ok: false,
      code: "changed_since_preview",
    });
    expect(world.call("startPush", { previewId: "nope" })).toMatchObject({
      ok: false,
      code: "no_preview",
    });
    expect(pushToEnd(world, world.ok<PushPreview>("previewPush"))).toMatchObject({ sent: 1 });
  });
});

describe("the menu's push items", () => {
  const run = (name: string) => world.runtime.run(name, [], { user: OWNER, documentId: DOC });

  it("are offered after the refresh items", () => {
    run("onOpen");
    const menu = JSON.stringify(world.runtime.ui.menus.at(-1));
    for (const name of ["previewChanges", "pushChanges", "undoLastPush"])
      expect(menu).toContain(name);
    expect(menu.indexOf("refreshAllSheets")).toBeLessThan(menu.indexOf("previewChanges"));
  });

  it("preview and mark the changed cells, then open the sidebar, without sending anything", async () => {
    s.type(s.keyAt(8), "plan", "'from-the-menu");
    const before = (await world.posthog.control.requests()).length;
    const sidebars = world.runtime.ui.sidebars.length;
    run("pushChanges");
    expect(world.runtime.ui.sidebars.length).toBe(sidebars + 1);
    // The sidebar opens on the push preview, not on its start page.
    expect(world.runtime.ui.sidebars.at(-1)?.html).toContain(
      '<meta name="posthog-intent" content="preview">',
    );
    expect(toasts(world.runtime.store, DOC).at(-1)?.message).toMatch(/^1 change to send/);
    const cell = cellModel(
      world.runtime.store,
      DOC,
      s.name,
      `${columnLetter(s.col("plan"))}${8 + 1}`,
    );
    expect(cell?.note).toMatch(/^PostHog had: /);
    const writes = (await world.posthog.control.requests())
      .slice(before)
      .filter((r) => r.method !== "GET");
    expect(writes).toEqual([]);
    expect((await s.props(s.keyAt(8))).plan).not.toBe("from-the-menu");
    run("previewChanges");
    expect(world.runtime.ui.sidebars.length).toBe(sidebars + 2);
  });

  it("say so when there is no push to undo, and open nothing", () => {
    world.runtime.addDocument({ id: "doc-menu-empty", name: "Empty", owner: OWNER });
    const sidebars = world.runtime.ui.sidebars.length;
    world.runtime.run("undoLastPush", [], { user: OWNER, documentId: "doc-menu-empty" });
    expect(world.runtime.ui.alerts.at(-1)?.prompt).toMatch(/No push from this sheet/);
    expect(world.runtime.ui.sidebars.length).toBe(sidebars);
  });
});

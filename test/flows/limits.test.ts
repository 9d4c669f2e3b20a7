// Google's size limits through the real bundle: a 600-property type pulls, refreshes and pushes; five such sheets
// share one spreadsheet's 30,000 characters of metadata; a pull too big for 10,000,000 cells writes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDocument, sheetNames, sheetValues } from "../../runtime/spreadsheet/index.ts";
import { DOC, startWorld, type World } from "../../scripts/local-world.ts";
import type { PushPreview } from "../../src/shared/push-rpc.ts";
import type { PullProgress } from "../../src/shared/rpc.ts";
import { columnLetter, pullToEnd, pushToEnd } from "./sheet-kit.ts";

const WIDTH = 600;
/** 600 property names of 24 characters each. */
const NAMES = Array.from({ length: WIDTH }, (_, i) =>
  `wide_${String(i).padStart(3, "0")}_`.padEnd(24, "x"),
);
const WIDE = 5;

let world: World;
beforeAll(async () => {
  world = await startWorld({ groups: 20 });
  world.connect();
  for (let g = 0; g < WIDE; g++) {
    const props: Record<string, unknown> = { tag: `wideset${g}` };
    for (const [i, name] of NAMES.entries()) props[name] = i % 3 === 0 ? i : `value ${g}-${i}`;
    const res = await fetch(
      `${world.posthog.url}/api/projects/${world.posthog.projectId}/groups/`,
      {
        method: "POST",
        headers: {
          authorization: `Bearer ${world.posthog.personalApiKey}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({
          group_type_index: 0,
          group_key: `zz-wide-${g}`,
          group_properties: props,
        }),
      },
    );
    expect(res.status).toBe(201);
  }
  await world.posthog.control.flush();
}, 120_000);
afterAll(() => world.close());

const doc = () => getDocument(world.runtime.store, DOC);
/** Every developer metadata character in the spreadsheet, keys and values. */
const metadataChars = () =>
  [doc().metadata, ...doc().sheets.map((s) => s.metadata)]
    .flat()
    .reduce((n, m) => n + m.key.length + (m.value?.length ?? 0), 0);

describe("a 600-property type", () => {
  it("pulls, refreshes and pushes one edit, its sheet remembering itself in a few hundred characters", async () => {
    const pulled = pullToEnd(world, { entity: "groups", groupTypeIndex: 0, search: "wideset0" });
    expect(pulled.status).toBe("done");
    const grid = () => sheetValues(world.runtime.store, DOC, pulled.sheetName);
    const header = (grid()[0] ?? []).map(String);
    for (const name of NAMES) expect(header).toContain(name);
    expect(grid()).toHaveLength(2);
    const tag = doc().sheets.find((s) => s.name === pulled.sheetName)?.metadata ?? [];
    expect(tag.map((m) => m.key)).toEqual(["posthog.sheet"]);
    expect(tag[0]?.value?.length).toBeLessThan(400);

    const refreshed = world.ok<PullProgress>("refreshActiveSheet");
    expect(refreshed).toMatchObject({ status: "done", rows: 1 });
    expect(grid()[0]?.map(String)).toEqual(header);
    expect(world.ok<PushPreview>("previewPush").counts).toMatchObject({ sets: 0 });

    const column = header.indexOf(NAMES[599] ?? "");
    world.runtime.evaluate(
      `SpreadsheetApp.getActiveSheet().getRange("${columnLetter(column)}2").setValue("edited")`,
      { documentId: DOC },
    );
    const preview = world.ok<PushPreview>("previewPush");
    expect(preview.counts).toMatchObject({ sets: 1 });
    expect(pushToEnd(world, preview).status).toBe("done");
    await world.posthog.control.flush();
    const group = await world.posthog.control.group("zz-wide-0", 0);
    expect(group.postgres?.group_properties?.[NAMES[599] ?? ""]).toBe("edited");
    expect(world.ok<PushPreview>("previewPush").counts).toMatchObject({ sets: 0 });
  }, 120_000);

  it("fits five times in one spreadsheet, each pull naming all 600 columns", () => {
    for (let g = 0; g < WIDE; g++) {
      const pulled = pullToEnd(world, {
        entity: "groups",
        groupTypeIndex: 0,
        search: `wideset${g}`,
        columns: NAMES,
      });
      expect(pulled.status).toBe("done");
      expect(sheetValues(world.runtime.store, DOC, pulled.sheetName)[0]).toHaveLength(WIDTH + 2);
    }
    const pulledSheets = doc().sheets.filter((s) =>
      s.metadata.some((m) => m.key === "posthog.sheet"),
    );
    // The five, and the sheet of the test above.
    expect(pulledSheets).toHaveLength(WIDE + 1);
    // The old format kept the 600 columns (about 33,000 characters) in each sheet's metadata.
    expect(metadataChars()).toBeLessThan(3_000);
    for (const sheet of pulledSheets) {
      world.runtime.evaluate(
        `SpreadsheetApp.getActiveSpreadsheet().getSheetByName(${JSON.stringify(sheet.name)}).activate()`,
        { documentId: DOC },
      );
      expect(world.ok<PullProgress>("refreshActiveSheet").status).toBe("done");
    }
  }, 240_000);
});

describe("sheets pulled in the old format", () => {
  it("are still read: a preview sees only real edits, and a refresh moves them to the small tag", () => {
    world.runtime.evaluate(
      `SpreadsheetApp.getActiveSpreadsheet().getSheets().filter(function (s) { return !s.isSheetHidden(); })[1].activate()`,
      { documentId: DOC },
    );
    const name = String(
      world.runtime.evaluate("SpreadsheetApp.getActiveSheet().getName()", { documentId: DOC }),
    );
    const model = doc().sheets.find((s) => s.name === name);
    const entry = model?.metadata.find((m) => m.key === "posthog.sheet");
    const tag = JSON.parse(entry?.value ?? "{}");
    // Rewrite it as the old format had it: everything in the metadata, the snapshot's records from row 1.
    const snapshot = sheetValues(world.runtime.store, DOC, tag.snapshotSheet);
    const layout = JSON.parse((snapshot[0] ?? []).map(String).join(""));
    if (entry) entry.value = JSON.stringify({ ...tag, ...layout, layout: undefined, v: 1 });
    world.runtime.evaluate(
      `SpreadsheetApp.getActiveSpreadsheet().getSheetByName(${JSON.stringify(tag.snapshotSheet)}).deleteRow(1)`,
      { documentId: DOC },
    );
    expect(world.ok<PushPreview>("previewPush").counts).toMatchObject({ sets: 0, creates: 0 });
    const header = (sheetValues(world.runtime.store, DOC, name)[0] ?? []).map(String);
    world.runtime.evaluate(
      `SpreadsheetApp.getActiveSheet().getRange("${columnLetter(header.indexOf(NAMES[5] ?? ""))}2").setValue("old format edit")`,
      { documentId: DOC },
    );
    expect(world.ok<PushPreview>("previewPush").counts).toMatchObject({ sets: 1 });
    expect(world.ok<PullProgress>("refreshActiveSheet", { discardEdits: true }).status).toBe(
      "done",
    );
    expect(JSON.parse(entry?.value ?? "{}").v).toBe(2);
    expect(world.ok<PushPreview>("previewPush").counts).toMatchObject({ sets: 0 });
  });
});

/** A new spreadsheet for one test, connected to the project, with `setup` run in it; its sheet names now. */
function freshDocument(id: string, setup?: string): string[] {
  world.openDocument(id);
  world.ok("selectProject", { projectId: world.posthog.projectId });
  if (setup) world.runtime.evaluate(setup, { documentId: id });
  return sheetNames(world.runtime.store, id);
}

/** Nothing of a refused pull stays: the same sheets, no sheet metadata, no job. */
function expectUntouched(id: string, namesBefore: string[]): void {
  expect(sheetNames(world.runtime.store, id)).toEqual(namesBefore);
  expect(getDocument(world.runtime.store, id).sheets.flatMap((s) => s.metadata)).toEqual([]);
  expect(world.ok("currentPull")).toBeNull();
}

describe("the sheet-size guard", () => {
  it("refuses a pull that would pass 10,000,000 cells before writing anything", () => {
    // A sheet of the person's that leaves room for less than a new sheet and its hidden snapshot.
    const namesBefore = freshDocument(
      "full",
      "SpreadsheetApp.getActiveSpreadsheet().insertSheet('Big').insertRowsAfter(1000, 381600);",
    );
    const full = getDocument(world.runtime.store, "full");
    const cellsBefore = full.sheets.reduce((n, s) => n + s.maxRows * s.maxColumns, 0);
    expect(cellsBefore).toBeGreaterThan(10_000_000 - 2 * 26_000);

    const result = world.call<PullProgress>("startPull", { entity: "groups", groupTypeIndex: 0 });
    expect(result).toMatchObject({ ok: false, code: "too_many_cells" });
    const message = result.ok ? "" : result.message;
    expect(message).toContain("10,000,000");
    expect(message).toContain("BigQuery");
    expect(message).toContain("Connected Sheets");
    expectUntouched("full", namesBefore);
    expect(full.metadata).toEqual([]);
  });

  it("stops a pull whose later pages would pass 10,000,000 cells, and removes what it had made", () => {
    // Room for a new sheet and its snapshot (52,000 cells), not for the wide groups on the last page.
    const namesBefore = freshDocument(
      "midway",
      "SpreadsheetApp.getActiveSpreadsheet().insertSheet('Big').insertRowsAfter(1000, 375000);",
    );
    world.runtime.properties.script.set("posthog.queryPageSize", "10");
    world.runtime.properties.script.set("posthog.pullBudgetMs", "1");
    try {
      let result = world.call<PullProgress>("startPull", { entity: "groups", groupTypeIndex: 0 });
      expect(result).toMatchObject({ ok: true, value: { status: "running" } });
      expect(sheetNames(world.runtime.store, "midway").length).toBe(namesBefore.length + 2);
      for (let i = 0; i < 10 && result.ok; i++)
        result = world.call<PullProgress>("continuePull", { jobId: result.value.jobId });
      expect(result).toMatchObject({ ok: false, code: "too_many_cells" });
    } finally {
      world.runtime.properties.script.delete("posthog.queryPageSize");
      world.runtime.properties.script.delete("posthog.pullBudgetMs");
    }
    expectUntouched("midway", namesBefore);
  });

  it("leaves nothing behind when the spreadsheet's metadata is full", () => {
    const namesBefore = freshDocument(
      "crowded",
      "SpreadsheetApp.getActiveSpreadsheet().addDeveloperMetadata('another.addon', new Array(29901).join('x'))",
    );
    const result = world.call<PullProgress>("startPull", { entity: "groups", groupTypeIndex: 0 });
    expect(result).toMatchObject({ ok: false, code: "metadata_full" });
    expectUntouched("crowded", namesBefore);
  });

  it("refuses a pull wider than 18,278 columns before writing anything", () => {
    const namesBefore = freshDocument("wide");
    const columns = Array.from({ length: 18_277 }, (_, i) => `c${i}`);
    const result = world.call<PullProgress>("startPull", {
      entity: "groups",
      groupTypeIndex: 0,
      search: "wideset1",
      columns,
    });
    expect(result).toMatchObject({ ok: false, code: "too_wide" });
    expect(result.ok ? "" : result.message).toContain("18,278");
    expectUntouched("wide", namesBefore);
  });
});

// The push diff's rules, pure: what a sheet's cells send back (typed as PostHog had them), what they cannot send
// and why, and that a cell the sheet merely shows differently is never sent.
import { describe, expect, it } from "vitest";
import { diffSheet } from "../../../src/features/push/diff.ts";
import { columnKind, sameValue, typeCell } from "../../../src/features/push/values.ts";
import { findEdits } from "../../../src/features/refresh/edits.ts";
import type { CellValue } from "../../../src/sheets/cells.ts";
import type { TableRecord } from "../../../src/sheets/records.ts";
import type { PulledSheetMeta } from "../../../src/sheets/sheet-meta.ts";

const PROPS = ["employees", "paying", "flag", "address", "seen", "day", "zip", "note"] as const;
const meta = {
  v: 1,
  host: "https://us.posthog.com",
  projectId: 1,
  request: { entity: "groups", groupTypeIndex: 0 },
  fixedHeaders: ["group_key", "created_at"],
  columns: PROPS.map((p) => ({ header: p, property: p })),
  pulledAt: "2025-01-01T00:00:00Z",
  rows: 2,
  snapshotSheet: "snap",
} as unknown as PulledSheetMeta;

const CREATED = "2024-01-01T00:00:00Z";
const record = (key: string, properties: Record<string, unknown>): TableRecord => ({
  key,
  fixed: [key, CREATED],
  properties,
});
const snapshot: TableRecord[] = [
  record("acme", {
    employees: 10,
    paying: true,
    flag: "true",
    address: { city: "Oslo", zip: "0150" },
    seen: "2025-03-04T05:06:07Z",
    day: "2024-02-03",
    zip: "00123",
    note: "+1 555",
  }),
  record("globex", {
    employees: 20,
    paying: false,
    flag: "false",
    address: { city: "Zürich" },
    seen: "2025-01-01T00:00:00Z",
    day: "2023-01-01",
    zip: "00456",
    note: "@here",
  }),
];

const header = ["group_key", "created_at", ...PROPS, "my own column"];
/** The sheet as getValues shows a fresh pull: literal text without its apostrophe, dates as Dates. */
function pulledRow(r: TableRecord): CellValue[] {
  const p = r.properties;
  return [
    r.key,
    new Date(CREATED),
    p.employees as number,
    p.paying as boolean,
    String(p.flag),
    JSON.stringify(p.address),
    new Date(String(p.seen)),
    String(p.day),
    String(p.zip),
    String(p.note),
    "mine",
  ];
}

function sheet(edit: (rows: CellValue[][], formulas: string[][]) => void = () => {}) {
  const values = [[...header] as CellValue[], ...snapshot.map(pulledRow)];
  const formulas = values.map((row) => row.map(() => ""));
  edit(values, formulas);
  return { values, formulas };
}
const at = (name: string) => header.indexOf(name);
const set = (rows: CellValue[][], row: number, name: string, value: CellValue) => {
  (rows[row] as CellValue[])[at(name)] = value;
};

describe("diffSheet", () => {
  it("finds nothing in a sheet as pulled, whatever the row order or the person's own columns", () => {
    expect(diffSheet(sheet(), meta, snapshot)).toEqual({ items: [], blocked: [] });
    const reordered = sheet((rows) => {
      rows.splice(1, 2, rows[2] as CellValue[], rows[1] as CellValue[]);
      set(rows, 1, "my own column", "changed by me");
    });
    expect(diffSheet(reordered, meta, snapshot)).toEqual({ items: [], blocked: [] });
  });

  it("never sends a cell that only shows the same value differently", () => {
    const reformatted = sheet((rows) => {
      set(rows, 1, "seen", "2025-03-04T05:06:07Z"); // the date typed back as text
      set(rows, 1, "address", '{ "zip": "0150", "city": "Oslo" }'); // re-spaced, keys reordered
      set(rows, 2, "employees", "20"); // a number as text
      set(rows, 2, "paying", "FALSE");
    });
    expect(diffSheet(reformatted, meta, snapshot).items).toEqual([]);
    expect(findEdits(reformatted, meta, snapshot)).toEqual({ changedCells: 0, newRows: 0 });
  });

  it("types each edit back as the column held it", () => {
    const edited = sheet((rows) => {
      set(rows, 1, "employees", 11);
      set(rows, 1, "paying", false);
      set(rows, 1, "flag", "maybe");
      set(rows, 1, "address", '{"city":"Bergen","tags":["a",1]}');
      set(rows, 1, "seen", new Date("2025-06-07T08:09:10Z"));
      set(rows, 1, "day", new Date("2024-05-06T12:00:00Z"));
      set(rows, 1, "zip", "00999");
      set(rows, 1, "note", "-42");
      set(rows, 2, "employees", "21");
      set(rows, 2, "paying", "true");
    });
    const { items, blocked } = diffSheet(edited, meta, snapshot);
    expect(blocked).toEqual([]);
    const sent = Object.fromEntries(items.map((i) => [`${i.key}.${i.property}`, i.value]));
    expect(sent).toEqual({
      "acme.employees": 11,
      "acme.paying": false,
      "acme.flag": "maybe",
      "acme.address": { city: "Bergen", tags: ["a", 1] },
      "acme.seen": "2025-06-07T08:09:10.000Z",
      "acme.day": "2024-05-06",
      "acme.zip": "00999",
      "acme.note": "-42",
      "globex.employees": 21,
      "globex.paying": true,
    });
    const employees = items.find((i) => i.key === "acme" && i.property === "employees");
    expect(employees).toMatchObject({ kind: "set", old: 10, row: 2, column: at("employees") + 1 });
  });

  it("blocks what cannot be sent, with the reason", () => {
    const edited = sheet((rows, formulas) => {
      set(rows, 1, "employees", "lots");
      set(rows, 1, "paying", "yes");
      set(rows, 1, "address", "{not json");
      set(rows, 1, "seen", "next week");
      set(rows, 1, "zip", 2);
      (formulas[1] as string[])[at("zip")] = "=1+1";
      set(rows, 1, "created_at", new Date("2020-01-01T00:00:00Z"));
      set(rows, 2, "note", "");
    });
    const { items, blocked } = diffSheet(edited, meta, snapshot);
    expect(items).toEqual([]);
    const reasons = Object.fromEntries(blocked.map((b) => [`${b.key}.${b.property}`, b.reason]));
    expect(reasons["acme.employees"]).toMatch(/holds numbers/);
    expect(reasons["acme.paying"]).toMatch(/TRUE or FALSE/);
    expect(reasons["acme.address"]).toMatch(/not valid JSON/);
    expect(reasons["acme.seen"]).toMatch(/holds dates/);
    expect(reasons["acme.zip"]).toMatch(/formula/);
    expect(reasons["acme.created_at"]).toMatch(/set by PostHog/);
    expect(reasons["globex.note"]).toMatch(/cleared/);
    expect(Object.keys(reasons)).toHaveLength(7);
    // A refresh would lose every one of them: the guard counts them all.
    expect(findEdits(edited, meta, snapshot)).toEqual({ changedCells: 7, newRows: 0 });
  });

  it("sends a cleared cell as a removal only when asked", () => {
    const cleared = sheet((rows) => set(rows, 2, "note", ""));
    const { items } = diffSheet(cleared, meta, snapshot, { includeRemovals: true });
    expect(items).toEqual([
      expect.objectContaining({ kind: "remove", key: "globex", property: "note", old: "@here" }),
    ]);
  });

  it("blocks both rows of a duplicate key, a deleted row, and a renamed header", () => {
    const duplicated = sheet((rows) => {
      rows.push([...(rows[1] as CellValue[])]);
      set(rows, 3, "employees", 99);
      rows.splice(2, 1); // globex deleted
      (rows[0] as CellValue[])[at("note")] = "Note";
    });
    const { items, blocked } = diffSheet(duplicated, meta, snapshot);
    expect(items).toEqual([]);
    expect(blocked.filter((b) => /on 2 rows/.test(b.reason)).map((b) => b.row)).toEqual([2, 3]);
    expect(blocked.find((b) => b.key === "globex")?.reason).toMatch(/deleted/);
    expect(blocked.find((b) => b.property === "note")?.reason).toMatch(/renamed or removed/);
    expect(
      diffSheet(
        sheet((rows) => {
          (rows[0] as CellValue[])[0] = "key";
        }),
        meta,
        snapshot,
      ).blocked,
    ).toEqual([
      expect.objectContaining({ reason: expect.stringMatching(/group_key.*renamed or removed/) }),
    ]);
  });

  it("creates a group for a new key, typed by its column, and counts it as a new row", () => {
    const added = sheet((rows) => {
      const row: CellValue[] = header.map(() => "");
      row[0] = "initech";
      row[at("employees")] = "5";
      row[at("address")] = '{"city":"Austin"}';
      row[at("zip")] = "00777";
      rows.push(row);
    });
    expect(diffSheet(added, meta, snapshot).items).toEqual([
      expect.objectContaining({
        kind: "create",
        key: "initech",
        value: { employees: 5, address: { city: "Austin" }, zip: "00777" },
      }),
    ]);
    expect(findEdits(added, meta, snapshot)).toEqual({ changedCells: 0, newRows: 1 });
  });
});

describe("push values", () => {
  it("takes a column's kind from most of its values, text winning ties", () => {
    expect(columnKind([1, 2, "x"])).toBe("number");
    expect(columnKind([1, "x"])).toBe("string");
    expect(columnKind([null, undefined])).toBe("unknown");
    expect(columnKind(["2024-01-01", "2024-02-02"])).toBe("day");
  });

  it("refuses a JSON scalar in an object column, and compares JSON deeply", () => {
    expect(typeCell("3", "json")).toMatchObject({ ok: false });
    expect(typeCell("[]", "json")).toEqual({ ok: true, value: [] });
    expect(sameValue({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toBe(true);
    expect(sameValue([1, 2], { 0: 1, 1: 2 })).toBe(false);
    expect(sameValue(null, undefined)).toBe(true);
  });
});

describe("a date typed into a day column", () => {
  // Sheets makes a typed date midnight in the spreadsheet's zone: in Tokyo, 2024-03-06 is 2024-03-05T15:00Z.
  const tokyoMidnight = new Date("2024-03-05T15:00:00Z");

  it("is the day the spreadsheet's time zone shows, not the UTC day", () => {
    expect(typeCell(tokyoMidnight, "day", "Asia/Tokyo")).toEqual({ ok: true, value: "2024-03-06" });
    expect(typeCell(tokyoMidnight, "day", "UTC")).toEqual({ ok: true, value: "2024-03-05" });
    expect(typeCell(new Date("2024-03-06T05:00:00Z"), "day", "America/Los_Angeles")).toEqual({
      ok: true,
      value: "2024-03-05",
    });
  });
});

// Type round trips through the real bundle and the local PostHog: for every kind of value the seed holds, a pulled
// sheet previews nothing until edited, an edit goes back with its type, and a re-pull shows no difference again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { World } from "../../scripts/local-world.ts";
import type { PushPreview, PushProgress } from "../../src/shared/push-rpc.ts";
import type { PullProgress } from "../../src/shared/rpc.ts";
import { type PulledSheet, pulledSheet } from "./sheet-kit.ts";

let s: PulledSheet;
let world: World;
beforeAll(async () => {
  s = await pulledSheet(200);
  world = s.world;
});
afterAll(() => world.close());

const used = new Set<string>();
/** A row not edited yet whose pulled `property` passes `test` and is not `expected` already. */
async function rowWith(c: Case): Promise<string> {
  for (const row of s.grid().slice(1)) {
    const key = String(row[0]);
    if (used.has(key)) continue;
    const value = (await s.props(key))[c.property];
    if (c.has(value) && JSON.stringify(value) !== JSON.stringify(c.expected)) {
      used.add(key);
      return key;
    }
  }
  throw new Error(`no row with a fitting ${c.property}`);
}

function pushAll(preview: PushPreview): PushProgress {
  let progress = world.ok<PushProgress>("startPush", { previewId: preview.previewId });
  for (let i = 0; progress.status === "running" && i < 20; i++)
    progress = world.ok<PushProgress>("continuePush", { jobId: progress.jobId });
  return progress;
}

/** What a person types (apostrophe: literal text), and what PostHog must then hold, exactly. */
interface Case {
  property: string;
  has: (value: unknown) => boolean;
  input: unknown;
  expected: unknown;
}

const isString = (v: unknown) => typeof v === "string";
const CASES: Case[] = [
  { property: "employees", has: Number.isInteger, input: "4321", expected: 4321 },
  { property: "employees", has: Number.isInteger, input: "-17", expected: -17 },
  { property: "arr", has: (v) => typeof v === "number", input: "1234.56", expected: 1234.56 },
  { property: "is_paying", has: (v) => v === true, input: "FALSE", expected: false },
  { property: "is_paying", has: (v) => v === false, input: "TRUE", expected: true },
  // A column of "true"/"false" text stays text.
  { property: "is_enterprise", has: isString, input: "'maybe", expected: "maybe" },
  { property: "signup_date", has: isString, input: "'2023-02-03", expected: "2023-02-03" },
  {
    property: "last_seen_at",
    has: isString,
    input: "'2025-01-02T03:04:05Z",
    expected: "2025-01-02T03:04:05Z",
  },
  {
    property: "address",
    has: (v) => typeof v === "object" && v !== null,
    input: '\'{"city":"Zürich","country":"CH","zip":"00042"}',
    expected: { city: "Zürich", country: "CH", zip: "00042" },
  },
  {
    property: "settings",
    has: (v) => typeof v === "object" && v !== null,
    input: '\'{"sso":{"enabled":false,"provider":null},"seats":[1,2],"beta":true}',
    expected: { sso: { enabled: false, provider: null }, seats: [1, 2], beta: true },
  },
  {
    property: "tags",
    has: Array.isArray,
    input: '\'["b2b","新しい"]',
    expected: ["b2b", "新しい"],
  },
  {
    property: "name",
    has: isString,
    input: "'Rocket 🚀 Ünïcödé 東京",
    expected: "Rocket 🚀 Ünïcödé 東京",
  },
  { property: "description", has: (v) => v === "", input: "'now filled", expected: "now filled" },
  { property: "note", has: isString, input: "'+1 555 0199", expected: "+1 555 0199" },
  { property: "note", has: isString, input: "'-42 degrees", expected: "-42 degrees" },
  { property: "note", has: isString, input: "'@here", expected: "@here" },
  { property: "note", has: isString, input: "'=SUM(A1:A3)", expected: "=SUM(A1:A3)" },
  { property: "zip_code", has: isString, input: "'00123", expected: "00123" },
  { property: "emoji", has: isString, input: "'🎉", expected: "🎉" },
];

describe("type round trips", () => {
  it("previews nothing for a freshly pulled sheet, whatever its values' kinds", () => {
    const preview = world.ok<PushPreview>("previewPush");
    expect(preview.counts).toEqual({ sets: 0, removals: 0, creates: 0, blocked: 0 });
  });

  it("sends each edit back with its type, and a re-pull shows no difference", async () => {
    const edits: Array<Case & { key: string }> = [];
    for (const c of CASES) edits.push({ ...c, key: await rowWith(c) });
    for (const e of edits) s.type(e.key, e.property, e.input);
    const preview = world.ok<PushPreview>("previewPush");
    expect(preview.counts).toEqual({ sets: edits.length, removals: 0, creates: 0, blocked: 0 });
    expect(pushAll(preview)).toMatchObject({ status: "done", sent: edits.length, failed: 0 });
    for (const e of edits)
      expect([e.property, (await s.props(e.key))[e.property]]).toEqual([e.property, e.expected]);
    expect(world.ok<PushPreview>("previewPush").counts.sets).toBe(0);
    // Pulled again from PostHog, the sheet shows exactly what was pushed: nothing to send.
    let again = world.ok<PullProgress>("refreshActiveSheet", {});
    while (again.status === "running")
      again = world.ok<PullProgress>("continuePull", { jobId: again.jobId });
    expect(world.ok<PushPreview>("previewPush").counts).toEqual({
      sets: 0,
      removals: 0,
      creates: 0,
      blocked: 0,
    });
  });
});

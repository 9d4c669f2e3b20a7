// Account history through the real bundle and the local PostHog: changes made through the API, through a push and
// through $groupidentify are recorded by the refreshes after them (nothing for a refresh without changes), the bound
// on days drops old rows, and "History of this account" merges PostHog's activity, the push log and the history.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setSelection, sheetNames, sheetValues } from "../../runtime/spreadsheet/index.ts";
import { DOC, OWNER, type World } from "../../scripts/local-world.ts";
import type { AccountHistoryView } from "../../src/shared/history-rpc.ts";
import type { PushPreview } from "../../src/shared/push-rpc.ts";
import type { PullProgress, SheetStatus } from "../../src/shared/rpc.ts";
import { projectApi } from "./posthog-api.ts";
import { type PulledSheet, pulledSheet, pushToEnd } from "./sheet-kit.ts";

let s: PulledSheet;
let world: World;
beforeAll(async () => {
  s = await pulledSheet(40);
  world = s.world;
});
afterAll(() => world.close());

const HISTORY = "PostHog history";
const history = () =>
  sheetNames(world.runtime.store, DOC).includes(HISTORY)
    ? sheetValues(world.runtime.store, DOC, HISTORY)
    : [];
/** Key, property, old, new, source, who of the history's rows. */
const rows = () =>
  history()
    .slice(1)
    .map((r) => [r[3], r[4], r[5], r[6], r[8], r[9]]);

function refresh(): void {
  let progress = world.ok<PullProgress>("refreshActiveSheet", {});
  while (progress.status === "running")
    progress = world.ok<PullProgress>("continuePull", { jobId: progress.jobId });
}

async function api(path: string, body: unknown): Promise<void> {
  await projectApi(world, "POST", path, body, 200);
}

/** Both clocks move together: the local PostHog's (ingestion) and the runtime's (the add-on's times). */
async function advance(ms: number): Promise<void> {
  await world.posthog.control.advanceClock(ms);
  world.runtime.advanceClock(ms);
}

describe("account history", () => {
  it("records changes made through the API, a push and $groupidentify, and nothing for a refresh without them", async () => {
    const [a, b, c] = [s.keyAt(1), s.keyAt(2), s.keyAt(3)];
    const status = world.ok<SheetStatus>("setHistory", { keep: true });
    expect(status.history).toEqual({ days: 180 });

    // 1. Through PostHog's API.
    const oldName = String(s.grid()[s.rowOf(a)]?.[s.col("name")]);
    await api(`groups/update_property/?group_type_index=0&group_key=${a}`, {
      key: "name",
      value: "Renamed by API",
    });
    await advance(60_000);
    refresh();
    expect(rows()).toEqual([[a, "name", oldName, "Renamed by API", "refresh", ""]]);

    // 2. Through a push from the sheet: the push log says who.
    await advance(60_000);
    const oldPlan = String(s.grid()[s.rowOf(b)]?.[s.col("plan")]);
    s.type(b, "plan", "'pushed-plan");
    const pushed = pushToEnd(world, world.ok<PushPreview>("previewPush", {}));
    expect(pushed).toMatchObject({ status: "done", sent: 1 });
    await advance(60_000);
    refresh();
    expect(rows().slice(1)).toEqual([[b, "plan", oldPlan, "pushed-plan", "push (set)", OWNER]]);

    // 3. Through $groupidentify, which PostHog ingests a minute later: the refresh before that records nothing.
    await world.posthog.control.settings({ captureDelayMs: 60_000 });
    const res = await fetch(`${world.posthog.url}/batch/`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        api_key: world.posthog.projectToken,
        batch: [
          {
            event: "$groupidentify",
            distinct_id: "flow",
            properties: { $group_type: "company", $group_key: c, $group_set: { seats: 42 } },
          },
        ],
      }),
    });
    expect(res.status).toBe(200);
    const before = history().length;
    refresh();
    expect(history().length).toBe(before);
    await advance(120_000);
    await world.posthog.control.flush();
    refresh();
    expect(rows().slice(2)).toEqual([[c, "seats", "", 42, "refresh", ""]]);
  });

  it("merges PostHog's activity, the push log and the recorded history of the selected account in time order", async () => {
    const a = s.keyAt(1);
    // The same account pushed too, so that all three sources hold it.
    await advance(60_000);
    s.type(a, "plan", "'from-the-sheet");
    expect(pushToEnd(world, world.ok<PushPreview>("previewPush", {}))).toMatchObject({
      status: "done",
      sent: 1,
    });
    await advance(60_000);
    refresh();
    setSelection(world.runtime.store, DOC, s.name, `C${s.rowOf(a) + 1}`);
    const view = world.ok<AccountHistoryView>("accountHistory");
    expect(view.groupKey).toBe(a);
    expect(view.bySource.activity).toBeGreaterThanOrEqual(2);
    expect(view.bySource.push).toBe(1);
    expect(view.bySource.recorded).toBe(1);
    const sheet = sheetValues(world.runtime.store, DOC, view.sheetName);
    expect(sheet[0]?.slice(0, 6)).toEqual([
      "When",
      "Source",
      "Who",
      "Property",
      "Old value",
      "New value",
    ]);
    const entries = sheet.slice(1).filter((r) => r[0] !== "");
    const whens = entries.map((r) => String(r[0]));
    expect([...whens].sort()).toEqual(whens);
    // In the spreadsheet's time zone, to the second.
    expect(whens[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+$/);
    const line = (source: string, property: string) =>
      entries.findIndex((r) => r[1] === source && r[3] === property);
    const apiChange = line("PostHog activity", "name");
    const recorded = line("recorded", "name");
    const pushLog = line("push log", "plan");
    expect(apiChange).toBeGreaterThanOrEqual(0);
    expect(recorded).toBeGreaterThan(apiChange);
    expect(pushLog).toBeGreaterThan(recorded);
    expect(entries[pushLog]?.slice(2)).toEqual([
      OWNER,
      "plan",
      expect.anything(),
      "from-the-sheet",
    ]);
  });

  it("drops this sheet's rows older than the days kept when it next writes", async () => {
    // Back on the groups sheet ("History of this account" showed its own sheet).
    setSelection(world.runtime.store, DOC, s.name, "A1");
    world.ok<SheetStatus>("setHistory", { keep: true, days: 1 });
    await advance(2 * 86_400_000);
    const d = s.keyAt(4);
    await api(`groups/update_property/?group_type_index=0&group_key=${d}`, {
      key: "name",
      value: "Late change",
    });
    await advance(60_000);
    refresh();
    expect(rows().map((r) => r[0])).toEqual([d]);
  });
});

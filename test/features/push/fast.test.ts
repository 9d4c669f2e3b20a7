// Fast pushes: one capture for the sets and creates, read-back rounds, and the pending updates a later check
// settles (sent when PostHog shows them, failed and put back into the diff after 30 minutes).
import { describe, expect, it } from "vitest";
import { LOG_SHEET } from "../../../src/features/push/log.ts";
import {
  checkPending,
  hasPending,
  PENDING_LIMIT_MS,
  pendingSummary,
} from "../../../src/features/push/pending.ts";
import type { MemoryWorkbook } from "../../fakes/memory-workbook.ts";
import { edit, previewSheet, pushToEnd, pushWorld, table } from "./kit.ts";

function pushedFast() {
  const { posthog, workbook, sheet, deps } = pushWorld();
  edit(sheet, "acme", "employees", 11);
  edit(sheet, "globex", "name", "");
  workbook.sheet("Companies").type(4, 1, [["initech", "Initech", 5]]);
  const preview = previewSheet(deps, sheet, true);
  expect(preview.counts).toMatchObject({ sets: 1, removals: 1, creates: 1 });
  const done = pushToEnd(deps, preview.previewId, { mode: "fast" });
  return { posthog, workbook, sheet, deps, done };
}

const logResults = (workbook: MemoryWorkbook) =>
  table(workbook.sheet(LOG_SHEET)).map((r) => `${r["Group key"]} ${r.Result}`);

describe("a fast push", () => {
  it("captures sets and creates in one request, removes by REST, and waits for PostHog to show them", () => {
    const { posthog, workbook, deps, done } = pushedFast();
    expect(posthog.calls.get("capture")).toBe(1);
    expect(posthog.calls.get("updateProperties")).toBeUndefined();
    expect(posthog.calls.get("deleteProperty")).toBe(1);
    // Never ingested during the push: after its read-back rounds, the two captured updates are pending.
    expect(done).toMatchObject({ status: "done", total: 3, sent: 1, pending: 2 });
    expect(deps.slept.length).toBe(4);
    expect(hasPending(deps.jobs)).toBe(true);
    expect(pendingSummary(deps).pending).toBe(2);
    expect(logResults(workbook).sort()).toEqual(["acme pending", "globex sent", "initech pending"]);
  });

  it("settles the pending updates once PostHog shows them: statuses, log and queue", () => {
    const { posthog, workbook, sheet, deps } = pushedFast();
    posthog.ingest();
    const reads = posthog.calls.get("query") ?? 0;

    expect(checkPending(deps)).toMatchObject({ pending: 0, sent: 2, failed: 0 });

    expect(posthog.calls.get("query")).toBe(reads + 1);
    expect(hasPending(deps.jobs)).toBe(false);
    expect(logResults(workbook).sort()).toEqual(["acme sent", "globex sent", "initech sent"]);
    expect(table(sheet).map((r) => r["PostHog status"])).toEqual(["sent", "sent", "sent"]);
    expect(workbook.sheets().some((s) => s.name().startsWith("PostHog push queue"))).toBe(false);
  });

  it("keeps waiting within 30 minutes, then fails what PostHog never showed and offers it again", () => {
    const { workbook, sheet, deps } = pushedFast();
    expect(checkPending(deps)).toMatchObject({ pending: 2, sent: 0, failed: 0 });
    deps.advance(PENDING_LIMIT_MS);

    expect(checkPending(deps)).toMatchObject({ pending: 0, failed: 2 });

    expect(logResults(workbook).sort()).toEqual([
      "acme failed: PostHog did not show this update within 30 minutes of the push",
      "globex sent",
      "initech failed: PostHog did not show this update within 30 minutes of the push",
    ]);
    // The snapshot takes the pulled value back: the next preview offers the edit and the new group again.
    expect(previewSheet(deps, sheet).counts).toMatchObject({ sets: 1, creates: 1 });
  });
});

// REST pushes against a stateful fake PostHog: what is sent, what an unknown outcome does (re-read, never sent twice
// unseen), what stops a push, and the service calls a push costs.
import { describe, expect, it } from "vitest";
import { continuePush } from "../../../src/features/push/job.ts";
import { loadPush } from "../../../src/features/push/push-job.ts";
import { readQueue } from "../../../src/features/push/queue.ts";
import { edit, previewSheet, pushToEnd, pushWorld, table } from "./kit.ts";

const setup = () => pushWorld();

describe("a REST push", () => {
  it("sends each edit once, and leaves the sheet, its snapshot and the queue settled", () => {
    const { posthog, workbook, sheet, deps } = setup();
    edit(sheet, "acme", "employees", 11);
    edit(sheet, "globex", "name", "Globex Corp");
    const preview = previewSheet(deps, sheet);
    expect(preview.counts).toMatchObject({ sets: 2, removals: 0, creates: 0, blocked: 0 });
    workbook.calls.clear();

    const done = pushToEnd(deps, preview.previewId);

    expect(done).toMatchObject({ status: "done", total: 2, sent: 2, failed: 0, conflicts: 0 });
    expect(posthog.groups.get("acme")).toEqual({ name: "Acme", employees: 11 });
    expect(posthog.groups.get("globex")).toEqual({ name: "Globex Corp", employees: 20 });
    expect(posthog.calls.get("updateProperties")).toBe(2);
    expect(table(sheet).map((r) => r["PostHog status"])).toEqual(["sent", "sent"]);
    // The snapshot follows PostHog: nothing is left to push.
    expect(previewSheet(deps, sheet).counts.sets).toBe(0);
    expect(workbook.sheets().map((s) => s.name())).not.toContain("PostHog push queue push-2");
    expect(loadPush(deps.jobs)).toBeNull();
    // Every step is a handful of block reads and writes, whatever the number of items.
    expect(workbook.totalCalls()).toBeLessThan(60);
  });

  it("re-reads an item whose answer was lost, and does not send it again when it landed", () => {
    const { posthog, sheet, deps } = setup();
    edit(sheet, "acme", "employees", 11);
    edit(sheet, "globex", "employees", 21);
    posthog.lostAnswers.add("acme");

    const done = pushToEnd(deps, previewSheet(deps, sheet).previewId);

    expect(done).toMatchObject({ status: "done", sent: 2, failed: 0 });
    expect(posthog.calls.get("updateProperties")).toBe(2);
    expect(posthog.groups.get("acme")?.employees).toBe(11);
  });

  it("sends again an item whose outcome was unknown and which PostHog does not show", () => {
    const { posthog, sheet, deps } = setup();
    edit(sheet, "acme", "employees", 11);
    posthog.refuse.set("acme", "server_error");

    const done = pushToEnd(deps, previewSheet(deps, sheet).previewId);

    expect(done).toMatchObject({ status: "done", sent: 1 });
    expect(posthog.calls.get("updateProperties")).toBe(2);
    expect(posthog.groups.get("acme")?.employees).toBe(11);
  });

  it("after an execution died mid-batch, re-reads the batch before sending any of it again", () => {
    const { posthog, workbook, sheet, deps } = setup();
    edit(sheet, "acme", "employees", 11);
    edit(sheet, "globex", "employees", 21);
    posthog.dieAfter.add("acme");
    const preview = previewSheet(deps, sheet);
    expect(() => pushToEnd(deps, preview.previewId)).toThrow(/maximum execution time/);
    const job = loadPush(deps.jobs);
    expect(job?.inflight).toEqual([0, 1]);

    const done = continuePush(deps, job?.id ?? "");

    expect(done).toMatchObject({ status: "done", sent: 2 });
    // acme landed before the execution died: it is read back, not written a second time; globex goes once.
    expect(posthog.calls.get("updateProperties")).toBe(2);
    expect(posthog.groups.get("globex")?.employees).toBe(21);
    expect(workbook.sheets().filter((s) => s.name().startsWith("PostHog push queue"))).toEqual([]);
  });

  it("stops the whole push when the key no longer works, with the queue kept to continue", () => {
    const { posthog, workbook, sheet, deps } = setup();
    edit(sheet, "acme", "employees", 11);
    posthog.refuse.set("acme", "invalid_key");
    expect(() => pushToEnd(deps, previewSheet(deps, sheet).previewId)).toThrow(/invalid_key/);
    const job = loadPush(deps.jobs);
    const queue = workbook.sheetById(job?.queueSheetId ?? 0);
    expect(queue && readQueue(queue, 1)[0]?.result).toEqual({ state: "pending" });
  });

  it("records a refused write as failed, with PostHog's reason", () => {
    const { posthog, sheet, deps } = setup();
    edit(sheet, "acme", "employees", 11);
    posthog.refuse.set("acme", "validation");
    const done = pushToEnd(deps, previewSheet(deps, sheet).previewId);
    expect(done.failures).toEqual([
      { key: "acme", property: "employees", reason: "refused (validation)" },
    ]);
    expect(table(sheet)[0]?.["PostHog status"]).toBe("failed: refused (validation) (employees)");
  });

  it("waits out a throttled batch, then sends it", () => {
    const { posthog, sheet, deps } = setup();
    edit(sheet, "acme", "employees", 11);
    posthog.refuse.set("acme", "throttled");
    const done = pushToEnd(deps, previewSheet(deps, sheet).previewId);
    expect(done).toMatchObject({ status: "done", sent: 1 });
    expect(deps.slept).toEqual([1000]);
  });
});

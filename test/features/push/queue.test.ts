// The queue's one encoding of an item's state: written and read back, queues of the previous version read too,
// and a state nobody wrote refused rather than guessed.
import { describe, expect, it } from "vitest";
import type { PushItem } from "../../../src/features/push/diff.ts";
import {
  type ItemState,
  parseState,
  readQueue,
  writeQueue,
} from "../../../src/features/push/queue.ts";
import { memoryWorkbook } from "../../fakes/memory-workbook.ts";

const item: PushItem = {
  kind: "set",
  key: "00123",
  property: "employees",
  old: 10,
  value: 11,
  row: 2,
  column: 3,
};

const STATES: ItemState[] = [
  { state: "pending" },
  { state: "unknown" },
  { state: "unconfirmed" },
  { state: "sent" },
  { state: "conflict", posthog: "12" },
  { state: "conflict", posthog: "" },
  { state: "failed", reason: "=1+1 is not a number" },
];

describe("the push queue", () => {
  it("reads back every state it writes, in one read", () => {
    const workbook = memoryWorkbook();
    const sheet = workbook.insert("queue", { hidden: true });
    const entries = STATES.map((result) => ({ item, result }));
    writeQueue(sheet, entries);
    workbook.calls.clear();
    expect(readQueue(sheet, entries.length)).toEqual(entries);
    expect(workbook.totalCalls()).toBe(1);
  });

  it("reads the one-string states of the previous version", () => {
    expect(parseState("", "")).toEqual({ state: "pending" });
    expect(parseState("?", "")).toEqual({ state: "unknown" });
    expect(parseState("~", "")).toEqual({ state: "unconfirmed" });
    expect(parseState("sent", "")).toEqual({ state: "sent" });
    expect(parseState("conflict", "12")).toEqual({ state: "conflict", posthog: "12" });
    expect(parseState("failed: no such group", "")).toEqual({
      state: "failed",
      reason: "no such group",
    });
  });

  it("refuses a state it does not know, in plain words", () => {
    expect(() => parseState("half-sent", "")).toThrow(/does not know \("half-sent"\)/);
  });
});

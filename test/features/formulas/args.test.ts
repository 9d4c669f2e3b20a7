// The formulas' arguments: the refresh argument as a text that changes with its value.
import { describe, expect, it } from "vitest";
import { refreshTokenOf } from "../../../src/features/formulas/args.ts";

describe("refreshTokenOf", () => {
  it("turns any refresh value into a text that changes with it", () => {
    expect(refreshTokenOf(new Date(1))).not.toBe(refreshTokenOf(new Date(2)));
    expect(refreshTokenOf(undefined)).toBe("");
    expect(refreshTokenOf(3)).toBe("3");
  });
});

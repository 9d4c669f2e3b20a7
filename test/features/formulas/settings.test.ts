// The owner's switch of the formulas for one spreadsheet, and who may flip it.
import { describe, expect, it } from "vitest";
import {
  formulasEnabled,
  ownershipOf,
  switchFormulas,
} from "../../../src/features/formulas/settings.ts";
import { memoryStore } from "../../fakes/memory-store.ts";

describe("ownershipOf", () => {
  it("tells owner from editor only when both addresses are known", () => {
    expect(ownershipOf("Owner@Example.com", "owner@example.com")).toBe("owner");
    expect(ownershipOf("owner@example.com", "editor@example.com")).toBe("not_owner");
    expect(ownershipOf("owner@example.com", "")).toBe("unknown");
    expect(ownershipOf("", "owner@example.com")).toBe("no_owner");
  });
});

describe("switchFormulas", () => {
  it("the owner (or a caller who cannot be told apart) flips the switch in their own properties", () => {
    const user = memoryStore();
    const deps = { user, spreadsheetId: "s1", ownership: "owner" as const };
    expect(switchFormulas(deps, true)).toMatchObject({
      enabled: true,
      isOwner: true,
      ownerConfirmed: true,
    });
    expect(formulasEnabled(user, "s1")).toBe(true);
    expect(formulasEnabled(user, "s2")).toBe(false);
    expect(switchFormulas({ ...deps, ownership: "unknown" }, false)).toMatchObject({
      enabled: false,
      isOwner: true,
      ownerConfirmed: false,
    });
    expect(user.data.size).toBe(0);
  });

  it("an editor, or a shared drive with no owner, is refused and nothing is written", () => {
    const user = memoryStore();
    for (const ownership of ["not_owner", "no_owner"] as const)
      expect(() => switchFormulas({ user, spreadsheetId: "s1", ownership }, true)).toThrow(
        ownership === "not_owner" ? /Only the spreadsheet's owner/ : /shared drive/,
      );
    expect(user.calls).toBe(0);
  });
});

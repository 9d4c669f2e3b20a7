// Turning the formulas on recomputes the cells that said "off"; turning them off, or a refused switch, touches none.
import { describe, expect, it } from "vitest";
import type { Ownership } from "../../../src/features/formulas/settings.ts";
import { setFormulasEnabled } from "../../../src/features/formulas/switch.ts";
import { memoryStore } from "../../fakes/memory-store.ts";

function deps(ownership: Ownership) {
  const calls = { bump: 0, reenter: 0 };
  return {
    calls,
    deps: {
      settings: { user: memoryStore(), spreadsheetId: "sheet-1", ownership },
      bumpRefresh: () => {
        calls.bump++;
      },
      reenterFormulas: () => {
        calls.reenter++;
        return 3;
      },
    },
  };
}

describe("the formulas switch", () => {
  it("turned on by the owner, bumps the refresh cell and re-enters the formulas", () => {
    const { deps: d, calls } = deps("owner");
    expect(setFormulasEnabled(d, { enabled: true })).toMatchObject({
      enabled: true,
      recomputed: 3,
    });
    expect(calls).toEqual({ bump: 1, reenter: 1 });
  });

  it("turned off, recomputes nothing", () => {
    const { deps: d, calls } = deps("owner");
    expect(setFormulasEnabled(d, { enabled: false })).toMatchObject({ enabled: false });
    expect(calls).toEqual({ bump: 0, reenter: 0 });
  });

  it("refused to someone who is not the owner, recomputes nothing", () => {
    const { deps: d, calls } = deps("not_owner");
    expect(() => setFormulasEnabled(d, { enabled: true })).toThrow(
      expect.objectContaining({ code: "not_owner" }),
    );
    expect(calls).toEqual({ bump: 0, reenter: 0 });
  });

  it("refuses anything but a boolean", () => {
    const { deps: d, calls } = deps("owner");
    expect(() => setFormulasEnabled(d, { enabled: "yes" })).toThrow(
      expect.objectContaining({ code: "invalid_input", field: "enabled" }),
    );
    expect(calls.bump).toBe(0);
  });
});

// Safe custom functions through the real bundle: the owner's switch, clear failures, and nothing secret in a cell.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedValues, sheetFormulas } from "../../runtime/spreadsheet/index.ts";
import {
  DOC,
  EDITOR,
  type FormulaWorld,
  OWNER,
  runtimeWithoutEmailScope,
  startFormulaWorld,
} from "./formulas-kit.ts";

let w: FormulaWorld;
beforeAll(async () => {
  w = await startFormulaWorld({ groups: 120 });
});
afterAll(() => w.close());

const group = (options: { user?: string } = {}) =>
  w.cell("POSTHOG_GROUP", ["company", "acme-00012", "name"], options);
const OFF = "PostHog: formulas are off here (the owner can switch them on in the sidebar)";

/** Every cell text must be short and free of the host, paths and keys. */
function expectSafe(text: unknown): void {
  expect(typeof text).toBe("string");
  const message = String(text);
  expect(message).toMatch(/^PostHog: /);
  expect(message.length).toBeLessThan(100);
  expect(message).not.toMatch(/https?:|127\.0\.0\.1|\/api\/|phx_/);
}

interface Settings {
  enabled: boolean;
  isOwner: boolean;
  ownerConfirmed: boolean;
  refreshCell: string;
}

describe("the switch", () => {
  it("is off by default: a connected spreadsheet's formulas send nothing", () => {
    w.connect();
    w.runtime.resetCounts();
    expect(group()).toBe(OFF);
    expect(group({ user: EDITOR })).toBe(OFF);
    expect(w.requests()).toBe(0);
    expect(w.ok<Settings>("getFormulaSettings")).toMatchObject({ enabled: false });
  });

  it("switched on, enters the existing =POSTHOG_ cells again so Sheets recomputes them, and says how many", () => {
    // As in Sheets, a formula is computed when it is written, never again on its own.
    const computed: string[] = [];
    w.runtime.store.evaluateFormula = (formula) => {
      computed.push(formula);
      return OFF;
    };
    const formula = '=POSTHOG_GROUP("company", "acme-00012", "name")';
    seedValues(w.runtime.store, DOC, "Sheet1", "B2", [[formula, "=1+1"]]);
    computed.length = 0;
    try {
      const settings = w.ok<Settings & { recomputed?: number }>("setFormulasEnabled", {
        enabled: true,
      });
      expect(settings.recomputed).toBe(1);
      expect(computed).toEqual([formula]);
      expect(sheetFormulas(w.runtime.store, DOC, "Sheet1")[1]?.slice(1, 3)).toEqual([
        formula,
        "=1+1",
      ]);
    } finally {
      delete w.runtime.store.evaluateFormula;
    }
  });

  it("lives in the owner's own properties, keyed by the spreadsheet, and creates the refresh cell", () => {
    const settings = w.ok<Settings>("setFormulasEnabled", { enabled: true });
    expect(settings).toMatchObject({ enabled: true, refreshCell: "PostHogRefresh!A1" });
    expect(w.runtime.properties.user(OWNER).get(`posthog.formulas.${DOC}`)).toBe("on");
    expect([...w.runtime.properties.document(DOC).keys()].join()).not.toMatch(/formulas\.doc/);
    const sheet = w.runtime.store.documents
      .get(DOC)
      ?.sheets.find((s) => s.name === "PostHogRefresh");
    expect(sheet?.hidden).toBe(true);
  });

  it("once on, lets every editor's cells read with the owner's key", () => {
    expect(group()).toBe(group({ user: EDITOR }));
    expect(String(group({ user: EDITOR }))).not.toMatch(/^PostHog:/);
  });

  it("refuses a value that is not on or off", () => {
    expect(w.call("setFormulasEnabled", { enabled: "yes" })).toMatchObject({
      ok: false,
      code: "invalid_input",
    });
  });

  it("is refused to an editor with the reason, and the editor's cells stay off", () => {
    w.ok("setFormulasEnabled", { enabled: false });
    const asEditor = w.runtime.run("setFormulasEnabled", [{ enabled: true }], {
      user: EDITOR,
      documentId: DOC,
    });
    expect(asEditor).toMatchObject({ ok: false, code: "not_owner" });
    expect((asEditor as { message: string }).message).toMatch(/owner's PostHog key/);
    expect(
      w.runtime.run("getFormulaSettings", [], { user: EDITOR, documentId: DOC }),
    ).toMatchObject({
      ok: true,
      value: { isOwner: false, ownerConfirmed: true },
    });
    expect(w.runtime.properties.user(EDITOR).size).toBe(0);
    expect(w.runtime.properties.user(OWNER).get(`posthog.formulas.${DOC}`)).toBeUndefined();
    expect(group({ user: EDITOR })).toBe(OFF);
    expect(group()).toBe(OFF);
  });

  it("without the userinfo.email scope, lets the switch through but only the owner's own switch counts", () => {
    const runtime = runtimeWithoutEmailScope();
    try {
      const editor = runtime.run("setFormulasEnabled", [{ enabled: true }], { user: EDITOR });
      expect(editor).toMatchObject({ ok: true, value: { enabled: true, ownerConfirmed: false } });
      expect(runtime.properties.user(EDITOR).get(`posthog.formulas.${DOC}`)).toBe("on");
      expect(runtime.properties.user(OWNER).size).toBe(0);
    } finally {
      runtime.close();
    }
  });
});

describe("failures in cells", () => {
  beforeAll(() => {
    w.enable();
  });

  it("says when the owner is not connected, or the document has no project", () => {
    w.ok("disconnect");
    expect(group()).toBe("PostHog: not connected");
    w.ok("connect", { host: w.posthog.url, apiKey: w.posthog.personalApiKey });
    w.runtime.properties.document(DOC).delete("posthog.project");
    expect(group()).toBe("PostHog: no project chosen (open the sidebar)");
    w.ok("selectProject", { projectId: w.posthog.projectId });
    expect(String(group())).not.toMatch(/^PostHog:/);
  });

  it("says the key was rejected when it is revoked, without the key or the host", async () => {
    const key = await w.posthog.control.createKey({ label: "to revoke" });
    w.connect(key.key);
    await w.posthog.control.revokeKey(key.id);
    const text = w.cell("POSTHOG_GROUP_TYPES", []);
    expect(text).toBe("PostHog: key rejected (connect again in the sidebar)");
    expectSafe(text);
    expect(String(text)).not.toContain(key.key);
  });

  it("names the scope a key lacks", async () => {
    w.connect();
    const limited = await w.posthog.control.createKey({
      scopes: ["project:read", "user:read", "query:read"],
    });
    w.runtime.properties.user(OWNER).set("posthog.apiKey", limited.key);
    const text = w.cell("POSTHOG_GROUP", ["company", "acme-00012", "name"]);
    expect(text).toBe("PostHog: key lacks group:read");
    expectSafe(text);
    w.connect();
  });

  it("waits out a short throttle and shows the value", async () => {
    w.runtime.resetCounts();
    await w.posthog.control.addFault({ path: "groups_types", kind: "throttle", waitSeconds: 2 });
    const value = w.cell("POSTHOG_GROUP", ["company", "acme-00012", "name", "after-429"]);
    expect(String(value)).not.toMatch(/^PostHog:/);
    expect(w.requests()).toBeGreaterThanOrEqual(2);
  });

  it("shows a long throttle as a message with the wait, and works again after it", async () => {
    await w.posthog.control.addFault({ path: "groups_types", kind: "throttle", waitSeconds: 90 });
    const text = w.cell("POSTHOG_GROUP", ["company", "acme-00012", "name", "during-429"]);
    expect(text).toBe("PostHog: rate limited, try again in 90 s");
    expectSafe(text);
    w.runtime.advanceClock(91_000);
    expect(
      String(w.cell("POSTHOG_GROUP", ["company", "acme-00012", "name", "during-429"])),
    ).not.toMatch(/^PostHog:/);
  });

  it("hides PostHog's own failure texts behind a short message", async () => {
    await w.posthog.control.addFault({
      path: "groups_types",
      kind: "status",
      status: 500,
      count: null,
    });
    try {
      const types = w.cell("POSTHOG_GROUP_TYPES", ["server-down"]);
      expect(types).toBe("PostHog: server error, try again later");
      expectSafe(types);
    } finally {
      await w.posthog.control.clearFaults();
    }
  });

  it("never shows anything but a value or a short PostHog message for odd arguments", () => {
    const odd: unknown[][] = [
      [new Date(Date.UTC(2024, 0, 1)), "acme-00012", "name"],
      ["company", [[1.5], [true]], "name"],
      ["company", "acme-00012", [["name"], ["=1+1"]]],
      ["company", "x".repeat(500), "name"],
      [[["company", "project"]], "acme-00012", "name"],
    ];
    for (const args of odd) {
      const out = w.cell("POSTHOG_GROUP", args);
      const cells = Array.isArray(out) ? out.flat() : [out];
      for (const cell of cells)
        if (typeof cell === "string" && cell.startsWith("PostHog")) expectSafe(cell);
    }
  });
});

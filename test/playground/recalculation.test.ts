// The playground computes a formula again only when a cell it refers to changed: a warm PostHog cell is one execution.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Playground, startPlayground } from "../../playground/start-playground.ts";
import { cellModel, sheetValues } from "../../runtime/spreadsheet/index.ts";

let playground: Playground;
let sheet = "";
/** Custom-function executions (each one loads the bundle in a fresh context, as Apps Script does). */
let executions = 0;

function ok<T>(name: string, input: unknown): T {
  const reply = playground.host.run(name, [input]);
  if (!reply.ok) throw new Error(reply.message);
  const result = reply.value as { ok: boolean; value?: T; message?: string };
  if (!result.ok) throw new Error(`${name}: ${result.message}`);
  return result.value as T;
}

const value = (a1: string, on = sheet) =>
  cellModel(playground.host.runtime.store, playground.host.documentId, on, a1)?.value;

/** The company name the pulled sheet shows on `row`. */
function nameAt(row: number): unknown {
  const rows = sheetValues(playground.host.runtime.store, playground.host.documentId, sheet);
  return rows[row - 1]?.[(rows[0] ?? []).indexOf("name")];
}

/** Types `input` at `a1` and says how many custom-function executions that cost. */
function type(a1: string, input: string, on = sheet): number {
  const before = executions;
  expect(playground.host.type(on, a1, [[input]])).toEqual({ ok: true });
  return executions - before;
}

beforeAll(async () => {
  playground = await startPlayground({ port: 0, groups: 30 });
  const posthog = playground.posthog;
  if (!posthog) throw new Error("expected the local PostHog");
  ok("connect", { host: posthog.url, apiKey: posthog.personalApiKey });
  ok("selectProject", { projectId: posthog.projectId });
  let progress = ok<{ status: string; jobId: string; sheetName: string }>("startPull", {
    entity: "groups",
    groupTypeIndex: 0,
  });
  while (progress.status === "running") progress = ok("continuePull", { jobId: progress.jobId });
  sheet = progress.sheetName;
  ok("setFormulasEnabled", { enabled: true });
  const runtime = playground.host.runtime;
  const run = runtime.runCustomFunction.bind(runtime);
  runtime.runCustomFunction = (...args) => {
    executions++;
    return run(...args);
  };
}, 60_000);
afterAll(() => playground?.close());

describe("recalculation in the playground", () => {
  it("runs a warm =POSTHOG_GROUP cell once, whatever other formulas the document holds", () => {
    const name = nameAt(2);
    expect(type("Z2", '=POSTHOG_GROUP("company", A2, "name")')).toBe(1);
    expect(value("Z2")).toBe(name);
    expect(type("Z3", '=POSTHOG_GROUP("company", A2, "name", PostHogRefresh!A1)')).toBe(1);
    expect(type("Z4", '=POSTHOG_GROUP("company", A3:A5, "name")')).toBe(1);
    // Warm: the same cell again is still one execution, not one per formula of the document.
    expect(type("Z2", '=POSTHOG_GROUP("company", A2, "name")')).toBe(1);
    expect(value("Z2")).toBe(name);
  });

  it("computes nothing when the typed cell is no formula's input", () => {
    expect(type("Y10", "hello")).toBe(0);
    expect(type("Y10", "")).toBe(0);
  });

  it("computes again exactly the formulas that read a changed cell, and those that read them", () => {
    expect(type("AA2", "=LEN(Z2)")).toBe(0);
    const key = String(value("A2"));
    expect(type("A2", "no-such-key")).toBe(2);
    expect(String(value("Z2"))).toMatch(/^PostHog:|^$/);
    expect(value("AA2")).toBe(String(value("Z2")).length);
    expect(type("A4", key)).toBe(1);
    expect(type("A2", key)).toBe(2);
    expect(value("AA2")).toBe(String(nameAt(2)).length);
  });

  it("after the menu's Refresh PostHog formulas, computes the formulas that pass the refresh cell, once each", () => {
    const before = executions;
    expect(playground.host.menu("refreshFormulas")).toMatchObject({ ok: true });
    expect(executions - before).toBe(1);
    expect(value("Z3")).toBe(nameAt(2));
  });
});

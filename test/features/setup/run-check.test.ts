// Running Check setup over fakes: the key's scopes read once with the saved project, the report written as text,
// its own fetches counted toward the day's quota, and no key anywhere in the report.
import { describe, expect, it } from "vitest";
import { saveKey, saveProject } from "../../../src/features/connect/settings.ts";
import {
  REPORT_SHEET,
  runSetupCheck,
  type SetupDeps,
} from "../../../src/features/setup/run-check.ts";
import type { CellValue } from "../../../src/sheets/cells.ts";
import { jsonReply, memoryClient } from "../../fakes/memory-client.ts";
import { memoryStore } from "../../fakes/memory-store.ts";
import { memoryTransport } from "../../fakes/memory-transport.ts";

const KEY = "phx_setupcheckkey1234567890";

function deps(overrides: Partial<SetupDeps> = {}) {
  const transport = memoryTransport((request) =>
    request.url.endsWith("/api/personal_api_keys/@current/")
      ? jsonReply(200, { id: "k1", label: "sheets", scopes: ["*"], mask_value: "phx_...7890" })
      : jsonReply(404, {}),
  );
  const written: string[][][] = [];
  const clients: number[] = [];
  const d: SetupDeps = {
    user: memoryStore(),
    document: memoryStore(),
    clock: () => Date.UTC(2026, 11, 2, 9),
    makeClient: (input) => {
      clients.push(input.projectId);
      return memoryClient(transport, input);
    },
    probeHost: () => ({ kind: "response", status: 200 }),
    reportSheet: () => ({
      roundTrip: (cells: CellValue[][]) =>
        cells.map((row) => row.map((c) => (typeof c === "string" ? c.replace(/^'/, "") : c))),
      write: (rows) => written.push(rows),
    }),
    timeZone: "Europe/Berlin",
    intl: Intl,
    ownership: "owner",
    triggerInstalled: false,
    fetchesSoFar: () => 3,
    ...overrides,
  };
  return { d, transport, written, clients };
}

describe("runSetupCheck", () => {
  it("reads the key's scopes with the saved project, writes one report and counts its fetches", () => {
    const { d, transport, written, clients } = deps();
    saveKey({ user: d.user, document: d.document }, { host: "us", apiKey: KEY });
    saveProject(
      { user: d.user, document: d.document },
      { host: "us", projectId: 42, projectName: "Demo", canQuery: true },
    );
    const report = runSetupCheck(d);
    expect(report.sheetName).toBe(REPORT_SHEET);
    expect(report.passed + report.failed).toBe(report.lines.length);
    expect(clients).toEqual([42]);
    expect(transport.requests.map((r) => r.url.replace(/^https:\/\/[^/]+/, ""))).toEqual([
      "/api/personal_api_keys/@current/",
    ]);
    expect(written).toHaveLength(1);
    expect(JSON.stringify(written)).not.toContain(KEY);
    expect(d.user.get("posthog.usage")).toContain('"fetches":3');
  });

  it("checks without a key: no client, and the scopes line says to connect", () => {
    const { d, clients, written } = deps();
    const report = runSetupCheck(d);
    expect(clients).toEqual([]);
    expect(report.failed).toBeGreaterThan(0);
    expect(written).toHaveLength(1);
  });
});

// The pure setup check over a fake platform: each line passes or fails on what the platform answers.
import { describe, expect, it } from "vitest";
import { PostHogError } from "../../../src/api/errors.ts";
import {
  checkSetup,
  reportRows,
  type SetupLine,
  type SetupPlatform,
} from "../../../src/features/setup/check-setup.ts";
import type { CellValue } from "../../../src/sheets/cells.ts";

/** A platform whose scratch range keeps what Sheets keeps in an Automatic cell (the apostrophe is dropped). */
function platform(overrides: Partial<SetupPlatform> = {}): SetupPlatform & { trips: number } {
  const p = {
    trips: 0,
    connection: { host: "us", origin: "https://us.posthog.com" },
    readScopes: () => ["*"],
    probeHost: () => ({ kind: "response" as const, status: 200 }),
    roundTrip(cells: CellValue[][]) {
      p.trips++;
      return cells.map((row) =>
        row.map((c) => (typeof c === "string" && c.startsWith("'") ? c.slice(1) : c)),
      );
    },
    timeZone: "Europe/Berlin",
    intl: Intl,
    ownership: "owner" as const,
    trigger: {
      installed: false,
      scheduledSheets: 0,
      lastRunAt: null,
      lastResult: null,
      lastMessage: null,
      pausedUntil: null,
    },
    usage: { windowStartedAt: 0, fetches: 12, triggerMs: 120_000 },
    ...overrides,
  };
  return p;
}

const byCheck = (lines: SetupLine[], prefix: string) =>
  lines.find((l) => l.check.startsWith(prefix));

describe("checkSetup", () => {
  it("passes every line on a healthy platform, with nothing to do", () => {
    const p = platform();
    const lines = checkSetup(p, 1000);
    expect(lines.map((l) => [l.check, l.ok])).toEqual([
      ["PostHog key scopes", true],
      ["Host on the add-on's allowlist", true],
      ["Host reachable", true],
      ["Text round trip (plain text and apostrophes)", true],
      ["Date round trip to the millisecond (Europe/Berlin)", true],
      ["Intl time-zone support", true],
      ["Spreadsheet owner (for formulas)", true],
      ["Scheduled refresh trigger", true],
      ["Today's Apps Script quota use (as the add-on counts it)", true],
    ]);
    expect(lines.every((l) => l.todo === "")).toBe(true);
    expect(p.trips).toBe(3); // Automatic, Plain text, the date
  });

  it("fails the text line when a Plain text cell keeps the apostrophe, naming the value", () => {
    const lines = checkSetup(
      platform({
        roundTrip: (cells, plainText) =>
          plainText
            ? cells
            : cells.map((r) => r.map((c) => (typeof c === "string" ? c.replace(/^'/, "") : c))),
      }),
      0,
    );
    const text = byCheck(lines, "Text round trip");
    expect(text?.ok).toBe(false);
    expect(text?.detail).toContain(`"=1+1" reads back as "'=1+1" in a Plain text cell`);
    expect(text?.todo).toMatch(/support/);
  });

  it("fails the date line when the instant shifts", () => {
    const lines = checkSetup(
      platform({
        roundTrip: (cells) =>
          cells.map((r) =>
            r.map((c) => (c instanceof Date ? new Date(c.getTime() - 3_600_000) : c)),
          ),
      }),
      0,
    );
    expect(byCheck(lines, "Date round trip")).toMatchObject({
      ok: false,
      detail: "2026-03-29T01:30:45.123Z read back as 2026-03-29T00:30:45.123Z.",
    });
  });

  it("fails Intl without time-zone data, scopes that miss a feature, an unreachable host, a non-owner", () => {
    const noZones = {
      DateTimeFormat: class {
        resolvedOptions() {
          return { timeZone: "UTC" };
        }
        format() {
          return "00";
        }
      },
    } as unknown as typeof Intl;
    const lines = checkSetup(
      platform({
        intl: noZones,
        readScopes: () => ["cohort:read"],
        probeHost: () => ({ kind: "unreachable", reason: "DNS error." }),
        ownership: "not_owner",
      }),
      0,
    );
    expect(byCheck(lines, "Intl")?.ok).toBe(false);
    expect(byCheck(lines, "PostHog key scopes")?.detail).toContain(
      "Pull groups, group types and related groups (needs group:read)",
    );
    expect(byCheck(lines, "Host reachable")?.detail).toBe(
      "https://us.posthog.com did not answer: DNS error.",
    );
    expect(byCheck(lines, "Spreadsheet owner")?.ok).toBe(false);
  });

  it("says why the scopes could not be read, and when paused refreshes resume", () => {
    const lines = checkSetup(
      platform({
        readScopes: () => {
          throw new PostHogError({ code: "invalid_key", message: "The key was refused." });
        },
        trigger: {
          installed: true,
          scheduledSheets: 2,
          lastRunAt: "2026-12-02T10:00:00.000Z",
          lastResult: "ok",
          lastMessage: "Scheduled refreshes are paused: today's share is used up.",
          pausedUntil: "2026-12-03T09:00:00.000Z",
        },
        usage: { windowStartedAt: 0, fetches: 15_000, triggerMs: 0 },
      }),
      Date.parse("2026-12-02T12:00:00.000Z"),
    );
    const scopes = byCheck(lines, "PostHog key scopes");
    expect(scopes?.ok).toBe(false);
    expect(scopes?.detail).toMatch(/^The key's scopes could not be read: /);
    expect(byCheck(lines, "Scheduled refresh trigger")?.detail).toContain(
      "Paused until 2026-12-03T09:00:00.000Z",
    );
    expect(byCheck(lines, "Today's Apps Script quota use")?.ok).toBe(false);
  });

  it("lays the report out as a title block, a header and a row per line", () => {
    const rows = reportRows(checkSetup(platform(), 0), {
      at: 0,
      version: "1.2.3",
      timeZone: "Europe/Berlin",
      host: "https://us.posthog.com",
    });
    expect(rows[3]).toEqual(["Check", "Result", "Details", "What to do"]);
    expect(rows[2]?.[0]).toBe("9 of 9 checks passed.");
    expect(rows.every((r) => r.length === 4)).toBe(true);
  });
});

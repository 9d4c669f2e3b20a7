// Ingestion lag: /batch/ $groupidentify events reach the groups only after a realistic delay (a minute by default).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalPostHog, startLocalPostHog } from "../../posthog-local/index";
import { defaultSettings } from "../../posthog-local/settings";
import { groupIdentify } from "./helpers";

let ph: LocalPostHog;

beforeAll(async () => {
  ph = await startLocalPostHog({ groups: 5, lagMs: 0 });
});
afterAll(() => ph.close());

const identify = (key: string) => groupIdentify(ph, key, { plan: "late" });

describe("ingestion lag", () => {
  it("defaults to a minute, as PostHog's pipeline takes seconds to minutes", () => {
    expect(defaultSettings().captureDelayMs).toBeGreaterThanOrEqual(30_000);
  });

  it("shows a captured update only once the lag has passed on the server's clock", async () => {
    expect((await identify("lag-co")).status).toBe(200);
    await ph.control.advanceClock(29_000);
    expect((await ph.control.group("lag-co")).postgres).toBeNull();
    await ph.control.advanceClock(32_000);
    expect((await ph.control.group("lag-co")).postgres?.group_properties).toEqual({ plan: "late" });
  });

  it("takes a shorter lag through the settings, for tests", async () => {
    await ph.control.settings({ captureDelayMs: 1000 });
    await identify("quick-co");
    await ph.control.advanceClock(1000);
    expect((await ph.control.group("quick-co")).postgres?.group_properties).toEqual({
      plan: "late",
    });
  });
});

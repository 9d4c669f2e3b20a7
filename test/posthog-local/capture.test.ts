// /batch/ capture: project-token auth, plain-text errors, and $groupidentify applied after the ingestion delay.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalPostHog, startLocalPostHog } from "../../posthog-local/index";
import { client } from "./helpers";

let ph: LocalPostHog;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  ph = await startLocalPostHog({ groups: 30, captureDelayMs: 3000, lagMs: 1000 });
  api = client(ph);
});
afterAll(() => ph.close());

const identify = (key: string, set: Record<string, unknown>, type = "company") => ({
  event: "$groupidentify",
  distinct_id: "sheets-addon",
  properties: { $group_type: type, $group_key: key, $group_set: set },
});

const batch = (body: unknown) =>
  api.call("POST", "/batch/", {
    key: null,
    rawBody: JSON.stringify(body),
    headers: { "Content-Type": "application/json" },
  });
const find = (key: string, type = 0) =>
  api.get(
    `/api/projects/1/groups/find/?group_type_index=${type}&group_key=${encodeURIComponent(key)}&skip_create_notebook=true`,
  );

describe("/batch/", () => {
  it("answers {status: Ok}, records the events and applies $groupidentify after the delay, merging $group_set", async () => {
    const res = await batch({
      api_key: ph.projectToken,
      batch: [identify("acme-00012", { tier: "gold" }), identify("batch-new-co", { name: "New" })],
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: "Ok" });
    const events = await ph.control.events({ event: "$groupidentify" });
    expect(events.filter((e) => e.source === "capture")).toHaveLength(2);
    expect((await find("batch-new-co")).status).toBe(404);
    expect((await find("acme-00012")).json.group_properties).not.toHaveProperty("tier");
    await ph.control.advanceClock(3001);
    const merged = await find("acme-00012");
    expect(merged.json.group_properties.tier).toBe("gold");
    expect(merged.json.group_properties).toHaveProperty("industry");
    expect((await find("batch-new-co")).status).toBe(200);
  });

  it("reaches the list after the delay plus the ClickHouse lag", async () => {
    await batch({
      api_key: ph.projectToken,
      batch: [identify("batch-listed-co", { name: "Listed" })],
    });
    await ph.control.advanceClock(3001);
    const soon = await api.get("/api/projects/1/groups/?group_type_index=0&search=batch-listed-co");
    expect(soon.json.results).toEqual([]);
    await ph.control.advanceClock(1000);
    const later = await api.get(
      "/api/projects/1/groups/?group_type_index=0&search=batch-listed-co",
    );
    expect(later.json.results.map((g: { group_key: string }) => g.group_key)).toEqual([
      "batch-listed-co",
    ]);
  });

  it("accepts token and $token aliases and creates a new group type on first use", async () => {
    await batch({ token: ph.projectToken, batch: [identify("ws-1", { seats: 3 }, "workspace")] });
    await batch({ $token: ph.projectToken, batch: [identify("ws-2", {}, "workspace")] });
    await ph.control.flush();
    const types = await api.get("/api/projects/1/groups_types/");
    const workspace = types.json.find((t: { group_type: string }) => t.group_type === "workspace");
    expect(workspace.group_type_index).toBe(3);
    expect((await find("ws-1", 3)).json.group_properties).toEqual({ seats: 3 });
  });

  it("answers plain-text errors for bad bodies and bad tokens", async () => {
    const cases: [unknown, number, string][] = [
      [{ batch: [identify("a", {})] }, 401, "event submitted without an api_key"],
      [
        { api_key: ph.personalApiKey, batch: [identify("a", {})] },
        401,
        "API key is not valid: personal_api_key",
      ],
      [{ api_key: ph.projectToken, batch: [] }, 400, "request holds no event"],
      [
        { api_key: ph.projectToken, batch: [{ event: "$groupidentify", properties: {} }] },
        400,
        "event submitted without a distinct_id",
      ],
      [
        { api_key: ph.projectToken, batch: [{ distinct_id: "x" }] },
        400,
        "event submitted with an empty event name",
      ],
      [
        [
          { ...identify("a", {}), api_key: "phc_a" },
          { ...identify("b", {}), api_key: "phc_b" },
        ],
        401,
        "batch submitted with inconsistent api_key values",
      ],
    ];
    for (const [body, status, text] of cases) {
      const res = await batch(body);
      expect(res.status).toBe(status);
      expect(res.text).toBe(text);
      expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    }
    const broken = await api.call("POST", "/batch/", { key: null, rawBody: "{nope" });
    expect(broken.status).toBe(400);
    expect(broken.text).toMatch(/^failed to parse request: /);
  });

  it("accepts an unknown project token with 200 but drops the events", async () => {
    const res = await batch({ api_key: "phc_unknown", batch: [identify("dropped-co", {})] });
    expect(res.status).toBe(200);
    await ph.control.flush();
    const events = await ph.control.events({ event: "$groupidentify" });
    expect(events.at(-1)?.dropped).toBe("no project has this token");
    expect((await find("dropped-co")).status).toBe(404);
  });
});

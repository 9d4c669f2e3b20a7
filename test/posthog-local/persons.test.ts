// persons/: the exact email and distinct_id filters and the batch lookups (posthog/api/person.py).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalPostHog, startLocalPostHog } from "../../posthog-local/index";
import { client } from "./helpers";

let ph: LocalPostHog;
let api: ReturnType<typeof client>;
const P = "/api/projects/1/persons";

beforeAll(async () => {
  ph = await startLocalPostHog({ groups: 10 });
  api = client(ph);
});
afterAll(() => ph.close());

describe("persons", () => {
  it("filters the list by exact email and by distinct id", async () => {
    const one = await api.get(`${P}/?email=${encodeURIComponent("user1@example.com")}`);
    expect(one.status).toBe(200);
    expect(one.json.results).toHaveLength(1);
    expect(one.json.results[0].properties.email).toBe("user1@example.com");
    expect(one.json).not.toHaveProperty("count");
    const none = await api.get(`${P}/?email=${encodeURIComponent("User1@example.com")}`);
    expect(none.json.results).toEqual([]);
    const byId = await api.get(`${P}/?distinct_id=${encodeURIComponent("user1@example.com")}`);
    expect(byId.json.results[0].uuid).toBe(one.json.results[0].uuid);
    const nobody = await api.get(`${P}/?distinct_id=Ada%20Lovelace`);
    expect(nobody.json.results).toEqual([]);
  });

  it("looks up distinct ids in a batch, keyed by the ids found, at most 200", async () => {
    const res = await api.post(`${P}/batch_by_distinct_ids/`, {
      distinct_ids: ["user2@example.com", "Ada Lovelace"],
    });
    expect(res.status).toBe(200);
    expect(Object.keys(res.json.results)).toEqual(["user2@example.com"]);
    expect(res.json.results["user2@example.com"]).toMatchObject({
      name: "user2@example.com",
      distinct_ids: expect.arrayContaining(["user2@example.com"]),
    });
    const many = Array.from({ length: 250 }, (_, i) => `x${i}`);
    many[220] = "user3@example.com";
    const capped = await api.post(`${P}/batch_by_distinct_ids/`, { distinct_ids: many });
    expect(capped.json.results).toEqual({});
    expect((await api.post(`${P}/batch_by_distinct_ids/`, { distinct_ids: [] })).json).toEqual({
      results: {},
    });
  });

  it("looks up UUIDs in a batch and refuses a malformed one", async () => {
    const known = (await api.get(`${P}/?email=user4%40example.com`)).json.results[0].uuid;
    const res = await api.post(`${P}/batch_by_uuids/`, {
      uuids: [known, "00000000-0000-4000-8000-000000000000"],
    });
    expect(Object.keys(res.json.results)).toEqual([known]);
    const bad = await api.post(`${P}/batch_by_uuids/`, { uuids: ["Ada"] });
    expect(bad.status).toBe(400);
    expect(bad.json.detail).toBe("One or more UUIDs are invalid.");
  });

  it("needs person:read", async () => {
    const created = await ph.control.createKey({ scopes: ["cohort:read"] });
    const res = await api.post(
      `${P}/batch_by_distinct_ids/`,
      { distinct_ids: ["a"] },
      { key: created.key },
    );
    expect(res.status).toBe(403);
    expect(res.json.detail).toBe("API key missing required scope 'person:read'");
  });
});

// Stored JSON: REST writes keep Python's json.dumps text (non-ASCII escaped), ingestion keeps the raw characters,
// and ILIKE (HogQL and the REST list's search) sees exactly that text.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalPostHog, startLocalPostHog } from "../../posthog-local/index";
import { client, groupIdentify } from "./helpers";

let ph: LocalPostHog;
let api: ReturnType<typeof client>;
const G = "/api/projects/1/groups";
const FB = { refresh: "force_blocking" };

beforeAll(async () => {
  ph = await startLocalPostHog({ groups: 20, lagMs: 0, captureDelayMs: 0 });
  api = client(ph);
  await api.post(`${G}/`, { group_type_index: 0, group_key: "rest-co", group_properties: {} });
  await api.post(`${G}/update_property/?group_type_index=0&group_key=rest-co`, {
    key: "city",
    value: "München",
  });
  await groupIdentify(ph, "ingested-co", { city: "München" });
  await ph.control.flush();
});
afterAll(() => ph.close());

const search = async (patterns: string[]) =>
  (
    await api.query(
      `SELECT key FROM groups WHERE index = 0 AND (${patterns
        .map((_, i) => `properties ILIKE {p${i}}`)
        .join(" OR ")} OR lower(key) = lower({term})) ORDER BY key`,
      { ...Object.fromEntries(patterns.map((p, i) => [`p${i}`, p])), term: "" },
      FB,
    )
  ).json;

describe("stored JSON", () => {
  it("stores REST writes as json.dumps text and ingested ones as the raw characters", async () => {
    const rest = await ph.control.group("rest-co");
    expect(rest.clickhouse?.properties_json).toBe('{"city": "M\\u00fcnchen"}');
    const ingested = await ph.control.group("ingested-co");
    expect(ingested.clickhouse?.properties_json).toBe('{"city":"München"}');
    // Postgres (what find reads) holds the value itself either way.
    expect(rest.postgres?.group_properties).toEqual({ city: "München" });
  });

  it("lets a HogQL ILIKE on the raw text miss REST-written values, and the escaped spelling find them", async () => {
    expect((await search(["%münchen%"])).results).toEqual([["ingested-co"]]);
    expect((await search(["%m\\\\u00fcnchen%"])).results).toEqual([["rest-co"]]);
    expect((await search(["%münchen%", "%m\\\\u00fcnchen%"])).results).toEqual([
      ["ingested-co"],
      ["rest-co"],
    ]);
  });

  it("does the same in the REST list's search", async () => {
    const keys = async (term: string) =>
      (await api.get(`${G}/?group_type_index=0&search=${encodeURIComponent(term)}`)).json.results
        .map((g: { group_key: string }) => g.group_key)
        .sort();
    expect(await keys("münchen")).toEqual(["ingested-co"]);
    expect(await keys("M\\u00fcnchen")).toEqual(["rest-co"]);
  });

  it("rewrites the whole row when ingestion updates a REST-written group", async () => {
    await groupIdentify(ph, "rest-co", { n: 1 });
    await ph.control.flush();
    const rest = await ph.control.group("rest-co");
    expect(rest.clickhouse?.properties_json).toBe('{"city":"München","n":1}');
  });
});

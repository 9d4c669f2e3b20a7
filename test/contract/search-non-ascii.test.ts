// Contract: a search for non-ASCII text finds it whichever path wrote it: REST (stored JSON-escaped by
// json.dumps) or ingestion (stored raw), through the query API and through the REST groups list.
import { describe, expect, it } from "vitest";
import { useContract } from "./kit.ts";

const kit = useContract({ groups: 40 });

/** Writes the groups once (the client works inside a test, where the kit has its runtime). */
let seeded = false;
async function seed(): Promise<void> {
  if (seeded) return;
  seeded = true;
  await kit.control.settings({ lagMs: 0 });
  const client = kit.client();
  client.groups.create({
    groupTypeIndex: 0,
    groupKey: "rest-münchen",
    properties: { city: "München", name: "Rest GmbH" },
  });
  client.groups.create({ groupTypeIndex: 0, groupKey: "rest-upper", properties: {} });
  client.groups.updateProperty({
    groupTypeIndex: 0,
    groupKey: "rest-upper",
    key: "city",
    value: "MÜNCHEN",
  });
  client.capture.groupIdentify(
    [{ groupType: "company", groupKey: "ingested-münchen", properties: { city: "München" } }],
    { projectToken: kit.ph.projectToken },
  );
  await kit.control.flush();
}

const WANTED = ["ingested-münchen", "rest-münchen", "rest-upper"];

describe("search for non-ASCII text", () => {
  it("is stored both ways in the local PostHog", async () => {
    await seed();
    expect((await kit.control.group("rest-münchen")).clickhouse?.properties_json).toContain(
      "M\\u00fcnchen",
    );
    expect((await kit.control.group("ingested-münchen")).clickhouse?.properties_json).toContain(
      "München",
    );
  });

  it("finds REST-written and ingested values through the query API", async () => {
    await seed();
    for (const term of ["münchen", "München", "MÜNCHEN", "ünch"]) {
      const page = kit.client().query.readGroupsPage({ groupTypeIndex: 0, search: term });
      // Typed, lower-case and upper-case escapes: "München" stored as MÜNCHEN is found from any case.
      expect(page.rows.map((r) => r.key).sort(), term).toEqual(WANTED);
    }
  });

  it("finds them through the REST list too, each group once", async () => {
    await seed();
    const found = kit.client().groups.listMatching({ groupTypeIndex: 0, search: "München" });
    expect(found.items.map((g) => g.group_key).sort()).toEqual(WANTED);
  });

  it("misses the REST-written ones with the raw spelling alone, as PostHog's own search does", async () => {
    await seed();
    const raw = kit.client().groups.listAll({ groupTypeIndex: 0, search: "münchen" });
    expect(raw.items.map((g) => g.group_key)).toEqual(["ingested-münchen"]);
  });
});

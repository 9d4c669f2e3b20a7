// Contract: group writes through /batch/ `$groupidentify`, visible to the API once ingestion has run.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { GroupIdentify } from "../../src/api/capture.ts";
import { failure, itKeepsTheRequestLogClean, useContract } from "./kit.ts";

const kit = useContract({ groups: 120 });

beforeEach(async () => {
  // Ingestion only happens on control.flush(): nothing shows early however slow the machine.
  await kit.control.settings({ captureDelayMs: 3_600_000 });
});
afterEach(async () => {
  await kit.control.clearFaults();
});

describe("capture /batch/ $groupidentify", () => {
  it("sends the events with the project token in the body, and the change shows after ingestion", async () => {
    const client = kit.client();
    const ref = { groupTypeIndex: 0, groupKey: "acme-00012" };
    const before = client.groups.find(ref).group_properties;
    const groups: GroupIdentify[] = [
      { groupType: "company", groupKey: "acme-00012", properties: { plan: "contract", seats: 9 } },
      {
        groupType: "company",
        groupKey: "contract-captured",
        properties: { name: "Captured Ltd", zip: "00123", formula: "=1+1" },
      },
    ];
    const result = client.capture.groupIdentify(groups, { projectToken: kit.ph.projectToken });
    expect(result).toEqual({ kind: "done", sent: 2, requests: 1, quotaLimited: [] });

    const [batch] = await kit.requests({ path: "^/batch/$" });
    expect(batch).toMatchObject({ method: "POST", status: 200, keyId: null });
    expect(batch?.body).toMatchObject({
      api_key: kit.ph.projectToken,
      historical_migration: false,
      batch: [
        {
          event: "$groupidentify",
          distinct_id: "posthog-sheets-addon",
          properties: {
            $group_type: "company",
            $group_key: "acme-00012",
            $group_set: groups[0]?.properties,
          },
        },
        expect.objectContaining({ event: "$groupidentify" }),
      ],
    });
    const events = await kit.control.events({ event: "$groupidentify" });
    expect(events.filter((e) => e.source === "capture")).toHaveLength(2);

    // Not applied yet: reads lag behind ingestion.
    expect(client.groups.find(ref).group_properties).toEqual(before);
    expect(
      failure(() => client.groups.find({ groupTypeIndex: 0, groupKey: "contract-captured" })).code,
    ).toBe("not_found");

    await kit.control.flush();
    expect(client.groups.find(ref).group_properties).toEqual({
      ...before,
      plan: "contract",
      seats: 9,
    });
    expect(
      client.groups.find({ groupTypeIndex: 0, groupKey: "contract-captured" }).group_properties,
    ).toEqual(groups[1]?.properties);
    const [row] = client.query.readGroupsByKeys({
      groupTypeIndex: 0,
      keys: ["contract-captured"],
      properties: ["zip", "formula"],
    });
    expect(row?.properties).toEqual({ zip: "00123", formula: "=1+1" });
  });

  it("splits large uploads into batches, and a new group type appears after ingestion", async () => {
    const client = kit.client();
    const groups: GroupIdentify[] = Array.from({ length: 5 }, (_, i) => ({
      groupType: "contract_workspace",
      groupKey: `ws-${i}`,
      properties: { n: i },
    }));
    const result = client.capture.groupIdentify(groups, {
      projectToken: kit.ph.projectToken,
      maxEventsPerRequest: 2,
      distinctId: "sheet-import",
    });
    expect(result).toMatchObject({ kind: "done", sent: 5, requests: 3 });
    const batches = await kit.requests({ path: "^/batch/$" });
    expect(batches.map((e) => (e.body as { batch: unknown[] }).batch.length)).toEqual([2, 2, 1]);

    expect(client.groupTypes.list().map((t) => t.group_type)).not.toContain("contract_workspace");
    await kit.control.flush();
    const type = client.groupTypes.list().find((t) => t.group_type === "contract_workspace");
    expect(type?.group_type_index).toBe(3);
    const listed = client.groups.listAll({ groupTypeIndex: 3 }).items;
    expect(listed.map((g) => g.group_key).sort()).toEqual(["ws-0", "ws-1", "ws-2", "ws-3", "ws-4"]);
  });

  it("reports a rejected token as invalid_key, a failed batch as partial (never resent), and refuses personal keys", async () => {
    const client = kit.client();
    const groups: GroupIdentify[] = [
      { groupType: "company", groupKey: "acme-00024", properties: { x: 1 } },
    ];
    const rejected = client.capture.groupIdentify(groups, {
      projectToken: `phc_${"x".repeat(70)}`,
    });
    expect(rejected).toMatchObject({ kind: "partial", sent: 0, requests: 0 });
    expect(rejected.kind === "partial" && rejected.error).toMatchObject({
      code: "invalid_key",
      status: 401,
    });

    await kit.control.addFault({ path: "^/batch/$", kind: "status", status: 503 });
    const twice = [...groups, { ...groups[0], groupKey: "acme-00036" } as GroupIdentify];
    const failed = client.capture.groupIdentify(twice, {
      projectToken: kit.ph.projectToken,
      maxEventsPerRequest: 1,
    });
    expect(failed).toMatchObject({ kind: "partial", sent: 0, requests: 0, remaining: twice });
    expect(failed.kind === "partial" && failed.error.code).toBe("server_error");
    expect(kit.slept).toEqual([]);

    expect(
      failure(() => client.capture.groupIdentify(groups, { projectToken: kit.ph.personalApiKey }))
        .code,
    ).toBe("invalid_input");
    expect((await kit.requests()).map((e) => e.status)).toEqual([401, 503]);
  });
});

itKeepsTheRequestLogClean(kit);

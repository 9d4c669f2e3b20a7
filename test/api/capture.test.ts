// Capture: $groupidentify batches to the ingestion host with the project token, plain-text errors, no retries.
import { describe, expect, it } from "vitest";
import { createPostHogClient } from "../../src/api/client";
import { fakeClock } from "../fakes/fake-clock.ts";
import { memoryStore } from "../fakes/memory-store.ts";
import { FakeTransport, KEY, testClient } from "./fake-transport";

describe("capture: $groupidentify through /batch/", () => {
  it("posts to the ingestion host with the project token in the body, never the personal key", () => {
    const { client, transport } = testClient();
    transport.on("POST", "/batch/", { status: 200, body: { status: "Ok" } });
    const result = client.capture.groupIdentify(
      [
        {
          groupType: "company",
          groupKey: "acme/1",
          properties: { plan: "pro", seats: 5 },
          timestamp: "2026-01-01T00:00:00Z",
        },
      ],
      { projectToken: "phc_project" },
    );
    expect(result).toEqual({ kind: "done", sent: 1, requests: 1, quotaLimited: [] });
    const r = transport.last;
    expect(r.url).toBe("https://us.i.posthog.com/batch/");
    expect(r.headers.authorization).toBeUndefined();
    expect(JSON.stringify(r)).not.toContain(KEY);
    expect(JSON.parse(r.body ?? "")).toEqual({
      api_key: "phc_project",
      historical_migration: false,
      batch: [
        {
          event: "$groupidentify",
          distinct_id: "posthog-sheets-addon",
          timestamp: "2026-01-01T00:00:00Z",
          properties: {
            $group_type: "company",
            $group_key: "acme/1",
            $group_set: { plan: "pro", seats: 5 },
          },
        },
      ],
    });
  });

  it("uses the instance's own host when self-hosted", () => {
    const transport = new FakeTransport().on("POST", "/batch/", {
      status: 200,
      body: { status: "Ok" },
    });
    const time = fakeClock();
    const client = createPostHogClient({
      connection: { host: "http://localhost:8010", apiKey: KEY, projectId: 1 },
      transport,
      sleep: time.sleep,
      clock: time.now,
      store: memoryStore(),
    });
    client.capture.groupIdentify([{ groupType: "company", groupKey: "a", properties: {} }], {
      projectToken: "phc_x",
    });
    expect(transport.last.url).toBe("http://localhost:8010/batch/");
  });

  it("splits into batches and reports quota limits", () => {
    const { client, transport } = testClient();
    transport.on("POST", "/batch/", {
      status: 200,
      body: { status: "Ok", quota_limited: ["events"] },
    });
    const groups = Array.from({ length: 5 }, (_, i) => ({
      groupType: "company",
      groupKey: `g${i}`,
      properties: {},
    }));
    const result = client.capture.groupIdentify(groups, {
      projectToken: "phc_x",
      maxEventsPerRequest: 2,
    });
    expect(result).toEqual({ kind: "done", sent: 5, requests: 3, quotaLimited: ["events"] });
    expect(
      transport.requests.map(
        (r) => (JSON.parse(r.body ?? "") as { batch: unknown[] }).batch.length,
      ),
    ).toEqual([2, 2, 1]);
  });

  it("reads capture's plain-text errors and stops without retrying, listing what is left", () => {
    const { client, transport } = testClient();
    transport.on(
      "POST",
      "/batch/",
      { status: 200, body: { status: "Ok" } },
      { status: 401, body: "invalid api key" },
    );
    const groups = Array.from({ length: 3 }, (_, i) => ({
      groupType: "company",
      groupKey: `g${i}`,
      properties: {},
    }));
    const result = client.capture.groupIdentify(groups, {
      projectToken: "phc_x",
      maxEventsPerRequest: 1,
    });
    expect(result.kind).toBe("partial");
    if (result.kind !== "partial") return;
    expect([result.sent, result.error.code, result.error.detail, result.remaining.length]).toEqual([
      1,
      "invalid_key",
      "invalid api key",
      2,
    ]);
    expect(result.error.message).toMatch(/project API token/);
    expect(transport.requests).toHaveLength(2);
  });

  it("refuses a personal key as project token and bad groups before sending", () => {
    const { client, transport } = testClient();
    const one = [{ groupType: "company", groupKey: "a", properties: {} }];
    expect(() => client.capture.groupIdentify(one, { projectToken: KEY })).toThrow(
      expect.objectContaining({ field: "projectToken" }),
    );
    expect(() =>
      client.capture.groupIdentify([{ groupType: "", groupKey: "a", properties: {} }], {
        projectToken: "phc_x",
      }),
    ).toThrow(expect.objectContaining({ field: "groupType" }));
    expect(() =>
      client.capture.groupIdentify([{ groupType: "c", groupKey: "", properties: {} }], {
        projectToken: "phc_x",
      }),
    ).toThrow(expect.objectContaining({ code: "invalid_input" }));
    expect(transport.requests).toHaveLength(0);
  });
});

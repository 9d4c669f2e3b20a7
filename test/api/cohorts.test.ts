// Cohorts: CRUD with soft delete, persons, static membership in batches of 1,000, CSV multipart, activity.
import { describe, expect, it } from "vitest";
import { envelope, P, queryOf, testClient } from "./fake-transport";

const cohort = {
  id: 5,
  name: "VIP",
  deleted: false,
  filters: null,
  is_calculating: false,
  count: null,
  is_static: true,
};
const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;

describe("cohorts", () => {
  it("lists with filters and limit/offset", () => {
    const { client, transport } = testClient();
    transport.on("GET", `${P}/cohorts/`, {
      status: 200,
      body: { count: 1, next: null, previous: null, results: [cohort] },
    });
    client.cohorts.list({ search: "vip", type: "static", limit: 10, offset: 20 });
    expect(queryOf(transport.last.url)).toEqual({
      limit: "10",
      offset: "20",
      search: "vip",
      type: "static",
    });
  });

  it("gets, creates, updates, and soft-deletes with PATCH — never DELETE", () => {
    const { client, transport } = testClient();
    transport.on("GET", `${P}/cohorts/5/`, { status: 200, body: cohort });
    transport.on("POST", `${P}/cohorts/`, { status: 201, body: cohort });
    transport.on("PATCH", `${P}/cohorts/5/`, { status: 200, body: { ...cohort, deleted: true } });
    client.cohorts.get(5);
    const filters = {
      properties: {
        type: "AND",
        values: [{ type: "person", key: "email", operator: "icontains", value: "@acme" }],
      },
    };
    client.cohorts.create({ name: "VIP", filters });
    expect(JSON.parse(transport.last.body ?? "")).toEqual({ name: "VIP", filters });
    client.cohorts.update(5, { name: "VIPs" });
    expect([transport.last.method, transport.last.body]).toEqual(["PATCH", '{"name":"VIPs"}']);
    expect(client.cohorts.softDelete(5).deleted).toBe(true);
    expect([transport.last.method, transport.last.body]).toEqual(["PATCH", '{"deleted":true}']);
    expect(transport.requests.some((r) => r.method === "DELETE")).toBe(false);
    expect(() => client.cohorts.get(0)).toThrow(expect.objectContaining({ code: "invalid_input" }));
  });

  it("a DELETE's 405 with an empty body maps cleanly", () => {
    const { client, transport } = testClient();
    transport.on("PATCH", `${P}/cohorts/5/`, { status: 405, body: "" });
    expect(() => client.cohorts.softDelete(5)).toThrow(
      expect.objectContaining({ code: "method_not_allowed", status: 405 }),
    );
  });

  it("duplicateAsStatic is a GET", () => {
    const { client, transport } = testClient();
    transport.on("GET", `${P}/cohorts/5/duplicate_as_static_cohort/`, {
      status: 200,
      body: { ...cohort, id: 6, name: "VIP (static copy)" },
    });
    expect(client.cohorts.duplicateAsStatic(5).id).toBe(6);
    expect(transport.last.method).toBe("GET");
  });

  it("collects persons by offset (the envelope has no count)", () => {
    const { client, transport } = testClient();
    const person = { uuid: uuid(1), distinct_ids: ["d"], properties: {} };
    transport.on(
      "GET",
      `${P}/cohorts/5/persons/`,
      { status: 200, body: { results: [person, person], next: "n", previous: null } },
      { status: 200, body: { results: [person], next: null, previous: "p" } },
    );
    expect(client.cohorts.allPersons(5, { pageSize: 2 }).items).toHaveLength(3);
    expect(transport.requests.map((r) => queryOf(r.url).offset)).toEqual(["0", "2"]);
  });

  it("adds persons at most 1,000 per call, deduplicated", () => {
    const { client, transport } = testClient();
    transport.on("PATCH", `${P}/cohorts/5/add_persons_to_static_cohort/`, {
      status: 200,
      body: { success: true },
    });
    const ids = [...Array.from({ length: 2500 }, (_, i) => uuid(i)), uuid(3)];
    expect(client.cohorts.addPersons(5, ids)).toEqual({ kind: "done", added: 2500, calls: 3 });
    const sizes = transport.requests.map(
      (r) => (JSON.parse(r.body ?? "") as { person_ids: string[] }).person_ids.length,
    );
    expect(sizes).toEqual([1000, 1000, 500]);
  });

  it("reports what is left when a batch of persons fails", () => {
    const { client, transport } = testClient();
    transport.on(
      "PATCH",
      `${P}/cohorts/5/add_persons_to_static_cohort/`,
      { status: 200, body: { success: true } },
      {
        status: 400,
        body: envelope(
          "validation_error",
          "invalid_input",
          "Can only add users to static cohorts",
          null,
        ),
      },
    );
    const result = client.cohorts.addPersons(
      5,
      Array.from({ length: 1500 }, (_, i) => uuid(i)),
    );
    expect(result).toMatchObject({ kind: "partial", added: 1000, calls: 1 });
    expect(result.kind === "partial" && result.remaining.length).toBe(500);
    expect(result.kind === "partial" && result.error.code).toBe("validation");
  });

  it("refuses bad UUIDs before sending, and removes one person", () => {
    const { client, transport } = testClient();
    expect(() => client.cohorts.addPersons(5, [uuid(1), "distinct-id-1"])).toThrow(
      expect.objectContaining({ field: "personIds[1]" }),
    );
    expect(() => client.cohorts.addPersons(5, [])).toThrow(
      expect.objectContaining({ code: "invalid_input" }),
    );
    expect(transport.requests).toHaveLength(0);
    transport.on("PATCH", `${P}/cohorts/5/remove_person_from_static_cohort/`, {
      status: 200,
      body: { success: true },
    });
    client.cohorts.removePerson(5, uuid(9));
    expect(JSON.parse(transport.last.body ?? "")).toEqual({ person_id: uuid(9) });
  });

  it("creates a static cohort from CSV with a hand-built multipart body", () => {
    const { client, transport } = testClient();
    transport.on("POST", `${P}/cohorts/`, { status: 201, body: cohort });
    client.cohorts.createStaticFromCsv({ name: "From sheet", csv: "email\na@b.c\n" });
    const r = transport.last;
    const boundary =
      /^multipart\/form-data; boundary=(.+)$/.exec(r.headers["content-type"] ?? "")?.[1] ?? "";
    expect(boundary).toMatch(/^----PostHogSheets/);
    expect(r.body).toBe(
      [
        `--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\nFrom sheet\r\n`,
        `--${boundary}\r\nContent-Disposition: form-data; name="is_static"\r\n\r\ntrue\r\n`,
        `--${boundary}\r\nContent-Disposition: form-data; name="csv"; filename="cohort.csv"\r\nContent-Type: text/csv\r\n\r\nemail\na@b.c\n\r\n`,
        `--${boundary}--\r\n`,
      ].join(""),
    );
  });

  it("appends a CSV with PATCH, picking a boundary the content does not contain", () => {
    const { client, transport } = testClient({ newId: () => "fixed" });
    transport.on("PATCH", `${P}/cohorts/5/`, { status: 200, body: cohort });
    const csv = "distinct_id\n----PostHogSheetsfixed\n";
    client.cohorts.appendCsv(5, csv);
    const boundary = /boundary=(.+)$/.exec(transport.last.headers["content-type"] ?? "")?.[1] ?? "";
    expect(csv.includes(boundary)).toBe(false);
    expect(transport.last.body).not.toContain('name="name"');
    expect(transport.last.body).toContain(csv);
    expect(() => client.cohorts.appendCsv(5, "  ")).toThrow(
      expect.objectContaining({ field: "csv" }),
    );
  });

  it("reads activity, and maps the unknown-cohort 404 with an empty body", () => {
    const { client, transport } = testClient();
    transport.on("GET", `${P}/cohorts/activity/`, {
      status: 200,
      body: { results: [], next: null, previous: null, total_count: 0 },
    });
    transport.on("GET", `${P}/cohorts/99/activity/`, { status: 404, body: "" });
    expect(client.cohorts.allActivity(null).items).toEqual([]);
    expect(() => client.cohorts.activity(99)).toThrow(
      expect.objectContaining({ code: "not_found", status: 404 }),
    );
  });
});

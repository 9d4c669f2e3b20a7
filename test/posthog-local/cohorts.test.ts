// Cohorts: list, create (static/dynamic, async calculation), update, soft delete, members, CSV and activity.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalPostHog, startLocalPostHog } from "../../posthog-local/index";
import { client, sleep } from "./helpers";

let ph: LocalPostHog;
let api: ReturnType<typeof client>;
const C = "/api/projects/1/cohorts";

beforeAll(async () => {
  ph = await startLocalPostHog({ groups: 50, cohortCalculationMs: 200, csvProcessingMs: 200 });
  api = client(ph);
});
afterAll(() => ph.close());

const person = (key: string, value: unknown) => ({
  type: "person",
  key,
  value,
  operator: "exact",
  negation: false,
});
const dynamic = (name: string) => ({
  name,
  filters: { properties: { type: "AND", values: [person("plan", ["enterprise"])] } },
});

async function personUuids(n: number): Promise<string[]> {
  const res = await api.get(`${C}/1/persons/?limit=${n}`);
  return res.json.results.map((p: { uuid: string }) => p.uuid);
}

function csvForm(name: string | null, csv: string): FormData {
  const form = new FormData();
  if (name !== null) form.set("name", name);
  form.set("is_static", "true");
  form.set("csv", new Blob([csv], { type: "text/csv" }), "people.csv");
  return form;
}

describe("list and retrieve", () => {
  it("lists newest first with limit/offset, without deleted cohorts", async () => {
    const res = await api.get(`${C}/`);
    const names = res.json.results.map((c: { name: string }) => c.name);
    expect(names).not.toContain("Old import (deleted)");
    const created = res.json.results.map((c: { created_at: string }) => c.created_at);
    expect([...created].sort().reverse()).toEqual(created);
    const page = await api.get(`${C}/?limit=2&offset=2`);
    expect(page.json.results).toHaveLength(2);
    expect(page.json.count).toBe(res.json.count);
    expect(page.json.previous).toMatch(/limit=2$/);
  });

  it("still retrieves a deleted cohort by id", async () => {
    const res = await api.get(`${C}/3/`);
    expect(res.json.deleted).toBe(true);
    expect(res.json.filters).toEqual({ properties: {} });
  });

  it("filters by type and search", async () => {
    const statics = await api.get(`${C}/?type=static`);
    expect(statics.json.results.every((c: { is_static: boolean }) => c.is_static)).toBe(true);
    const found = (await api.get(`${C}/?search=BETA`)).json.results;
    expect(found.map((c: { name: string }) => c.name)).toEqual(["Beta testers"]);
    expect(found[0].search_match_type).toBe("exact");
  });

  it("searches names fuzzily when nothing contains the term, and refuses a term over 200 characters", async () => {
    // A typo: no name contains "beta testrs", but trigram word similarity ranks "Beta testers" first.
    const typo = (await api.get(`${C}/?search=${encodeURIComponent("beta testrs")}`)).json.results;
    expect(typo[0]).toMatchObject({ name: "Beta testers", search_match_type: "similar" });
    const none = (await api.get(`${C}/?search=zzzzqqq`)).json.results;
    expect(none).toEqual([]);
    const long = await api.get(`${C}/?search=${"a".repeat(201)}`);
    expect(long.status).toBe(400);
    expect(long.json).toMatchObject({
      attr: "search",
      detail: "Search query must be 200 characters or fewer.",
    });
    expect((await api.get(`${C}/?search=${"a".repeat(200)}`)).status).toBe(200);
  });
});

describe("create", () => {
  it("starts a dynamic cohort calculating with count null, then finishes it", async () => {
    const res = await api.post(`${C}/`, dynamic("Enterprise people"));
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ is_calculating: true, count: null, is_static: false });
    await sleep(250);
    const done = await api.get(`${C}/${res.json.id}/`);
    expect(done.json.is_calculating).toBe(false);
    expect(done.json.count).toBeGreaterThan(0);
    const members = await api.get(`${C}/${res.json.id}/persons/?limit=500`);
    expect(
      members.json.results.every(
        (p: { properties: { plan: string } }) => p.properties.plan === "enterprise",
      ),
    ).toBe(true);
  });

  it("validates filters like the pydantic models", async () => {
    const missing = await api.post(`${C}/`, {
      name: "x",
      filters: { properties: { type: "AND", values: [{ type: "person", key: "plan" }] } },
    });
    expect(missing.json).toMatchObject({
      type: "validation_error",
      detail: "Missing required keys for person filter: value, operator",
      attr: "filters",
    });
    expect((await api.post(`${C}/`, { name: "x", filters: {} })).status).toBe(400);
    const extra = await api.post(`${C}/`, {
      name: "x",
      filters: { properties: { type: "AND", values: [{ ...person("plan", "pro"), bogus: 1 }] } },
    });
    expect(extra.json.detail).toContain("extra_forbidden");
    const query = await api.post(`${C}/`, {
      name: "x",
      query: { kind: "HogQLQuery", query: "select 1" },
    });
    expect(query.json.detail).toBe(
      "Cannot create a dynamic cohort with a query. Set is_static to true.",
    );
  });

  it("creates a static cohort from person UUIDs with its count at once", async () => {
    const uuids = await personUuids(3);
    const res = await api.post(`${C}/`, {
      name: "Hand picked",
      is_static: true,
      _create_static_person_ids: uuids,
    });
    expect(res.json).toMatchObject({ is_static: true, count: 3, is_calculating: false });
  });
});

describe("update and delete", () => {
  it("answers DELETE with 405 and an empty body", async () => {
    const res = await api.del(`${C}/1/`);
    expect(res.status).toBe(405);
    expect(res.text).toBe("");
  });

  it("soft-deletes with PATCH {deleted: true}", async () => {
    const created = await api.post(`${C}/`, { name: "To delete", is_static: true });
    const res = await api.patch(`${C}/${created.json.id}/`, { deleted: true });
    expect(res.json.deleted).toBe(true);
    const list = await api.get(`${C}/?limit=100`);
    expect(list.json.results.map((c: { id: number }) => c.id)).not.toContain(created.json.id);
  });

  it("recalculates a dynamic cohort on PATCH and logs the diff", async () => {
    const created = await api.post(`${C}/`, dynamic("Renamed later"));
    await sleep(250);
    const res = await api.put(`${C}/${created.json.id}/`, { name: "Renamed" });
    expect(res.json).toMatchObject({ name: "Renamed", is_calculating: true });
    const activity = await api.get(`${C}/${created.json.id}/activity/`);
    expect(activity.json.results[0]).toMatchObject({ activity: "updated", scope: "Cohort" });
    expect(activity.json.results[0].detail.changes).toContainEqual(
      expect.objectContaining({ field: "name", before: "Renamed later", after: "Renamed" }),
    );
  });

  it("refuses reference loops", async () => {
    const a = await api.post(`${C}/`, dynamic("A"));
    const b = await api.post(`${C}/`, {
      name: "B",
      filters: {
        properties: { type: "AND", values: [{ type: "cohort", key: "id", value: a.json.id }] },
      },
    });
    const loop = await api.patch(`${C}/${a.json.id}/`, {
      filters: {
        properties: { type: "AND", values: [{ type: "cohort", key: "id", value: b.json.id }] },
      },
    });
    expect(loop.json.detail).toBe("Cohorts cannot reference other cohorts in a loop.");
  });
});

describe("members", () => {
  it("pages persons with limit/offset, no count, distinct_ids capped at 10", async () => {
    const res = await api.get(`${C}/1/persons/?limit=5`);
    expect(res.json).not.toHaveProperty("count");
    expect(res.json.results).toHaveLength(5);
    expect(res.json.next).toContain("offset=5");
    expect(res.json.results[0]).toMatchObject({
      type: "person",
      matched_recordings: [],
      value_at_data_point: null,
    });
    const all = await api.get(`${C}/1/persons/?limit=500`);
    expect(
      all.json.results.every((p: { distinct_ids: string[] }) => p.distinct_ids.length <= 10),
    ).toBe(true);
  });

  it("adds 1–1000 person UUIDs to a static cohort", async () => {
    const created = await api.post(`${C}/`, { name: "Adds", is_static: true });
    const url = `${C}/${created.json.id}/add_persons_to_static_cohort/`;
    expect((await api.patch(url, { person_ids: [] })).json.detail).toBe(
      "person_ids cannot be empty",
    );
    expect((await api.patch(url, { person_ids: "x" })).json.detail).toBe(
      "person_ids must be a list",
    );
    expect(
      (await api.patch(url, { person_ids: Array.from({ length: 1001 }, () => "x") })).json.detail,
    ).toBe("List size exceeds limit");
    expect(
      (await api.patch(url, { person_ids: ["00000000-0000-4000-8000-000000000000"] })).json.detail,
    ).toBe("No valid users to add to cohort");
    const ok = await api.patch(url, { person_ids: await personUuids(4) });
    expect(ok.json).toEqual({ success: true });
    expect((await api.get(`${C}/${created.json.id}/`)).json.count).toBe(4);
    expect(
      (await api.patch(`${C}/2/add_persons_to_static_cohort/`, { person_ids: ["a"] })).json.detail,
    ).toBe("Can only add users to static cohorts");
  });

  it("removes a person idempotently: 200 for a non-member, 404 only for an unknown person", async () => {
    const [uuid] = await personUuids(1);
    const url = `${C}/1/remove_person_from_static_cohort/`;
    const before = (await api.get(`${C}/1/`)).json.count;
    expect((await api.patch(url, { person_id: uuid })).json).toEqual({ success: true });
    const again = await api.patch(url, { person_id: uuid });
    expect(again.status).toBe(200);
    expect(again.json).toEqual({ success: true });
    expect((await api.get(`${C}/1/`)).json.count).toBe(before - 1);
    const unknown = await api.patch(url, { person_id: "00000000-0000-4000-8000-000000000000" });
    expect(unknown.status).toBe(404);
    expect(unknown.json.detail).toBe("Person with this UUID does not exist in the cohort's team");
  });

  it("duplicates a dynamic cohort as static with a GET (200), filled later", async () => {
    const res = await api.get(`${C}/2/duplicate_as_static_cohort/`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      name: "Pro plan users (static copy)",
      is_static: true,
      count: null,
    });
    await sleep(250);
    const source = await api.get(`${C}/2/`);
    expect((await api.get(`${C}/${res.json.id}/`)).json.count).toBe(source.json.count);
    expect((await api.get(`${C}/1/duplicate_as_static_cohort/`)).json.detail).toBe(
      "Cannot duplicate a static cohort as a static cohort.",
    );
    expect(
      (await api.get(`${C}/2/duplicate_as_static_cohort/`, { key: ph.readOnlyKey })).status,
    ).toBe(403);
  });
});

describe("CSV uploads", () => {
  it("creates from a single email column and processes it after a delay", async () => {
    const res = await api.call("POST", `${C}/`, {
      rawBody: csvForm(
        "From CSV",
        "email\nuser1@example.com\nuser2@example.com\nnobody@example.com\n",
      ),
    });
    expect(res.status).toBe(201);
    expect(res.json.is_calculating).toBe(true);
    await sleep(250);
    const done = await api.get(`${C}/${res.json.id}/`);
    expect(done.json).toMatchObject({ is_calculating: false, count: 2 });
  });

  it("treats a headerless single column as distinct_ids and appends on PATCH", async () => {
    const created = await api.call("POST", `${C}/`, { rawBody: csvForm("Appends", "user-1-1\n") });
    await api.call("PATCH", `${C}/${created.json.id}/`, {
      rawBody: csvForm(null, "user-1-2\nuser-1-3\n"),
    });
    await sleep(250);
    expect((await api.get(`${C}/${created.json.id}/`)).json.count).toBe(3);
  });

  it("refuses an empty file and multi-column files without an id header", async () => {
    const empty = await api.call("POST", `${C}/`, { rawBody: csvForm("Empty", "") });
    expect(empty.json).toMatchObject({
      attr: "csv",
      detail: "CSV file is empty. Please upload a CSV file with at least one row of data.",
    });
    const multi = await api.call("POST", `${C}/`, {
      rawBody: csvForm("Multi", "name,company\nA,B\n"),
    });
    expect(multi.json.detail).toContain("Found columns: name, company");
    const byId = await api.call("POST", `${C}/`, {
      rawBody: csvForm("ById", "name,person_id\nA,x\n"),
    });
    expect(byId.status).toBe(201);
  });
});

describe("activity", () => {
  it("lists cohort activity and answers 404 with an empty body for unknown ids", async () => {
    const all = await api.get(`${C}/activity/`);
    expect(all.json.results.length).toBeGreaterThan(0);
    expect(all.json).toHaveProperty("total_count");
    const unknown = await api.get(`${C}/99999/activity/`);
    expect(unknown.status).toBe(404);
    expect(unknown.text).toBe("");
  });
});

describe("soft delete of a cohort in use", () => {
  it("is refused while an active flag, an insight or another cohort uses it, each with PostHog's reason", async () => {
    const base = (await api.post(`${C}/`, dynamic("Used base"))).json.id as number;
    await ph.control.addFlag({ key: "beta-flag", name: "Beta flag", cohortIds: [base] });
    const del = () => api.patch(`${C}/${base}/`, { deleted: true });
    let res = await del();
    expect(res.status).toBe(400);
    expect(res.json.detail).toBe(
      "This cohort is used in 1 active feature flag(s): Beta flag. Please remove the cohort from these feature flags before deleting it.",
    );
    expect((await api.get(`${C}/${base}/`)).json.deleted).toBe(false);
    // The flag goes away (the stand-in: a new world); an insight and a cohort now use it.
    await ph.control.reset({});
    const id = (await api.post(`${C}/`, dynamic("Used base"))).json.id as number;
    await ph.control.addInsight({ name: "Weekly signups", cohortIds: [id] });
    res = await api.patch(`${C}/${id}/`, { deleted: true });
    expect(res.json.detail).toBe(
      "This cohort is used in 1 insight(s): Weekly signups. Please remove the cohort from these insights before deleting it.",
    );
    await ph.control.reset({});
    const used = (await api.post(`${C}/`, dynamic("Used base"))).json.id as number;
    await api.post(`${C}/`, {
      name: "Built on it",
      filters: {
        properties: {
          type: "AND",
          values: [{ type: "cohort", key: "id", value: used, negation: false }],
        },
      },
    });
    res = await api.patch(`${C}/${used}/`, { deleted: true });
    expect(res.status).toBe(400);
    expect(res.json.detail).toBe(
      "This cohort is used as criteria in 1 other cohort(s): Built on it. Please remove this cohort from those cohort definitions before deleting it.",
    );
  });
});

// Contract: cohorts (list, get, create, update, soft delete, persons, static copies, membership, CSV, activity).
import { describe, expect, it } from "vitest";
import type { Cohort, CohortPerson } from "../../src/api/types.ts";
import { failure, itKeepsTheRequestLogClean, useContract } from "./kit.ts";

const kit = useContract({ groups: 100 });

const proFilter = {
  properties: {
    type: "AND",
    values: [
      {
        type: "AND",
        values: [
          { type: "person", key: "plan", value: ["pro"], operator: "exact", negation: false },
        ],
      },
    ],
  },
};

/** Every person of a cohort, through the client. */
function members(id: number): CohortPerson[] {
  return kit.client().cohorts.allPersons(id, { pageSize: 50 }).items;
}

/** Person UUIDs of project 1 (through a seeded static cohort's persons and the dynamic "Pro plan users"). */
function somePersons(): CohortPerson[] {
  const client = kit.client();
  const ids = client.cohorts.listAll().items.map((c) => c.id);
  return ids.flatMap((id) => client.cohorts.allPersons(id).items);
}

describe("cohort list and get", () => {
  it("lists cohorts newest first without deleted ones, pages by limit/offset, and filters by type and name", async () => {
    const client = kit.client();
    const page = client.cohorts.list();
    expect(page.count).toBe(page.results.length);
    const names = page.results.map((c) => c.name);
    expect(names).toContain("Beta testers");
    expect(names).not.toContain("Old import (deleted)");
    const created = page.results.map((c) => Date.parse(c.created_at as string));
    expect(created).toEqual([...created].sort((a, b) => b - a));

    const paged = client.cohorts.listAll({ pageSize: 2 });
    expect(paged.items.map((c) => c.id)).toEqual(page.results.map((c) => c.id));
    expect(paged.pages).toBe(Math.ceil(page.results.length / 2));

    const statics = client.cohorts.list({ type: "static" }).results;
    expect(statics.length).toBeGreaterThan(0);
    expect(statics.every((c) => c.is_static)).toBe(true);
    expect(client.cohorts.list({ type: "dynamic" }).results.every((c) => !c.is_static)).toBe(true);
    expect(
      client.cohorts
        .list({ search: "PRO" })
        .results.map((c) => c.name)
        .sort(),
    ).toEqual(["Pro or power", "Pro plan users"]);
    const log = await kit.requests();
    expect(log).toHaveLength(1 + paged.pages + 3);
    expect(log[1]?.query).toEqual({ limit: "2", offset: "0" });
    expect(log[2]?.query).toEqual({ limit: "2", offset: "2" });
  });

  it("pages a cohort's persons by limit/offset, without a count", async () => {
    const client = kit.client();
    const beta = client.cohorts.list({ search: "Beta testers" }).results[0] as Cohort;
    const page = client.cohorts.persons(beta.id, { limit: 10 });
    expect(page.results).toHaveLength(10);
    expect(page.count).toBeUndefined();
    expect(page.next).toBeTruthy();
    const all = client.cohorts.allPersons(beta.id, { pageSize: 10 });
    expect(all.items).toHaveLength(beta.count as number);
    expect(all.pages).toBe(Math.ceil((beta.count as number) / 10));
    expect(new Set(all.items.map((p) => p.uuid)).size).toBe(beta.count);
    expect(all.items.slice(0, 10)).toEqual(page.results);
    const log = await kit.requests({ path: "/persons/" });
    expect(log[1]?.query).toEqual({ limit: "10", offset: "0" });
    expect(log.at(-1)?.query).toEqual({ limit: "10", offset: String((all.pages - 1) * 10) });
  });

  it("gets one cohort, a soft-deleted one too; an unknown id is not_found", async () => {
    const client = kit.client();
    const listed = new Set(client.cohorts.list().results.map((c) => c.id));
    const hidden = [1, 2, 3, 4, 5, 6, 7].find((id) => !listed.has(id)) as number;
    expect(client.cohorts.get(hidden)).toMatchObject({
      id: hidden,
      name: "Old import (deleted)",
      deleted: true,
    });
    expect(failure(() => client.cohorts.get(99_999))).toMatchObject({
      code: "not_found",
      status: 404,
    });
  });
});

describe("cohort writes", () => {
  it("creates a dynamic cohort that computes asynchronously, then recalculates when updated", async () => {
    const client = kit.client();
    const cohort = client.cohorts.create({ name: "Contract: pro", filters: proFilter });
    expect(cohort).toMatchObject({ is_static: false, is_calculating: true, count: null });

    await kit.control.flush();
    const done = client.cohorts.get(cohort.id);
    expect(done.is_calculating).toBe(false);
    const people = members(cohort.id);
    expect(done.count).toBe(people.length);
    expect(people.length).toBeGreaterThan(10);
    expect(people.every((p) => p.properties.plan === "pro")).toBe(true);

    const renamed = client.cohorts.update(cohort.id, {
      name: "Contract: free",
      filters: {
        properties: {
          type: "AND",
          values: [
            { type: "person", key: "plan", value: ["free"], operator: "exact", negation: false },
          ],
        },
      },
    });
    expect(renamed).toMatchObject({ name: "Contract: free", is_calculating: true });
    await kit.control.flush();
    expect(members(cohort.id).every((p) => p.properties.plan === "free")).toBe(true);

    const both = failure(() =>
      client.cohorts.create({
        name: "Both",
        filters: proFilter,
        is_static: true,
        query: { kind: "x" },
      }),
    );
    expect(both).toMatchObject({ code: "validation", status: 400 });
  });

  it("creates a static cohort from person UUIDs, and soft deletes it with PATCH deleted", async () => {
    const client = kit.client();
    const uuids = somePersons()
      .slice(0, 3)
      .map((p) => p.uuid);
    const cohort = client.cohorts.create({
      name: "Contract: static",
      is_static: true,
      _create_static_person_ids: uuids,
    });
    expect(cohort).toMatchObject({ is_static: true, cohort_type: "static", count: 3 });
    expect(
      members(cohort.id)
        .map((p) => p.uuid)
        .sort(),
    ).toEqual([...uuids].sort());

    const deleted = client.cohorts.softDelete(cohort.id);
    expect(deleted.deleted).toBe(true);
    expect(client.cohorts.list().results.map((c) => c.id)).not.toContain(cohort.id);
    expect(client.cohorts.get(cohort.id).deleted).toBe(true);
    const patch = (await kit.requests({ method: "PATCH" }))[0];
    expect(patch).toMatchObject({
      path: `/api/projects/1/cohorts/${cohort.id}/`,
      body: { deleted: true },
    });
  });

  it("adds persons in batches of at most 1,000 UUIDs (duplicates once) and removes one person", async () => {
    const client = kit.client();
    const known = somePersons().map((p) => p.uuid);
    const unique = [...new Set(known)];
    expect(unique.length).toBeGreaterThanOrEqual(100);
    const firstHalf = unique.slice(0, 50);
    const secondHalf = unique.slice(50, 100);
    const unknown = Array.from(
      { length: 1000 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    );
    const cohort = client.cohorts.create({ name: "Contract: members", is_static: true });
    const result = client.cohorts.addPersons(cohort.id, [
      ...firstHalf,
      ...unknown,
      ...secondHalf,
      (firstHalf[0] as string).toUpperCase(),
    ]);
    expect(result).toEqual({ kind: "done", added: 1100, calls: 2 });
    const adds = await kit.requests({ path: "add_persons_to_static_cohort" });
    expect(adds.map((e) => (e.body as { person_ids: string[] }).person_ids.length)).toEqual([
      1000, 100,
    ]);
    expect(adds.map((e) => e.status)).toEqual([200, 200]);
    expect(
      members(cohort.id)
        .map((p) => p.uuid)
        .sort(),
    ).toEqual([...firstHalf, ...secondHalf].sort());

    client.cohorts.removePerson(cohort.id, firstHalf[0] as string);
    expect(members(cohort.id)).toHaveLength(99);
    // Idempotent: removing a person of the project who is no longer a member is fine; an unknown person is a 404.
    client.cohorts.removePerson(cohort.id, firstHalf[0] as string);
    expect(members(cohort.id)).toHaveLength(99);
    const stranger = failure(() => client.cohorts.removePerson(cohort.id, unknown[0] as string));
    expect(stranger).toMatchObject({ code: "not_found", status: 404 });

    const dynamic = client.cohorts.list({ type: "dynamic" }).results[0] as Cohort;
    const refused = client.cohorts.addPersons(dynamic.id, [firstHalf[1] as string]);
    expect(refused).toMatchObject({ kind: "partial", added: 0, calls: 0 });
    expect(refused.kind === "partial" && refused.error.code).toBe("validation");
    expect(refused.kind === "partial" && refused.remaining).toEqual([firstHalf[1]]);
  });

  it("creates a static cohort from a CSV and appends another, each applied once the server processes it", async () => {
    const client = kit.client();
    const cohort = client.cohorts.createStaticFromCsv({
      name: "Contract: CSV — März",
      csv: "email\nuser1@example.com\nuser2@example.com\nnobody@example.com\n",
    });
    expect(cohort).toMatchObject({
      name: "Contract: CSV — März",
      is_static: true,
      is_calculating: true,
    });
    expect(members(cohort.id)).toHaveLength(0);
    await kit.control.flush();
    expect(
      members(cohort.id)
        .map((p) => p.properties.email)
        .sort(),
    ).toEqual(["user1@example.com", "user2@example.com"]);

    const appended = client.cohorts.appendCsv(
      cohort.id,
      'distinct_id,note\nuser-1-3,a\nuser-1-4,"b, c"\n',
    );
    expect(appended.id).toBe(cohort.id);
    await kit.control.flush();
    expect(members(cohort.id)).toHaveLength(4);
    expect(client.cohorts.get(cohort.id)).toMatchObject({ count: 4, is_calculating: false });

    const bad = failure(() => client.cohorts.appendCsv(cohort.id, "name,plan\nAna,pro\n"));
    expect(bad).toMatchObject({ code: "validation", status: 400, field: "csv" });
    const uploads = (await kit.requests()).filter((e) => e.method !== "GET");
    expect(uploads.map((e) => [e.method, e.status])).toEqual([
      ["POST", 201],
      ["PATCH", 200],
      ["PATCH", 400],
    ]);
    const form = uploads[0]?.body as {
      fields: Record<string, string>;
      files: Record<string, { filename: string; text: string }>;
    };
    expect(form.fields).toMatchObject({ name: "Contract: CSV — März", is_static: "true" });
    expect(form.files.csv).toMatchObject({ filename: "cohort.csv" });
    expect(form.files.csv?.text).toContain("user1@example.com");
  });

  it("duplicates a dynamic cohort as a static copy (a GET that writes: sent once), filled asynchronously", async () => {
    const client = kit.client();
    const source = client.cohorts.list({ search: "Pro plan users" }).results[0] as Cohort;
    const copy = client.cohorts.duplicateAsStatic(source.id);
    expect(copy).toMatchObject({ name: "Pro plan users (static copy)", is_static: true });
    await kit.control.flush();
    expect(
      members(copy.id)
        .map((p) => p.uuid)
        .sort(),
    ).toEqual(
      members(source.id)
        .map((p) => p.uuid)
        .sort(),
    );

    const fromStatic = failure(() => client.cohorts.duplicateAsStatic(copy.id));
    expect(fromStatic).toMatchObject({ code: "validation", status: 400 });
    expect(fromStatic.detail).toBe("Cannot duplicate a static cohort as a static cohort.");

    await kit.control.addFault({ path: "duplicate_as_static_cohort", kind: "status", status: 503 });
    const failed = failure(() => client.cohorts.duplicateAsStatic(source.id));
    expect(failed).toMatchObject({ code: "server_error", status: 503 });
    expect(kit.slept).toEqual([]);
    expect(
      (await kit.requests({ path: "duplicate_as_static_cohort" })).map((e) => e.status),
    ).toEqual([200, 400, 503]);
  });
});

describe("cohort activity", () => {
  it("pages one cohort's activity and all cohorts' activity; an unknown cohort is a 404 with an empty body", async () => {
    const client = kit.client();
    const cohort = client.cohorts.create({ name: "Contract: activity", is_static: true });
    client.cohorts.update(cohort.id, { description: "changed once" });
    client.cohorts.update(cohort.id, { name: "Contract: activity 2" });

    const page = client.cohorts.activity(cohort.id, { limit: 2 });
    expect(page.total_count).toBe(3);
    expect(page.results.map((e) => e.activity)).toEqual(["updated", "updated"]);
    const all = client.cohorts.allActivity(cohort.id, { limit: 2 });
    expect(all).toMatchObject({ partial: false, pages: 2 });
    expect(all.items.map((e) => e.activity)).toEqual(["updated", "updated", "created"]);
    expect(all.items[0]?.detail?.changes).toEqual([
      expect.objectContaining({
        field: "name",
        before: "Contract: activity",
        after: "Contract: activity 2",
      }),
    ]);

    const everything = client.cohorts.activity(null, { limit: 100 });
    expect(everything.total_count).toBeGreaterThan(3);
    expect(everything.results.some((e) => e.item_id === String(cohort.id))).toBe(true);

    const unknown = failure(() => client.cohorts.activity(99_999));
    expect(unknown).toMatchObject({ code: "not_found", status: 404, detail: null });
    const entry = (await kit.requests({ path: "/cohorts/99999/activity/" }))[0];
    expect(entry?.status).toBe(404);
  });
});

itKeepsTheRequestLogClean(kit);

// HogQL over `events`: captured events after the lag, each function, GROUP BY two columns, IN COHORT, paging, refusals.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventRow } from "../../posthog-local/events-table";
import { DAY, startWithRuntime } from "./events-kit";

let kit: Awaited<ReturnType<typeof startWithRuntime>>;
const FB = { refresh: "force_blocking" };
const q = (sql: string, values: Record<string, unknown> = {}) => kit.api.query(sql, values, FB);
const iso = (ms: number) => new Date(ms).toISOString();
const pyIso = (ms: number) => {
  const d = new Date(ms);
  const millis = d.getUTCMilliseconds();
  return `${d.toISOString().slice(0, 19)}${millis ? `.${String(millis * 1000).padStart(6, "0")}` : ""}+00:00`;
};

beforeAll(async () => {
  kit = await startWithRuntime({ groups: 120, captureDelayMs: 3000, lagMs: 1000 });
});
afterAll(() => kit.close());

describe("the seeded events table", () => {
  it("holds 60 days of company events from persons with e-mails, with $group_0 set from $groups", async () => {
    const rows = kit.rows();
    expect(rows.length).toBeGreaterThan(1000);
    const now = kit.rt.world.now();
    expect(Math.min(...rows.map((r) => r.timestampMs))).toBeGreaterThanOrEqual(now - 60 * DAY);
    expect(
      rows.every(
        (r) =>
          r.groups[0] !== "" &&
          (r.properties.$groups as { company: string }).company === r.groups[0],
      ),
    ).toBe(true);
    const res = await q(
      "SELECT count(), max(timestamp) AS last, min(timestamp) AS first FROM events WHERE $group_0 != ''",
    );
    expect(res.status).toBe(200);
    const max = Math.max(...rows.map((r) => r.timestampMs));
    const min = Math.min(...rows.map((r) => r.timestampMs));
    expect(res.json.results).toEqual([[rows.length, pyIso(max), pyIso(min)]]);
    expect(res.json.columns).toEqual(["count()", "last", "first"]);
    expect(res.json.types[1]).toEqual(["last", "DateTime64(6, 'UTC')"]);
  });

  it("has several persons per company, some of them in several companies", async () => {
    const res = await q(
      "SELECT person_id, count(DISTINCT $group_0) AS companies FROM events GROUP BY person_id ORDER BY companies DESC LIMIT 50000",
    );
    const companies = res.json.results.map((r: [string, number]) => r[1]);
    expect(companies.filter((n: number) => n > 1).length).toBeGreaterThan(5);
    const per = await q(
      "SELECT $group_0, uniq(person_id) AS persons FROM events GROUP BY $group_0 ORDER BY persons ASC LIMIT 1",
    );
    expect(per.json.results[0][1]).toBeGreaterThanOrEqual(2);
  });

  it("has growing, shrinking and dormant companies", async () => {
    const res = await q(
      "SELECT $group_0, countIf(timestamp >= toDateTime({mid})) AS recent, countIf(timestamp < toDateTime({mid})) AS early FROM events GROUP BY $group_0 LIMIT 1000",
      { mid: iso(kit.rt.world.now() - 30 * DAY) },
    );
    const byKey = new Map<string, [number, number]>(
      res.json.results.map((r: [string, number, number]) => [r[0], [r[1], r[2]]]),
    );
    const trends = [...byKey.values()];
    expect(trends.some(([recent, early]) => recent > early * 2)).toBe(true);
    expect(trends.some(([recent, early]) => early > recent * 2 && recent > 0)).toBe(true);
    expect(trends.some(([recent, early]) => recent === 0 && early > 0)).toBe(true);
  });
});

describe("functions", () => {
  it("countIf, sumIf, toFloat and ifNull match a hand count per event", async () => {
    const res = await q(
      "SELECT event, count() AS n, toFloat(countIf(properties.$browser = 'Chrome')) AS chrome, ifNull(sumIf(toFloat(properties.amount), event = 'purchase'), 0) AS revenue, sum(toFloat(properties.amount)) AS raw FROM events GROUP BY event ORDER BY event",
    );
    expect(res.status).toBe(200);
    const rows = kit.rows();
    const expected = [...new Set(rows.map((r) => r.event))].sort().map((event) => {
      const mine = rows.filter((r) => r.event === event);
      const amount = mine.reduce(
        (s, r) => s + (typeof r.properties.amount === "number" ? r.properties.amount : 0),
        0,
      );
      const hasAmount = mine.some((r) => typeof r.properties.amount === "number");
      return [
        event,
        mine.length,
        mine.filter((r) => r.properties.$browser === "Chrome").length,
        event === "purchase" ? amount : 0,
        hasAmount ? amount : null, // sum over a Nullable with no value is NULL: why the runner wraps it in ifNull
      ];
    });
    expect(res.json.results).toEqual(expected);
    expect(res.json.types).toEqual([
      ["event", "String"],
      ["n", "UInt64"],
      ["chrome", "Nullable(Float64)"],
      ["revenue", "Float64"],
      ["raw", "Nullable(Float64)"],
    ]);
  });

  it("toStartOfDay(toTimeZone(timestamp, 'UTC')) and toDateTime bound days in UTC", async () => {
    const now = kit.rt.world.now();
    const from = Math.floor(now / DAY) * DAY - 3 * DAY;
    const res = await q(
      "SELECT toStartOfDay(toTimeZone(timestamp, 'UTC')) AS day, count() FROM events WHERE timestamp >= toDateTime({from}, 'UTC') AND timestamp < toDateTime('2100-01-01 00:00:00') GROUP BY day ORDER BY day DESC",
      { from: iso(from).replace("T", " ").replace(".000Z", "") },
    );
    expect(res.status).toBe(200);
    const counts = new Map<number, number>();
    for (const r of kit.rows()) {
      if (r.timestampMs < from) continue;
      const day = Math.floor(r.timestampMs / DAY) * DAY;
      counts.set(day, (counts.get(day) ?? 0) + 1);
    }
    const expected = [...counts.entries()]
      .sort((a, b) => b[0] - a[0])
      .map(([d, n]) => [pyIso(d), n]);
    expect(res.json.results).toEqual(expected);
    expect(res.json.results).toHaveLength(4);
  });

  it("compares a Numeric property with text as ClickHouse converts it, in = and IN", async () => {
    const res = await q(
      "SELECT countIf(properties.amount IN ('10', '20')), countIf(properties.amount = '30') FROM events",
    );
    const amounts = kit.rows().map((r) => r.properties.amount);
    expect(res.json.results).toEqual([
      [amounts.filter((a) => a === 10 || a === 20).length, amounts.filter((a) => a === 30).length],
    ]);
    expect(res.json.results[0][0]).toBeGreaterThan(0);
  });

  it("now() - INTERVAL n DAY is the server's now", async () => {
    const before = kit.rt.world.now();
    const res = await q("SELECT count() FROM events WHERE timestamp > now() - INTERVAL 2 DAY");
    const after = kit.rt.world.now();
    const count = (at: number) => kit.rows().filter((r) => r.timestampMs > at - 2 * DAY).length;
    const [[n]] = res.json.results;
    expect(n).toBeLessThanOrEqual(count(before));
    expect(n).toBeGreaterThanOrEqual(count(after));
    expect(n).toBeGreaterThan(0);
  });

  it("person.properties and group properties read the person and the group of each event", async () => {
    const key = kit.rows()[0]?.groups[0] as string;
    const res = await q(
      "SELECT DISTINCT person_id, person.properties.email, group_0.properties.name FROM events WHERE $group_0 IN ({key}, 'no-such-company') ORDER BY person_id",
      { key },
    );
    expect(res.status).toBe(200);
    const data = kit.rt.world.project(1);
    const persons = [
      ...new Set(
        kit
          .rows()
          .filter((r) => r.groups[0] === key)
          .map((r) => r.personId),
      ),
    ].sort();
    const name = data?.views.get(0)?.get(key)?.properties.name;
    expect(res.json.results).toEqual(
      persons.map((p) => [
        p,
        data?.personsByUuid.get(p)?.properties.email,
        name === undefined ? null : JSON.stringify(name).slice(1, -1),
      ]),
    );
    expect(persons.length).toBeGreaterThan(1);
  });
});

describe("GROUP BY two columns, paged by key", () => {
  const sql = (where: string) =>
    `SELECT $group_0 AS company, toStartOfDay(toTimeZone(timestamp, 'UTC')) AS day, countIf(event = '$pageview') AS views, ifNull(sumIf(toFloat(properties.amount), event = 'purchase'), 0) AS revenue FROM events WHERE $group_0 != '' AND timestamp >= toDateTime({from}) ${where} GROUP BY company, day ORDER BY company, day LIMIT {limit}`;

  it("matches a hand aggregation per company and day, and keyset pages add up to the whole", async () => {
    const from = kit.rt.world.now() - 14 * DAY;
    const all = await q(sql(""), { from: iso(from), limit: 50_000 });
    expect(all.status).toBe(200);
    const cells = new Map<string, [number, number]>();
    for (const r of kit.rows()) {
      if (r.timestampMs < from) continue;
      const k = `${r.groups[0]}\u0000${Math.floor(r.timestampMs / DAY) * DAY}`;
      const cell = cells.get(k) ?? [0, 0];
      if (r.event === "$pageview") cell[0]++;
      if (r.event === "purchase") cell[1] += r.properties.amount as number;
      cells.set(k, cell);
    }
    const expected = [...cells.entries()]
      .map(([k, [v, s]]) => {
        const [company, day] = k.split("\u0000") as [string, string];
        return [company, pyIso(Number(day)), v, s] as [string, string, number, number];
      })
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1));
    expect(all.json.results).toEqual(expected);

    const pages: unknown[][] = [];
    let after: string | null = null;
    for (let i = 0; i < 50; i++) {
      const page = await q(sql(after === null ? "" : "AND $group_0 > {after}"), {
        from: iso(from),
        limit: 100,
        ...(after === null ? {} : { after }),
      });
      const rows = page.json.results as [string][];
      if (rows.length === 0) break;
      // A page may end inside a company: keep its whole companies only, and restart after the last one kept.
      const last = rows.length === 100 ? (rows[rows.length - 1] as [string])[0] : null;
      const kept = last === null ? rows : rows.filter((r) => r[0] !== last);
      pages.push(...kept);
      if (last === null) break;
      after = (kept[kept.length - 1] as [string])[0];
    }
    expect(pages).toEqual(expected);
  });
});

describe("IN COHORT, DISTINCT and IN lists", () => {
  it("person_id IN COHORT <id> keeps the cohort's members; NOT IN COHORT the others", async () => {
    const cohort = [...kit.rt.world.cohorts.values()].find(
      (c) => c.projectId === 1 && c.isStatic && !c.deleted && c.members.size > 0,
    );
    expect(cohort).toBeDefined();
    const members = cohort?.members as Set<string>;
    const res = await q(
      "SELECT $group_0, count(DISTINCT person_id) AS members, max(timestamp) AS last_seen FROM events WHERE person_id IN COHORT {cohort} GROUP BY $group_0 ORDER BY $group_0 LIMIT 50000",
      { cohort: cohort?.id },
    );
    expect(res.status).toBe(200);
    const by = new Map<string, { persons: Set<string>; last: number }>();
    for (const r of kit.rows()) {
      if (!members.has(r.personId)) continue;
      const e = by.get(r.groups[0]) ?? { persons: new Set(), last: 0 };
      e.persons.add(r.personId);
      e.last = Math.max(e.last, r.timestampMs);
      by.set(r.groups[0], e);
    }
    const expected = [...by.entries()]
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([k, e]) => [k, e.persons.size, pyIso(e.last)]);
    expect(expected.length).toBeGreaterThan(0);
    expect(res.json.results).toEqual(expected);
    const byName = await q(
      `SELECT count() FROM events WHERE person_id IN COHORT '${cohort?.name}'`,
    );
    const negated = await q(
      `SELECT count() FROM events WHERE person_id NOT IN COHORT ${cohort?.id}`,
    );
    const inside = kit.rows().filter((r) => members.has(r.personId)).length;
    expect(byName.json.results).toEqual([[inside]]);
    expect(negated.json.results).toEqual([[kit.rows().length - inside]]);
  });

  it("refuses an unknown cohort as HogQL does", async () => {
    const byId = await q("SELECT count() FROM events WHERE person_id IN COHORT 9999");
    expect(byId.status).toBe(400);
    expect(byId.json).toMatchObject({
      code: "hogql_query_error",
      detail: "Could not find cohort with ID 9999",
    });
    const byName = await q("SELECT count() FROM events WHERE person_id IN COHORT 'blabla'");
    expect(byName.json.detail).toBe("Could not find a cohort with the name 'blabla'");
  });

  it("SELECT DISTINCT with $group_0 IN a placeholder list gives each person of those companies once", async () => {
    const keys = [...new Set(kit.rows().map((r) => r.groups[0]))].slice(0, 3);
    const res = await q(
      "SELECT DISTINCT person_id, $group_0 FROM events WHERE $group_0 IN {keys} ORDER BY $group_0, person_id LIMIT 50000",
      { keys },
    );
    const pairs = new Set(
      kit
        .rows()
        .filter((r: EventRow) => keys.includes(r.groups[0]))
        .map((r) => `${r.groups[0]} ${r.personId}`),
    );
    expect(res.json.results.map((r: string[]) => `${r[1]} ${r[0]}`).sort()).toEqual(
      [...pairs].sort(),
    );
  });
});

describe("aliases", () => {
  it("reads the column inside an alias of the same name, as HogQL resolves an alias after its own expression", async () => {
    const key = kit.rows()[0]?.groups[0] as string;
    const res = await q(
      "SELECT person_id, any(distinct_id) AS distinct_id FROM events WHERE $group_0 = {key} GROUP BY person_id ORDER BY person_id LIMIT 50000",
      { key },
    );
    const ids = new Map<string, Set<string>>();
    for (const r of kit.rows().filter((e: EventRow) => e.groups[0] === key))
      ids.set(r.personId, (ids.get(r.personId) ?? new Set()).add(r.distinctId));
    expect(res.json.results.length).toBe(ids.size);
    for (const [person, distinctId] of res.json.results as [string, string][])
      expect(ids.get(person)?.has(distinctId)).toBe(true);
  });
});

describe("captured events", () => {
  it("reach events after the ingestion delay plus the lag, with $groups → $group_N and a person for a new distinct id", async () => {
    const body = {
      api_key: kit.ph.projectToken,
      batch: [
        {
          event: "signed_up",
          distinct_id: "new-user-events-1",
          properties: {
            $groups: { company: "acme-00012", workspace: "ws-1" },
            $set: { email: "new@example.com" },
          },
          timestamp: new Date(kit.rt.world.now()).toISOString(),
        },
      ],
    };
    const res = await kit.api.call("POST", "/batch/", {
      key: null,
      rawBody: JSON.stringify(body),
      headers: { "Content-Type": "application/json" },
    });
    expect(res.status).toBe(200);
    const look = () =>
      q(
        "SELECT event, $group_0, $group_3, person.properties.email, properties.$group_3 FROM events WHERE distinct_id = 'new-user-events-1'",
      );
    expect((await look()).json.results).toEqual([]);
    await kit.ph.control.advanceClock(3001);
    expect((await look()).json.results).toEqual([]); // ingested, but ClickHouse has not caught up
    await kit.ph.control.advanceClock(1000);
    expect((await look()).json.results).toEqual([
      ["signed_up", "acme-00012", "ws-1", "new@example.com", "ws-1"],
    ]);
    const types = await kit.api.get("/api/projects/1/groups_types/");
    expect(types.json.map((t: { group_type: string }) => t.group_type)).toContain("workspace");
    const person = kit.rt.world.project(1)?.personsByDistinctId.get("new-user-events-1");
    const ids = await q("SELECT person_id FROM events WHERE distinct_id = 'new-user-events-1'");
    expect(ids.json.results).toEqual([[person?.uuid]]);
  });
});

describe("limits and refusals", () => {
  it("clamps LIMIT to 50,000 and gives 100 rows with hasMore without one", async () => {
    const big = await q("SELECT uuid FROM events LIMIT 100000");
    expect(big.json.hogql).toMatch(/LIMIT 50000$/);
    expect(big.json.results).toHaveLength(Math.min(kit.rows().length, 50_000));
    const none = await q("SELECT uuid, event FROM events ORDER BY timestamp DESC");
    expect(none.json.results).toHaveLength(100);
    expect(none.json).toMatchObject({ hasMore: true, limit: 100, offset: 0 });
    const offset = await q("SELECT uuid FROM events LIMIT 10 OFFSET 10");
    expect(offset.status).toBe(400);
    expect(offset.json.detail).toMatch(/^OFFSET is not supported/);
  });

  it.each([
    ["SELECT event FROM events e JOIN persons p ON e.person_id = p.id", /after the table/],
    ["SELECT event FROM events WHERE person_id IN (SELECT id FROM persons)", /subquery/],
    ["SELECT event, count() FROM events GROUP BY event HAVING count() > 1", /HAVING/],
    ["SELECT arrayJoin(['a']) FROM events", /arrayJoin\(\)/],
    ["SELECT toStartOfDay(toTimeZone(timestamp, 'Europe/Berlin')) FROM events", /Europe\/Berlin/],
    ["SELECT event, count() FROM events GROUP BY $group_0", /`event` is not under an aggregate/],
    ["SELECT countIf() FROM events", /expects 1 argument/],
    ["SELECT nope FROM events", /Unable to resolve field: nope/],
    ["SELECT count() FROM events WHERE event > 3", /Cannot parse string '[^']+' as Float64/],
    [
      "SELECT count() FROM events WHERE timestamp > 'yesterday'",
      /Cannot parse 'yesterday' as a DateTime/,
    ],
    ["SELECT event FROM events WHERE count() > 1", /Aggregate function count\(\)/],
  ])("refuses %s clearly", async (sql, message) => {
    const res = await q(sql);
    expect(res.status).toBe(400);
    expect(res.json.type).toBe("validation_error");
    expect(res.json.detail).toMatch(message);
  });
});

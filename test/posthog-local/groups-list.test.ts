// The groups list: ordering, the keyset cursor, fixed pages, search semantics and validation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalPostHog, startLocalPostHog } from "../../posthog-local/index";
import { client, decodeCursor, getWithHost } from "./helpers";

let ph: LocalPostHog;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  ph = await startLocalPostHog({ groups: 1000, lagMs: 0 });
  api = client(ph);
});
afterAll(() => ph.close());

type Group = { group_key: string; created_at: string; group_properties: Record<string, unknown> };

async function all(query: string): Promise<Group[]> {
  const out: Group[] = [];
  let url: string | null = `/api/projects/1/groups/?${query}`;
  while (url) {
    const res = await api.get(url);
    expect(res.status).toBe(200);
    out.push(...res.json.results);
    url = res.json.next;
  }
  return out;
}

function isListOrdered(groups: Group[]): boolean {
  return groups.every((g, i) => {
    const prev = groups[i - 1];
    if (!prev) return true;
    const a = Date.parse(prev.created_at);
    const b = Date.parse(g.created_at);
    return (
      a > b ||
      (a === b && Buffer.compare(Buffer.from(prev.group_key), Buffer.from(g.group_key)) > 0)
    );
  });
}

describe("groups list", () => {
  it("returns fixed pages of 100 with an absolute next URL, previous null and no count", async () => {
    const res = await getWithHost(
      `${ph.url}/api/projects/1/groups/?group_type_index=0`,
      "sheets.test:1234",
      ph.personalApiKey,
    );
    expect(res.json.results).toHaveLength(100);
    expect(res.json.previous).toBeNull();
    expect(res.json).not.toHaveProperty("count");
    expect(res.json.next).toMatch(
      /^http:\/\/sheets\.test:1234\/api\/projects\/1\/groups\/\?group_type_index=0&cursor=/,
    );
    expect(Object.keys(res.json.results[0]).sort()).toEqual([
      "created_at",
      "group_key",
      "group_properties",
      "group_type_index",
    ]);
  });

  it("orders by created_at DESC, group_key DESC across all pages, including ties", async () => {
    const groups = await all("group_type_index=0");
    expect(groups).toHaveLength(1000);
    expect(new Set(groups.map((g) => g.group_key)).size).toBe(1000);
    expect(isListOrdered(groups)).toBe(true);
    const ties = groups.filter((g, i) => groups[i + 1]?.created_at === g.created_at);
    expect(ties.length).toBeGreaterThan(0);
  });

  it("puts URL-safe base64 JSON {c: µs, k: key} of the last row in the cursor", async () => {
    const res = await api.get("/api/projects/1/groups/?group_type_index=0");
    const last = res.json.results[99] as Group;
    const raw = new URL(res.json.next).searchParams.get("cursor") ?? "";
    expect(raw).toMatch(/^[A-Za-z0-9_-]+=*$/);
    expect(Buffer.from(raw, "base64").toString()).toMatch(/^\{"c": \d+, "k": ".*"\}$/); // Python's json.dumps spacing
    expect(decodeCursor(res.json.next)).toEqual({
      c: Date.parse(last.created_at) * 1000,
      k: last.group_key,
    });
  });

  it("ignores limit and offset", async () => {
    const plain = await api.get("/api/projects/1/groups/?group_type_index=0");
    const limited = await api.get("/api/projects/1/groups/?group_type_index=0&limit=5&offset=300");
    expect(limited.json.results).toHaveLength(100);
    expect(limited.json.results).toEqual(plain.json.results);
  });

  it("treats an invalid or old-format cursor as page 1", async () => {
    const first = await api.get("/api/projects/1/groups/?group_type_index=0");
    const old = Buffer.from(JSON.stringify({ c: 1, i: 5 })).toString("base64url");
    for (const cursor of ["not-a-cursor!!", old, "eyJjIjogMTIz"]) {
      const res = await api.get(`/api/projects/1/groups/?group_type_index=0&cursor=${cursor}`);
      expect(res.json.results[0]).toEqual(first.json.results[0]);
    }
  });

  it("accepts a 13-digit millisecond cursor", async () => {
    const first = await api.get("/api/projects/1/groups/?group_type_index=0");
    const { c, k } = decodeCursor(first.json.next);
    const ms = Buffer.from(JSON.stringify({ c: c / 1000, k })).toString("base64url");
    const viaMs = await api.get(`/api/projects/1/groups/?group_type_index=0&cursor=${ms}=`);
    const viaNext = await api.get(first.json.next);
    expect(viaMs.json.results[0]).toEqual(viaNext.json.results[0]);
  });

  it("requires an integer group_type_index", async () => {
    const missing = await api.get("/api/projects/1/groups/");
    expect(missing.json.attr).toBe("group_type_index");
    const bad = await api.get("/api/projects/1/groups/?group_type_index=x");
    expect(bad.json).toEqual({
      type: "validation_error",
      code: "invalid_input",
      detail: "A valid integer is required.",
      attr: "group_type_index",
    });
    const unknown = await api.get("/api/projects/1/groups/?group_type_index=4");
    expect(unknown.json).toEqual({ next: null, previous: null, results: [] });
  });
});

describe("groups search", () => {
  it("matches property names as well as values (so `name` matches every group with a name)", async () => {
    const res = await all("group_type_index=0&search=name");
    expect(res).toHaveLength(1000);
  });

  it("matches values case-insensitively inside the JSON text", async () => {
    const res = await all("group_type_index=0&search=LOGISTICS");
    expect(res.length).toBeGreaterThan(0);
    expect(
      res.every((g) => JSON.stringify(g.group_properties).toLowerCase().includes("logistics")),
    ).toBe(true);
  });

  it("matches an exact key case-insensitively, but not part of a key", async () => {
    await api.post("/api/projects/1/groups/", {
      group_type_index: 1,
      group_key: "Zz-Partial-Key",
      group_properties: {},
    });
    await ph.control.flush();
    const exact = await all("group_type_index=1&search=zZ-pARTIAL-kEY");
    expect(exact.map((g) => g.group_key)).toEqual(["Zz-Partial-Key"]);
    expect(await all("group_type_index=1&search=Partial-Key")).toEqual([]);
  });

  it("treats % and _ literally", async () => {
    await api.post("/api/projects/1/groups/", {
      group_type_index: 2,
      group_key: "pct-1",
      group_properties: { note: "100%_sure" },
    });
    await api.post("/api/projects/1/groups/", {
      group_type_index: 2,
      group_key: "pct-2",
      group_properties: { note: "100xxsure" },
    });
    await ph.control.flush();
    const literal = await all(`group_type_index=2&search=${encodeURIComponent("100%_sure")}`);
    expect(literal.map((g) => g.group_key)).toEqual(["pct-1"]);
    const percent = await all(
      `group_type_index=0&search=${encodeURIComponent("100%_growth-00077")}`,
    );
    expect(percent.map((g) => g.group_key)).toEqual(["100%_growth-00077"]);
  });

  it("filters by group_key substring and keeps search and group_key in next", async () => {
    const res = await api.get("/api/projects/1/groups/?group_type_index=0&group_key=ACME&search=a");
    expect(res.json.results.every((g: Group) => g.group_key.toLowerCase().includes("acme"))).toBe(
      true,
    );
    const rest = await all("group_type_index=0&group_key=acme");
    expect(rest.length).toBeGreaterThan(80);
    const page = await api.get("/api/projects/1/groups/?group_type_index=0&group_key=e&search=b2b");
    if (page.json.next) {
      const next = new URL(page.json.next).searchParams;
      expect([...next.keys()]).toEqual(["group_type_index", "cursor", "search", "group_key"]);
    }
  });

  it("keeps unicode, slashes and spaces in keys", async () => {
    const keys = (await all("group_type_index=0")).map((g) => g.group_key);
    expect(keys).toContain("café-00021");
    expect(keys).toContain("日本-00034");
    expect(keys.some((k) => k.includes("/"))).toBe(true);
    expect(keys.some((k) => k.includes(" "))).toBe(true);
  });
});

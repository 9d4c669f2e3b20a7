// Persons lookups and the selection match on top of them: batches of 200, one request per e-mail, no double counting.
import { describe, expect, it } from "vitest";
import type { HttpRequest } from "../../src/api/transport";
import { matchSelection } from "../../src/features/manage/selection-match";
import { P, queryOf, testClient } from "./fake-transport";

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
const person = (n: number, email = `u${n}@example.com`) => ({
  uuid: uuid(n),
  distinct_ids: [`d${n}`],
  properties: { email },
});
const bodyOf = (r: HttpRequest) => JSON.parse(r.body ?? "{}") as Record<string, string[]>;

describe("persons", () => {
  it("looks distinct ids up 200 at a time and counts each value once", () => {
    const { client, transport } = testClient();
    // Every even distinct id belongs to a person; d0 and d2 are the same person.
    transport.on("POST", `${P}/persons/batch_by_distinct_ids/`, (req) => {
      const ids = bodyOf(req).distinct_ids ?? [];
      const results = Object.fromEntries(
        ids
          .filter((id) => Number(id.slice(1)) % 2 === 0)
          .map((id) => [id, person(id === "d2" ? 0 : Number(id.slice(1)))]),
      );
      return { status: 200, body: { results } };
    });
    const ids = Array.from({ length: 450 }, (_, i) => `d${i}`);
    const found = matchSelection(client.persons, "distinct_id", ids);
    const sent = transport.to(`${P}/persons/batch_by_distinct_ids/`);
    expect(sent.map((r) => bodyOf(r).distinct_ids?.length)).toEqual([200, 200, 50]);
    expect(found.matched).toBe(225);
    expect(found.uuids).toHaveLength(224);
    expect(found.unmatched.slice(0, 2)).toEqual(["d1", "d3"]);
  });

  it("matches person ids whatever their case, through batch_by_uuids", () => {
    const { client, transport } = testClient();
    transport.on("POST", `${P}/persons/batch_by_uuids/`, {
      status: 200,
      body: { results: { [uuid(1)]: person(1) } },
    });
    const upper = uuid(1).toUpperCase();
    const found = matchSelection(client.persons, "person_id", [upper, uuid(2)]);
    expect(bodyOf(transport.last).uuids).toEqual([uuid(1), uuid(2)]);
    expect(found).toEqual({ matched: 1, uuids: [uuid(1)], unmatched: [uuid(2)] });
  });

  it("asks once per e-mail with PostHog's exact email filter, keeping every person an e-mail matches", () => {
    const { client, transport } = testClient();
    transport.on("GET", `${P}/persons/`, (req) => {
      const email = queryOf(req.url).email;
      const results =
        email === "shared@example.com"
          ? [person(1, email), person(2, email)]
          : email === "u3@example.com"
            ? [person(3)]
            : [];
      return { status: 200, body: { results, next: null, previous: null } };
    });
    const found = matchSelection(client.persons, "email", [
      "shared@example.com",
      "Ada Lovelace",
      "u3@example.com",
    ]);
    expect(transport.to(`${P}/persons/`).map((r) => queryOf(r.url).email)).toEqual([
      "shared@example.com",
      "Ada Lovelace",
      "u3@example.com",
    ]);
    expect(found).toEqual({
      matched: 2,
      uuids: [uuid(1), uuid(2), uuid(3)],
      unmatched: ["Ada Lovelace"],
    });
  });
});

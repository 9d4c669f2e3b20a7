// A small stateful PostHog of persons and cohorts, over the in-memory transport: what the cohort forms read and write.
import type { HttpRequest, HttpResponse } from "../../../src/api/transport.ts";
import { memoryClient, notFound, jsonReply as reply } from "../../fakes/memory-client.ts";
import { memoryTransport } from "../../fakes/memory-transport.ts";

export interface FakePerson {
  uuid: string;
  distinct_ids: string[];
  properties: { email?: string };
}

export interface FakeCohort {
  id: number;
  name: string;
  is_static: boolean;
  deleted: boolean;
  members: Set<string>;
}

export const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;

/** Persons `person-<n>@acme.com` (distinct id `d<n>`) for each n, and the given cohorts. */
export function peoplePostHog(
  people: number[],
  cohorts: Omit<FakeCohort, "members">[] = [],
  /** More routes (the query API, say): answers first, null to fall through. */
  extra?: (
    request: HttpRequest,
    path: string,
    body: Record<string, unknown>,
  ) => HttpResponse | null,
) {
  const persons: FakePerson[] = people.map((n) => ({
    uuid: uuid(n),
    distinct_ids: [`d${n}`],
    properties: { email: `person-${n}@acme.com` },
  }));
  const store = new Map<number, FakeCohort>(
    cohorts.map((c) => [c.id, { ...c, members: new Set() }]),
  );
  let nextId = 100;
  const view = (c: FakeCohort) => ({
    id: c.id,
    name: c.name,
    is_static: c.is_static,
    deleted: c.deleted,
    filters: null,
    is_calculating: false,
    count: c.members.size,
  });
  const handler = (request: HttpRequest): HttpResponse => {
    const url = new URL(request.url);
    const path = url.pathname.replace(/^\/api\/projects\/1\//, "");
    const body = request.body ? JSON.parse(request.body) : {};
    const answered = extra?.(request, path, body);
    if (answered) return answered;
    if (request.method === "GET" && path === "persons/") {
      const email = url.searchParams.get("email");
      return reply(200, {
        results: persons.filter((p) => p.properties.email === email),
        next: null,
      });
    }
    if (request.method === "POST" && path === "persons/batch_by_distinct_ids/") {
      const found = (body.distinct_ids as string[]).flatMap((d) => {
        const p = persons.find((x) => x.distinct_ids.includes(d));
        return p ? [[d, p]] : [];
      });
      return reply(200, { results: Object.fromEntries(found) });
    }
    if (request.method === "POST" && path === "persons/batch_by_uuids/") {
      const found = persons.filter((p) => (body.uuids as string[]).includes(p.uuid));
      return reply(200, { results: Object.fromEntries(found.map((p) => [p.uuid, p])) });
    }
    if (request.method === "POST" && path === "cohorts/") {
      const cohort: FakeCohort = {
        id: nextId++,
        name: body.name,
        is_static: body.is_static === true,
        deleted: false,
        members: new Set(body._create_static_person_ids ?? []),
      };
      store.set(cohort.id, cohort);
      return reply(201, view(cohort));
    }
    const match = /^cohorts\/(\d+)\/(.*)$/.exec(path);
    const cohort = match ? store.get(Number(match[1])) : undefined;
    if (!match || !cohort) return notFound();
    const action = match[2];
    if (request.method === "GET" && action === "") return reply(200, view(cohort));
    if (request.method === "GET" && action === "persons/") {
      const offset = Number(url.searchParams.get("offset") ?? 0);
      const limit = Number(url.searchParams.get("limit") ?? 100);
      const members = persons.filter((p) => cohort.members.has(p.uuid));
      const page = members.slice(offset, offset + limit);
      return reply(200, { results: page, next: offset + limit < members.length ? "more" : null });
    }
    if (request.method === "PATCH" && action === "add_persons_to_static_cohort/") {
      for (const id of body.person_ids as string[]) cohort.members.add(id);
      return reply(200, { success: true });
    }
    if (request.method === "PATCH" && action === "remove_person_from_static_cohort/") {
      if (!persons.some((p) => p.uuid === body.person_id)) return notFound();
      cohort.members.delete(body.person_id);
      return reply(200, { success: true });
    }
    return notFound();
  };
  const transport = memoryTransport(handler);
  const client = memoryClient(transport);
  /** Requests by "METHOD path", to say what was sent. */
  const sent = () =>
    transport.requests.map(
      (r) => `${r.method} ${new URL(r.url).pathname.replace(/^\/api\/projects\/1\//, "")}`,
    );
  return { client, transport, cohorts: store, sent, persons };
}

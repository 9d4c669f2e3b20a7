// Seeds persons, cohorts (static, dynamic, deleted, nested) and usage metrics for a project.
import { isoZ } from "../clock";
import { evaluateCohort, finishCalculation } from "../cohort-calc";
import { createRng, intBetween, pick, type Rng, uuidFrom } from "../ids";
import type { ProjectData, World } from "../store";
import type { Cohort, Person, Props } from "../types";

const FIRST = [
  "Ana",
  "Bo",
  "Chloé",
  "Dmitri",
  "Eun-ji",
  "Farah",
  "Gus",
  "Hiro",
  "Inés",
  "Jonas",
  "Kemal",
  "Lea",
  "Zoë",
  "Søren",
];
const COUNTRIES = ["US", "DE", "FR", "ES", "IT", "GB", "JP", "BR", "PL", "NG"];

export function seedPersons(world: World, data: ProjectData, count: number, rng: Rng): void {
  const start = Date.UTC(2022, 0, 1);
  for (let i = 1; i <= count; i++) {
    const first = pick(rng, FIRST);
    const email = i % 50 === 7 ? `${first.toLowerCase()}+${i}@exämple.com` : `user${i}@example.com`;
    const distinctIds = [`user-${data.project.id}-${i}`, email];
    if (i % 97 === 3) for (let d = 0; d < 10; d++) distinctIds.push(`anon-${i}-${d}`);
    const properties: Props = {
      email,
      name: `${first} ${String.fromCharCode(65 + (i % 26))}.`,
      plan: pick(rng, ["free", "pro", "pro", "enterprise"]),
      country: pick(rng, COUNTRIES),
      $initial_browser: pick(rng, ["Chrome", "Firefox", "Safari"]),
    };
    if (rng() < 0.5) properties.age = intBetween(rng, 18, 80);
    const person: Person = {
      id: world.next.person++,
      uuid: uuidFrom(rng),
      distinctIds,
      properties,
      createdAt: isoZ(start + i * 3_600_000 * 7),
      isIdentified: i % 9 !== 0,
    };
    data.addPerson(person);
  }
}

interface CohortSeed {
  name: string;
  description?: string;
  isStatic: boolean;
  deleted?: boolean;
  filters?: Props;
  members?: (p: Person, i: number) => boolean;
}

export function seedCohorts(
  world: World,
  data: ProjectData,
  userId: number,
  seeds: CohortSeed[],
): Cohort[] {
  const out: Cohort[] = [];
  let at = Date.UTC(2024, 2, 1, 9);
  for (const s of seeds) {
    at += 86_400_000 * 3 + 4_321;
    const cohort: Cohort = {
      id: world.next.cohort++,
      projectId: data.project.id,
      name: s.name,
      description: s.description ?? "",
      deleted: s.deleted ?? false,
      filters: s.filters ?? null,
      query: null,
      isStatic: s.isStatic,
      cohortType: s.isStatic ? "static" : null,
      isCalculating: false,
      createdById: userId,
      createdAt: isoZ(at),
      lastCalculation: null,
      errorsCalculating: 0,
      count: null,
      members: new Set(),
      version: 0,
    };
    world.cohorts.set(cohort.id, cohort);
    if (s.members) cohort.members = new Set(data.persons.filter(s.members).map((p) => p.uuid));
    else if (!s.isStatic) cohort.members = evaluateCohort(world, data, cohort);
    finishCalculation(cohort, at + 60_000);
    out.push(cohort);
  }
  return out;
}

const person = (key: string, value: Props[string], operator = "exact"): Props => ({
  type: "person",
  key,
  value,
  operator,
  negation: false,
});

export function mainCohorts(world: World, data: ProjectData, userId: number): void {
  const first = world.next.cohort;
  seedCohorts(world, data, userId, [
    {
      name: "Beta testers",
      description: "Hand-picked early users",
      isStatic: true,
      members: (_p, i) => i % 7 === 0,
    },
    {
      name: "Pro plan users",
      isStatic: false,
      filters: {
        properties: { type: "AND", values: [{ type: "AND", values: [person("plan", ["pro"])] }] },
      },
    },
    { name: "Old import (deleted)", isStatic: true, deleted: true, members: (_p, i) => i < 5 },
    {
      name: "Power users",
      isStatic: false,
      filters: {
        properties: {
          type: "OR",
          values: [
            {
              type: "AND",
              values: [
                {
                  type: "behavioral",
                  key: "$pageview",
                  value: "performed_event",
                  event_type: "events",
                  time_value: 30,
                  time_interval: "day",
                  negation: false,
                },
              ],
            },
          ],
        },
      },
    },
    {
      name: "EU customers",
      isStatic: false,
      filters: {
        properties: {
          type: "AND",
          values: [{ type: "AND", values: [person("country", ["DE", "FR", "ES", "IT", "PL"])] }],
        },
      },
    },
    {
      name: "Newsletter import — März",
      description: "Uploaded from CSV",
      isStatic: true,
      members: (_p, i) => i % 25 === 3,
    },
    {
      name: "Pro or power",
      isStatic: false,
      filters: {
        properties: {
          type: "OR",
          values: [
            {
              type: "OR",
              values: [
                { type: "cohort", key: "id", value: first + 1, negation: false },
                { type: "cohort", key: "id", value: first + 3, negation: false },
              ],
            },
          ],
        },
      },
    },
  ]);
}

export function seedMetrics(world: World, data: ProjectData): void {
  const rng = createRng(world.seed + 99);
  data.metrics.push(
    {
      id: uuidFrom(rng),
      typeIndex: 0,
      name: "Events (7 days)",
      format: "numeric",
      interval: 7,
      display: "number",
      filters: { events: [{ id: "$pageview", type: "events", order: 0 }] },
      math: "count",
      mathProperty: null,
    },
    {
      id: uuidFrom(rng),
      typeIndex: 0,
      name: "Revenue (30 days)",
      format: "currency",
      interval: 30,
      display: "sparkline",
      filters: { events: [{ id: "purchase", type: "events", order: 0 }] },
      math: "sum",
      mathProperty: "amount",
    },
    {
      id: uuidFrom(rng),
      typeIndex: 0,
      name: "Features used (14 days)",
      format: "numeric",
      interval: 14,
      display: "sparkline",
      filters: {
        events: [{ id: "feature_used", type: "events", order: 0 }],
        filter_test_accounts: true,
      },
      math: "count",
      mathProperty: null,
    },
    {
      id: uuidFrom(rng),
      typeIndex: 0,
      name: "Chrome pageviews (7 days)",
      format: "numeric",
      interval: 7,
      display: "number",
      filters: {
        events: [
          {
            id: "$pageview",
            type: "events",
            order: 0,
            properties: [{ key: "$browser", value: ["Chrome"], operator: "exact", type: "event" }],
          },
        ],
      },
      math: "count",
      mathProperty: null,
    },
    {
      // A metric on the seeded warehouse table (seed/warehouse.ts), read by its key field.
      id: uuidFrom(rng),
      typeIndex: 0,
      name: "Charges (30 days)",
      format: "currency",
      interval: 30,
      display: "sparkline",
      filters: {
        source: "data_warehouse",
        table_name: "stripe_charges",
        timestamp_field: "created",
        key_field: "customer_id",
      },
      math: "sum",
      mathProperty: "amount",
    },
  );
}

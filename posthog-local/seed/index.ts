// Builds a fresh world: one organisation with two projects, an outside organisation, keys, groups and people.
import { isoZ } from "../clock";
import { groupRow } from "../group-index";
import { insertGroup, upsertPropertyDefinition } from "../group-writes";
import { createRng, type Rng, tokenFor, uuidFrom } from "../ids";
import type { ProjectData, World } from "../store";
import type { GroupType, PropertyDefinition, Props } from "../types";
import { seedEvents } from "./events";
import {
  companyKey,
  companyProps,
  instanceKey,
  instanceProps,
  projectKey,
  projectProps,
  widen,
} from "./group-props";
import { type SeedKeys, seedKeys } from "./keys";
import { mainCohorts, seedCohorts, seedMetrics, seedPersons } from "./people";
import { seedWarehouse } from "./warehouse";

export type { SeedKeys } from "./keys";

export interface SeedOptions {
  /** Companies (group type 0) in project 1. @default 1000 */
  groups: number;
  /** PRNG seed; the same seed gives the same data and keys. @default 42 */
  seed: number;
  /** Pads each company's properties to about this many bytes of JSON (wide rows); 0 keeps them as they are. @default 0 */
  groupBytes?: number;
  /** Companies of project 1 that get 60 days of events (the first ones). @default min(groups, 60) */
  eventCompanies?: number;
}

/**
 * PostHog's default test-account filters for a new team (posthog/models/team/util.py
 * get_default_test_account_filters / team.py): the organisation's e-mail domain and localhost hosts.
 */
const TEST_ACCOUNT_FILTERS: Props[] = [
  { key: "email", value: "@hogflix.example", operator: "not_icontains", type: "person" },
  {
    key: "$host",
    value: "^(localhost|127\\.0\\.0\\.1)($|:)",
    operator: "not_regex",
    type: "event",
  },
];

const SPAN_START = Date.UTC(2021, 0, 1);
const SPAN_END = Date.UTC(2025, 11, 31);

export function seedWorld(world: World, options: SeedOptions): SeedKeys {
  const s = options.seed;
  world.organizations.push({
    id: uuidFrom(createRng(s + 1)),
    name: "Hogflix Inc.",
    slug: "hogflix",
  });
  world.organizations.push({
    id: uuidFrom(createRng(s + 2)),
    name: "Elsewhere Ltd",
    slug: "elsewhere",
  });
  const [main, other] = world.organizations as [
    (typeof world.organizations)[0],
    (typeof world.organizations)[0],
  ];
  const project = (id: number, orgId: string, name: string) =>
    world.addProject({
      id,
      uuid: uuidFrom(createRng(s * 13 + id)),
      organizationId: orgId,
      apiToken: tokenFor("phc_", `project-${id}`, s),
      name,
      timezone: "UTC",
      createdAt: "2021-01-01T00:00:00Z",
      testAccountFilters: TEST_ACCOUNT_FILTERS,
    });
  const p1 = project(1, main.id, "Hogflix Production");
  const p2 = project(2, main.id, "Hogflix Sandbox");
  project(3, other.id, "Elsewhere App");
  world.users.set(1, {
    id: 1,
    uuid: uuidFrom(createRng(s + 11)),
    distinctId: "user-distinct-1",
    firstName: "Max",
    lastName: "Hedgehog",
    email: "max@hogflix.example",
    currentTeamId: 1,
    organizationIds: [main.id],
  });
  world.users.set(2, {
    id: 2,
    uuid: uuidFrom(createRng(s + 12)),
    distinctId: "user-distinct-2",
    firstName: "Olga",
    lastName: "Outsider",
    email: "olga@elsewhere.example",
    currentTeamId: 3,
    organizationIds: [other.id],
  });

  const rng = createRng(s);
  const counts = [
    options.groups,
    Math.min(300, Math.ceil(options.groups * 0.3)),
    Math.min(200, Math.ceil(options.groups * 0.2)),
  ];
  seedGroupTypes(p1, [
    ["company", "company", "companies"],
    ["project", "project", "projects"],
    ["instance", "instance", "instances"],
  ]);
  seedGroups(world, p1, 0, counts[0] as number, rng, companyKey, (r, i, k) =>
    widen(companyProps(r, i, k), options.groupBytes ?? 0),
  );
  seedGroups(world, p1, 1, counts[1] as number, rng, projectKey, projectProps);
  seedGroups(world, p1, 2, counts[2] as number, rng, instanceKey, instanceProps);
  seedGroupTypes(p2, [
    ["company", "company", "companies"],
    ["team", null, null],
  ]);
  seedGroups(world, p2, 0, 25, rng, companyKey, (r, i, k) => companyProps(r, i, k));
  seedGroups(
    world,
    p2,
    1,
    10,
    rng,
    (i) => `team-${i}`,
    (_r, i) => ({ name: `Team ${i}`, size: i * 3 }),
  );

  seedPersons(world, p1, 300, rng);
  seedPersons(world, p2, 20, rng);
  mainCohorts(world, p1, 1);
  seedCohorts(world, p2, 1, [
    { name: "Sandbox testers", isStatic: true, members: (_p, i) => i < 3 },
  ]);
  seedMetrics(world, p1);
  const active = Math.min(options.groups, options.eventCompanies ?? 60);
  seedEvents(world, p1, active, world.now());
  seedWarehouse(world, p1, active, world.now());
  seedOtherDefinitions(world, p1);
  seedOtherDefinitions(world, p2);
  return seedKeys(world);
}

function seedGroupTypes(data: ProjectData, types: [string, string | null, string | null][]): void {
  data.groupTypes = types.map(
    ([groupType, singular, plural], index): GroupType => ({
      index,
      groupType,
      nameSingular: singular,
      namePlural: plural,
      detailDashboard: null,
      defaultColumns: null,
      createdAt: isoZ(Date.UTC(2021, 0, 1 + index)),
    }),
  );
}

function seedGroups(
  world: World,
  data: ProjectData,
  typeIndex: number,
  count: number,
  rng: Rng,
  keyOf: (i: number) => string,
  propsOf: (rng: Rng, i: number, key: string) => Props,
): void {
  const step = (SPAN_END - SPAN_START) / Math.max(1, count);
  let at = SPAN_START;
  const rows = [];
  const firstValue = new Map<string, Props[string]>();
  for (let i = 1; i <= count; i++) {
    if (i === 1 || rng() >= 0.04) at += Math.max(1, Math.floor(rng() * 2 * step)); // ~4% share the previous created_at
    at = Math.min(at, SPAN_END);
    const key = keyOf(i);
    const properties = propsOf(rng, i, key);
    const group = insertGroup(world, data, typeIndex, key, properties, at);
    const row = groupRow(key, group.createdAtUs, properties, at + 3_600_000);
    rows.push(row);
    for (const [name, value] of Object.entries(properties))
      if (!firstValue.has(name)) firstValue.set(name, value);
  }
  data.view(typeIndex).load(rows);
  for (const [name, value] of firstValue)
    upsertPropertyDefinition(world, data, typeIndex, name, value, "ingestion");
}

function seedOtherDefinitions(world: World, data: ProjectData): void {
  const rng = createRng(world.seed * 3 + data.project.id);
  const add = (
    type: PropertyDefinition["type"],
    name: string,
    propertyType: PropertyDefinition["propertyType"],
  ) =>
    data.propertyDefinitions.set(`${type}::${name}`, {
      id: uuidFrom(rng),
      name,
      type,
      typeIndex: null,
      propertyType,
      isNumerical: propertyType === "Numeric",
    });
  for (const [name, t] of [
    ["$browser", "String"],
    ["$current_url", "String"],
    ["$screen_width", "Numeric"],
    ["amount", "Numeric"],
    ["plan", "String"],
    ["$pathname", "String"],
  ] as const)
    add("event", name, t);
  for (const [name, t] of [
    ["email", "String"],
    ["name", "String"],
    ["plan", "String"],
    ["country", "String"],
    ["age", "Numeric"],
    ["$initial_browser", "String"],
  ] as const)
    add("person", name, t);
}

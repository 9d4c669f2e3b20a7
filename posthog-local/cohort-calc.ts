// Cohort calculation: evaluates person-property, cohort and (simulated) behavioral filters after a delay.
import { isoZ } from "./clock";
import { hash } from "./group-writes";
import type { ProjectData, World } from "./store";
import type { Cohort, Json, Person } from "./types";

type Node = { [key: string]: Json };

/** Members of a dynamic cohort under its filters, now. */
export function evaluateCohort(
  world: World,
  data: ProjectData,
  cohort: Cohort,
  seen = new Set<number>(),
): Set<string> {
  const root = (cohort.filters?.properties ?? null) as Json;
  const out = new Set<string>();
  if (!isNode(root) || seen.has(cohort.id)) return out;
  seen.add(cohort.id);
  for (const person of data.persons)
    if (matches(world, data, root, person, seen)) out.add(person.uuid);
  seen.delete(cohort.id);
  return out;
}

function isNode(value: Json | undefined): value is Node {
  return !!value && typeof value === "object" && !Array.isArray(value);
}

function matches(
  world: World,
  data: ProjectData,
  node: Node,
  person: Person,
  seen: Set<number>,
): boolean {
  if (node.type === "AND" || node.type === "OR") {
    const values = Array.isArray(node.values) ? node.values.filter(isNode) : [];
    if (values.length === 0) return node.type === "AND" && Object.keys(node).length > 0;
    const results = values.map((v) => matches(world, data, v, person, seen));
    return node.type === "AND" ? results.every(Boolean) : results.some(Boolean);
  }
  const negate = node.negation === true;
  let hit = false;
  if (node.type === "person") hit = personMatches(node, person);
  else if (node.type === "cohort") {
    const other = world.cohorts.get(Number(node.value));
    hit = !!other && !seen.has(other.id) && other.members.has(person.uuid);
  } else if (node.type === "behavioral") {
    // No events are stored: a behavioral filter matches a stable quarter of the persons.
    hit = (person.id + hash(String(node.value ?? "")) + hash(String(node.key ?? ""))) % 4 === 0;
  }
  return negate ? !hit : hit;
}

function personMatches(node: Node, person: Person): boolean {
  const key = String(node.key ?? "");
  const actual = person.properties[key];
  const expected = node.value;
  const list = Array.isArray(expected) ? expected : [expected];
  const text = actual === undefined || actual === null ? "" : String(actual);
  switch (node.operator ?? "exact") {
    case "exact":
      return actual !== undefined && list.some((v) => String(v) === text);
    case "is_not":
      return !list.some((v) => String(v) === text);
    case "icontains":
      return (
        actual !== undefined && text.toLowerCase().includes(String(expected ?? "").toLowerCase())
      );
    case "not_icontains":
      return !text.toLowerCase().includes(String(expected ?? "").toLowerCase());
    case "regex":
      return actual !== undefined && safeRegex(String(expected)).test(text);
    case "not_regex":
      return !safeRegex(String(expected)).test(text);
    case "gt":
      return Number(actual) > Number(expected);
    case "gte":
      return Number(actual) >= Number(expected);
    case "lt":
      return Number(actual) < Number(expected);
    case "lte":
      return Number(actual) <= Number(expected);
    case "is_set":
      return actual !== undefined && actual !== null;
    case "is_not_set":
      return actual === undefined || actual === null;
    default:
      return false;
  }
}

function safeRegex(source: string): RegExp {
  try {
    return new RegExp(source);
  } catch {
    return /$^/;
  }
}

/** Marks a dynamic cohort as calculating and finishes the calculation after `cohortCalculationMs`. */
export function scheduleCalculation(world: World, data: ProjectData, cohort: Cohort): void {
  cohort.isCalculating = true;
  const version = ++cohort.version;
  world.schedule(world.now() + world.settings.cohortCalculationMs, (at) => {
    if (cohort.version !== version || cohort.deleted) return;
    cohort.members = evaluateCohort(world, data, cohort);
    finishCalculation(cohort, at);
  });
}

export function finishCalculation(cohort: Cohort, at: number): void {
  cohort.count = cohort.members.size;
  cohort.isCalculating = false;
  cohort.lastCalculation = isoZ(at);
  cohort.errorsCalculating = 0;
}

/** Static cohort insert (insert_users_list_by_uuid): members are added and the count refreshed at once. */
export function addMembers(world: World, cohort: Cohort, uuids: Iterable<string>): void {
  for (const uuid of uuids) cohort.members.add(uuid);
  finishCalculation(cohort, world.now());
}

// Seeds 60 days of events for the first demo companies: steady, growing, shrinking, dormant and new accounts.
import type { EventRow } from "../events-table";
import { createRng, intBetween, pick, type Rng } from "../ids";
import type { ProjectData, World } from "../store";
import type { Person, Props } from "../types";
import { companyKey, projectKey } from "./group-props";

export const EVENT_DAYS = 60;
const DAY = 86_400_000;

/** How an account's daily activity moves over the 60 days (index 0 = 59 days ago, 59 = today). */
export type Trend = "steady" | "growing" | "shrinking" | "dormant" | "new";

/** The trend of the i-th company (1-based): the mix the metric columns and the README recipe show. */
export function trendOf(i: number): Trend {
  const r = i % 10;
  if (r <= 3) return "steady";
  if (r <= 5) return "growing";
  if (r <= 7) return "shrinking";
  return r === 8 ? "dormant" : "new";
}

export function dailyRate(trend: Trend, day: number): number {
  const t = day / (EVENT_DAYS - 1);
  switch (trend) {
    case "steady":
      return 3;
    case "growing":
      return 0.3 + 5 * t;
    case "shrinking":
      return 5.3 - 5 * t;
    case "dormant":
      return day < 15 ? 3 : 0; // active until 45 days ago, silent since
    default:
      return day >= EVENT_DAYS - 10 ? 4 : 0; // signed up 10 days ago
  }
}

/**
 * The members of company i (1-based): 2–5 persons. Neighbouring companies share a person (a consultant, a
 * reseller), and every third company also has one of five persons who work across many accounts.
 */
export function membersOf(i: number, persons: readonly Person[]): Person[] {
  const n = 2 + (i % 4);
  const picks = Array.from({ length: n - 1 }, (_, j) => (3 * (i - 1) + j) % persons.length);
  if (i % 3 === 0) picks.push((persons.length - 1 - (i % 5)) % persons.length);
  else picks.push((3 * (i - 1) + n - 1) % persons.length);
  const out: Person[] = [];
  for (const k of picks) {
    const p = persons[k];
    if (p && !out.includes(p)) out.push(p);
  }
  return out;
}

/**
 * Events of the first `companies` companies of project 1 (type 0), timed relative to `nowMs` so that the
 * windows `[now − interval, now]` always hold data. Deterministic for a seed and a day.
 */
export function seedEvents(
  world: World,
  data: ProjectData,
  companies: number,
  nowMs: number,
): void {
  const rng = createRng(world.seed * 7 + 5);
  const today = Math.floor(nowMs / DAY) * DAY;
  const rows: EventRow[] = [];
  const persons = data.persons;
  if (persons.length === 0) return;
  for (let i = 1; i <= companies; i++) {
    const trend = trendOf(i);
    const members = membersOf(i, persons);
    const key = companyKey(i);
    for (let day = 0; day < EVENT_DAYS; day++) {
      const start = today - (EVENT_DAYS - 1 - day) * DAY;
      const span = Math.min(DAY, nowMs - start);
      if (span <= 0) continue;
      const n = poisson(rng, dailyRate(trend, day));
      for (let e = 0; e < n; e++) {
        const person = pick(rng, members);
        rows.push(eventRow(rng, person, key, i, start + Math.floor(rng() * span)));
      }
    }
  }
  rows.sort((a, b) => a.timestampMs - b.timestampMs);
  data.events.load(rows);
}

const BROWSERS = ["Chrome", "Chrome", "Firefox", "Safari"];
const PATHS = ["/", "/dashboard", "/settings", "/reports"];
const FEATURES = ["export", "alerts", "sharing"];

function eventRow(rng: Rng, person: Person, company: string, i: number, ts: number): EventRow {
  const roll = rng();
  const event = roll < 0.7 ? "$pageview" : roll < 0.92 ? "feature_used" : "purchase";
  const properties: Props = {
    $browser: pick(rng, BROWSERS),
    // ~4% from a developer's machine: what the default test-account filter ($host not_regex localhost) drops.
    $host: rng() < 0.04 ? "localhost:8000" : "app.hogflix.example",
    $pathname: pick(rng, PATHS),
  };
  if (event === "feature_used") properties.feature = pick(rng, FEATURES);
  if (event === "purchase") properties.amount = intBetween(rng, 1, 50) * 10;
  const groups: Props = { company };
  const g: EventRow["groups"] = [company, "", "", "", ""];
  if (i % 3 === 0) {
    const project = projectKey(i);
    groups.project = project;
    g[1] = project;
  }
  properties.$groups = groups;
  return {
    uuid: fastUuid(rng),
    event,
    timestampMs: ts,
    distinctId: person.distinctIds[0] as string,
    personId: person.uuid,
    properties,
    groups: g,
  };
}

/** Knuth's Poisson draw: small rates only. */
function poisson(rng: Rng, rate: number): number {
  if (rate <= 0) return 0;
  const limit = Math.exp(-rate);
  let k = 0;
  let p = rng();
  while (p > limit) {
    k++;
    p *= rng();
  }
  return k;
}

/** A version-4-shaped UUID from four 32-bit draws (ids.ts uuidFrom draws per hex digit: too slow for thousands of events). */
function fastUuid(rng: Rng): string {
  const h = [0, 0, 0, 0]
    .map(() =>
      Math.floor(rng() * 0x1_0000_0000)
        .toString(16)
        .padStart(8, "0"),
    )
    .join("");
  const variant = ((Number.parseInt(h[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

// Deterministic, deliberately awkward group properties: unicode, formulas, leading zeros, nesting, blanks.
import { intBetween, pick, type Rng } from "../ids";
import type { Json, Props } from "../types";

const WORDS = [
  "acme",
  "globex",
  "initech",
  "umbrella",
  "hooli",
  "stark",
  "wayne",
  "wonka",
  "tyrell",
  "cyberdyne",
  "soylent",
  "vandelay",
];
const INDUSTRIES = [
  "SaaS",
  "Fintech",
  "Healthcare",
  "E-commerce",
  "Education",
  "Logistics",
  "Media",
  "Gaming",
];
const PLANS = ["free", "startup", "scale", "enterprise"];
const CITIES: [string, string][] = [
  ["Berlin", "DE"],
  ["São Paulo", "BR"],
  ["Zürich", "CH"],
  ["東京", "JP"],
  ["New York", "US"],
  ["Kraków", "PL"],
  ["Montréal", "CA"],
  ["Lagos", "NG"],
];
const ODD_NAMES = [
  "Café Müller GmbH",
  "株式会社サンプル",
  "Rocket 🚀 Labs",
  "Ærø Shipping ApS",
  "Smörgås & Söner AB",
  "Ünïcödé Ltd.",
  "北京数据科技",
  "Ñandú S.A.",
];
const TRAPS = [
  "=SUM(A1:A3)",
  "+1 555 0100",
  "-42 degrees",
  "@channel",
  '=HYPERLINK("http://x")',
  "-",
  "+",
  "=1+1",
];
const LONG = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(12);

function pad(n: number, width = 5): string {
  return String(n).padStart(width, "0");
}

/** Company keys like `acme-00042`, with a few spaces, slashes, unicode and LIKE wildcards mixed in. */
export function companyKey(i: number): string {
  const word = WORDS[i % WORDS.length] as string;
  if (i % 97 === 7) return `${word} corp ${pad(i)}`;
  if (i % 113 === 13) return `org/${word}/${pad(i)}`;
  if (i % 131 === 21) return `café-${pad(i)}`;
  if (i % 151 === 34) return `日本-${pad(i)}`;
  if (i % 173 === 50) return `${word.toUpperCase()}-Upper-${pad(i)}`;
  if (i === 77) return `100%_growth-${pad(i)}`;
  return `${word}-${pad(i)}`;
}

function isoDate(rng: Rng, fromYear: number, toYear: number): string {
  const start = Date.UTC(fromYear, 0, 1);
  const end = Date.UTC(toYear, 11, 31);
  return new Date(start + Math.floor(rng() * (end - start))).toISOString().slice(0, 10);
}

function isoDateTime(rng: Rng): string {
  const start = Date.UTC(2024, 0, 1);
  return new Date(start + Math.floor(rng() * 500 * 86_400_000))
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z");
}

export function companyProps(rng: Rng, i: number, key: string): Props {
  const word = WORDS[i % WORDS.length] as string;
  const [city, country] = pick(rng, CITIES);
  const props: Props = {
    name:
      i % 41 === 3
        ? (ODD_NAMES[((i / 41) % ODD_NAMES.length) | 0] as string)
        : `${cap(word)} ${i} ${pick(rng, ["Inc", "LLC", "Ltd", "GmbH", "SAS"])}`,
    industry: pick(rng, INDUSTRIES),
    employees: intBetween(rng, 1, 20_000),
    arr: Math.round(rng() * 2_500_000_00) / 100,
    is_paying: rng() < 0.6,
    plan: pick(rng, PLANS),
    signup_date: isoDate(rng, 2019, 2025),
    last_seen_at: isoDateTime(rng),
    domain: `${key.replace(/[^a-z0-9-]/gi, "")}.example.com`,
    address: { city, country, zip: pad(intBetween(rng, 1, 999), 5) },
    tags: pickTags(rng),
  };
  if (rng() < 0.5) props.phone = `+1 555 ${pad(intBetween(rng, 0, 9999), 4)}`;
  if (i % 23 === 5) props.note = pick(rng, TRAPS);
  if (i % 17 === 2) props.zip_code = `00${intBetween(rng, 100, 999)}`;
  if (i % 29 === 4) props.description = LONG;
  if (i % 19 === 6) props.description = "";
  if (i % 31 === 8) props.description = 'Says "hello"\nand goes on a new line, with a tab\there.';
  if (i % 11 === 1) props.is_enterprise = rng() < 0.5 ? "true" : "false";
  if (i % 37 === 9) props.nps = null;
  else if (rng() < 0.4) props.nps = intBetween(rng, -100, 100);
  if (i % 43 === 10)
    props.settings = { sso: { enabled: true, provider: "okta" }, seats: [5, 10, 20], beta: null };
  if (i % 59 === 12) props.emoji = "🎉🔥✨";
  if (rng() < 0.3) props.health_score = Math.round(rng() * 1000) / 10;
  return props;
}

function pickTags(rng: Rng): Json[] {
  const all = ["b2b", "saas", "enterprise", "self-serve", "churn-risk", "expansion", "partner"];
  return all.filter(() => rng() < 0.25);
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function projectKey(i: number): string {
  return i % 71 === 5 ? `proj ${pad(i, 6)}` : `proj-${pad(i, 6)}`;
}

export function projectProps(rng: Rng, i: number): Props {
  return {
    name: i % 53 === 7 ? `Projet spécial ${i} 🚧` : `Project ${i}`,
    environment: pick(rng, ["production", "staging", "development"]),
    region: pick(rng, ["us-east-1", "eu-central-1", "ap-northeast-1"]),
    event_count: intBetween(rng, 0, 5_000_000),
    company_key: companyKey(intBetween(rng, 1, 200)),
    created_by_email: `owner${i}@example.com`,
    feature_flags_enabled: rng() < 0.7,
    limits: {
      events_per_month: intBetween(rng, 1, 100) * 1_000_000,
      retention_days: pick(rng, [30, 90, 365]),
    },
  };
}

export function instanceKey(i: number): string {
  return `https://instance-${pad(i, 4)}.example.com`;
}

export function instanceProps(rng: Rng, i: number): Props {
  return {
    url: instanceKey(i),
    version: `1.${intBetween(rng, 30, 45)}.${intBetween(rng, 0, 9)}`,
    self_hosted: rng() < 0.3,
    deployment: pick(rng, ["helm", "docker-compose", "cloud"]),
    last_heartbeat: isoDateTime(rng),
    instance_id: pad(intBetween(rng, 0, 99_999), 7),
  };
}

const FILLER =
  "Account notes: renewal discussed, champion changed teams, wants SSO and audit logs. ";

/** Adds a `notes_long` property so the properties' JSON is about `bytes` long (wide rows for size limits). */
export function widen(props: Props, bytes: number): Props {
  if (bytes <= 0) return props;
  const missing = bytes - Buffer.byteLength(JSON.stringify(props)) - 16;
  if (missing <= 0) return props;
  return {
    ...props,
    notes_long: FILLER.repeat(Math.ceil(missing / FILLER.length)).slice(0, missing),
  };
}

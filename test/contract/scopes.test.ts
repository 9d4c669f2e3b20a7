// Contract: the scopes the connect form lists are exactly enough for every feature, and each one missing costs exactly its features.
import { describe, expect, it } from "vitest";
import type { PostHogClient } from "../../src/api/client.ts";
import { createConnection } from "../../src/api/credentials.ts";
import { isPostHogError } from "../../src/api/errors.ts";
import { toFailure } from "../../src/shared/failures.ts";
import {
  FEATURES,
  type FeatureId,
  featureAccess,
  grants,
  requestedScopes,
} from "../../src/shared/scopes.ts";
import { itKeepsTheRequestLogClean, useContract } from "./kit.ts";

const kit = useContract({ groups: 40 });
let known = "";
/** A company's key, read once with the demo key (inside a test: the runtime's globals exist only there). */
function groupKey(): string {
  known ||= kit.client().groups.list({ groupTypeIndex: 0 }).results[0]?.group_key ?? "";
  return known;
}

const EVENTS = { events: [{ id: "$pageview", type: "events", order: 0 }] };

/** One representative call per feature: the requests its buttons make, in PostHog's permission terms. */
const PROBES: Record<FeatureId, (c: PostHogClient) => unknown> = {
  connect: (c) => [c.projects.me(), c.projects.list()],
  pull_groups: (c) => [
    c.groupTypes.list(),
    c.groups.list({ groupTypeIndex: 0 }),
    c.groups.related({ id: groupKey(), groupTypeIndex: 0 }),
  ],
  pull_definitions: (c) => [c.groupTypes.list(), c.propertyDefinitions.list({ groupTypeIndex: 0 })],
  pull_metrics: (c) => [c.groupTypes.list(), c.metrics.list(0)],
  // The metrics, then a HogQL query (the values are computed over events with the query API).
  metric_values: (c) => [
    c.groupTypes.list(),
    c.metrics.list(0),
    c.query.countGroups({ groupTypeIndex: 0 }),
  ],
  pull_cohorts: (c) => c.cohorts.list(),
  pull_members: (c) => [c.cohorts.list(), c.cohorts.persons(1)],
  push: (c) => [
    c.projects.get(),
    c.groups.updateProperty({ groupTypeIndex: 0, groupKey: groupKey(), key: "probe", value: 1 }),
  ],
  formulas: (c) => [
    c.groupTypes.list(),
    c.groups.find({ groupTypeIndex: 0, groupKey: groupKey() }),
  ],
  manage_metrics: (c) => {
    c.groupTypes.list();
    const metric = c.metrics.create(0, { name: `probe ${Math.random()}`, filters: EVENTS });
    c.metrics.delete(0, metric.id);
  },
  // A type that does not exist: past the scope check PostHog answers 404, which is what this probe wants.
  manage_group_types: (c) => expectNotFound(() => c.groupTypes.delete(4)),
  // The selection is looked up first (person:read), then the cohort is written (cohort:write).
  manage_cohorts: (c) => [
    c.persons.byDistinctIds(["probe"]),
    c.cohorts.create({ name: `probe ${Math.random()}`, is_static: true }),
  ],
  activity: (c) => [
    c.groupTypes.list(),
    c.groups.activity({ groupTypeIndex: 0, groupKey: groupKey() }),
  ],
  // The members of accounts are read with HogQL (query:read), named with the group types and the persons' details.
  people_of_accounts: (c) => [
    c.query.countGroups({ groupTypeIndex: 0 }),
    c.groupTypes.list(),
    c.cohorts.list(),
  ],
  cohort_from_accounts: (c) => {
    c.query.countGroups({ groupTypeIndex: 0 });
    c.groupTypes.list();
    const cohort = c.cohorts.create({ name: `probe ${Math.random()}`, is_static: true });
    c.cohorts.persons(cohort.id);
  },
  // Recording reads only what a refresh reads; reading an account's history adds its activity log.
  history_record: (c) => [c.groupTypes.list(), c.groups.list({ groupTypeIndex: 0 })],
  history_read: (c) => [
    c.groupTypes.list(),
    c.groups.allActivity({ groupTypeIndex: 0, groupKey: groupKey(), limit: 100, maxItems: 500 }),
  ],
  fast_pulls: (c) => c.query.countGroups({ groupTypeIndex: 0 }),
};

function expectNotFound(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    if (isPostHogError(error) && error.code === "not_found") return;
    throw error;
  }
}

/** The scope PostHog named when it refused the probe, or null when the probe went through. */
function refusal(client: PostHogClient, id: FeatureId): string | null {
  try {
    PROBES[id](client);
    return null;
  } catch (error) {
    if (isPostHogError(error) && error.code === "missing_scope") return error.scope;
    throw error;
  }
}

describe("the scopes the connect form lists", () => {
  it("are the demo key's scopes, as personal_api_keys/@current/ reports them", () => {
    const current = kit.client().personalApiKeys.current();
    expect([...current.scopes].sort()).toEqual([...requestedScopes()].sort());
  });

  it("are enough for every feature: a key holding exactly them uses each one", async () => {
    const key = await kit.newKey({ scopes: requestedScopes() });
    const client = kit.client({ apiKey: key.key });
    expect(featureAccess(client.personalApiKeys.current().scopes).every((f) => f.allowed)).toBe(
      true,
    );
    for (const feature of FEATURES) expect(refusal(client, feature.id), feature.id).toBeNull();
  });

  it.each(
    requestedScopes(),
  )("without %s: exactly the features needing it are lost, each refused with PostHog's message", async (dropped) => {
    const scopes = requestedScopes().filter((s) => s !== dropped);
    const key = await kit.newKey({ scopes });
    const client = kit.client({ apiKey: key.key });
    const access = featureAccess(client.personalApiKeys.current().scopes);
    const lost = access.filter((f) => !f.allowed).map((f) => f.id);
    expect(lost.length, "every listed scope enables something").toBeGreaterThan(0);
    for (const feature of access) {
      const refused = refusal(client, feature.id);
      if (feature.allowed) {
        expect(refused, feature.id).toBeNull();
        continue;
      }
      // PostHog names the first scope it checks; the dropped scope is the one that grants it.
      expect(refused, feature.id).not.toBeNull();
      expect(grants([dropped], refused as string), `${feature.id}: ${refused}`).toBe(true);
      expect(feature.missing, feature.id).toContain(refused);
    }
    const refusals = (await kit.requests()).filter((e) => e.status === 403);
    expect(refusals.length).toBe(lost.length);
  });

  it("turns a refusal into a message naming the scope to add", async () => {
    const key = await kit.newKey({ scopes: requestedScopes().filter((s) => s !== "cohort:write") });
    let message = "";
    try {
      kit.client({ apiKey: key.key }).cohorts.create({ name: "x", is_static: true });
    } catch (error) {
      message = toFailure(error).message;
    }
    expect(message).toBe(
      "Your PostHog key lacks the cohort:write scope. Add it to the key in PostHog (Settings → Personal API keys), then connect again.",
    );
  });
});

describe("keys PostHog refuses", () => {
  it("refuses a key without scopes everywhere, though @current shows it as `*`", () => {
    const client = kit.client({ apiKey: kit.ph.noScopesKey });
    expect(client.personalApiKeys.current().scopes).toEqual(["*"]);
    expect(refusal(client, "connect")).toBe("user:read");
    expect(refusal(client, "pull_groups")).toBe("group:read");
  });

  it("stops a project token or a project secret key in the form, naming the kind of key", () => {
    for (const [key, kind] of [
      [kit.ph.projectToken, "project token (phc_…)"],
      ["phs_0123456789abcdef", "project secret key (phs_…)"],
    ] as const) {
      let failure: ReturnType<typeof toFailure> | null = null;
      try {
        createConnection({ host: kit.url, apiKey: key, projectId: 1 });
      } catch (error) {
        failure = toFailure(error);
      }
      expect(failure).toMatchObject({ code: "invalid_input", field: "apiKey" });
      expect(failure?.message).toContain(kind);
      expect(failure?.message).toContain("Create a personal API key (phx_…)");
      expect(failure?.message).not.toContain(key);
    }
  });
});

itKeepsTheRequestLogClean(kit);

// Sends events of persons as members of companies to the local PostHog through /batch/, for the people flows and bench.
import type { SpawnedPostHog } from "../../posthog-local/spawn.ts";

/** A person (by distinct id, with an e-mail) who sends `events` events as a member of the company `account`. */
export interface Member {
  distinctId: string;
  email: string;
  account: string;
  events: number;
}

/** Captures the members' events in batches of `perBatch`, then lets ingestion finish (the lag flushed). */
export async function captureMembers(
  posthog: Pick<SpawnedPostHog, "url" | "projectToken" | "control">,
  members: readonly Member[],
  perBatch = 5_000,
): Promise<void> {
  const events = members.flatMap((m) =>
    Array.from({ length: m.events }, () => ({
      event: "$pageview",
      distinct_id: m.distinctId,
      properties: { $groups: { company: m.account }, $set: { email: m.email } },
    })),
  );
  for (let i = 0; i < events.length; i += perBatch) {
    const res = await fetch(`${posthog.url}/batch/`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ api_key: posthog.projectToken, batch: events.slice(i, i + perBatch) }),
    });
    if (res.status !== 200) throw new Error(`/batch/ answered ${res.status}: ${await res.text()}`);
  }
  await posthog.control.flush();
}

/** Runs HogQL against project 1 with `key`, as any PostHog client would. */
export async function hogql(
  posthog: Pick<SpawnedPostHog, "url" | "personalApiKey">,
  sql: string,
): Promise<unknown[][]> {
  const res = await fetch(`${posthog.url}/api/projects/1/query/`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${posthog.personalApiKey}`,
      "content-type": "application/json",
    },
    body: JSON.stringify({ query: { kind: "HogQLQuery", query: sql } }),
  });
  const body = (await res.json()) as { results?: unknown[][] };
  if (res.status !== 200 || !body.results)
    throw new Error(`query answered ${res.status}: ${JSON.stringify(body)}`);
  return body.results;
}

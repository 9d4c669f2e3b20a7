// The control API under /_control/ (loopback only, no auth): reset, keys, settings, faults, logs, reads, clock, flags.

import type { FaultSpec } from "./faults";
import { type Incoming, json, objectOf, type Reply } from "./http-util";
import { tokenFor } from "./ids";
import type { Runtime, RuntimeOptions } from "./runtime";
import { groupJson } from "./serialize";
import { patchSettings, type SettingsPatch } from "./settings";
import type { ApiKey } from "./types";

const LOOPBACK = ["127.0.0.1", "::1", "::ffff:127.0.0.1"];

function keyJson(key: ApiKey): Record<string, unknown> {
  const { value: _secret, ...rest } = key;
  return rest;
}

export function info(rt: Runtime): Record<string, unknown> {
  const project = rt.world.project(1)?.project;
  return {
    url: rt.baseUrl,
    projectId: 1,
    projectToken: project?.apiToken,
    ...rt.keys,
    seedMs: Math.round(rt.seedMs),
    groups: Object.fromEntries(
      [...(rt.world.project(1)?.views ?? new Map())].map(([i, v]) => [i, v.size]),
    ),
  };
}

export async function handleControl(rt: Runtime, req: Incoming, remote: string): Promise<Reply> {
  if (!LOOPBACK.includes(remote))
    return json(403, { error: "The control API only answers on loopback." });
  const parts = req.url.pathname.split("/").filter(Boolean).slice(1);
  const [what, id, sub] = parts;
  const m = req.method;
  const body = req.body.kind === "json" ? objectOf(req) : {};
  const q = req.url.searchParams;
  const world = rt.world;
  try {
    if (what === "health") return json(200, { ok: true });
    if (what === "info") return json(200, info(rt));
    if (what === "reset" && m === "POST") {
      rt.reset(body as RuntimeOptions);
      return json(200, info(rt));
    }
    if (what === "settings") {
      if (m === "PATCH" || m === "PUT" || m === "POST")
        patchSettings(world.settings, body as SettingsPatch);
      return json(200, world.settings);
    }
    if (what === "keys") return keys(rt, m, id, sub, body);
    if (what === "faults") {
      if (m === "POST") return json(201, rt.faults.add(body as unknown as FaultSpec));
      if (m === "DELETE" && id) return json(rt.faults.remove(id) ? 200 : 404, { removed: id });
      if (m === "DELETE") {
        rt.faults.clear();
        return json(200, { cleared: true });
      }
      return json(200, { faults: rt.faults.list() });
    }
    if (what === "requests") {
      if (m === "DELETE") {
        rt.log.clear();
        return json(200, { cleared: true });
      }
      const filter: { since?: number; path?: string; method?: string } = {
        since: Number(q.get("since") ?? 0),
      };
      if (q.get("path")) filter.path = q.get("path") as string;
      if (q.get("method")) filter.method = q.get("method") as string;
      return json(200, { requests: rt.log.list(filter), lastSeq: rt.log.lastSeq });
    }
    if (what === "events") {
      world.tick();
      if (m === "DELETE") {
        world.events = [];
        return json(200, { cleared: true });
      }
      const since = Number(q.get("since") ?? 0);
      const name = q.get("event");
      return json(200, {
        events: world.events.filter((e) => e.seq > since && (!name || e.event === name)),
      });
    }
    if (what === "groups") return readGroup(rt, req);
    if (what === "clock") {
      if (m === "POST" && typeof body.advanceMs === "number") world.clock.advance(body.advanceMs);
      if (m === "POST" && typeof body.offsetMs === "number") world.clock.setOffset(body.offsetMs);
      world.tick();
      return json(200, { now: new Date(world.now()).toISOString(), offsetMs: world.clock.offset });
    }
    if ((what === "flags" || what === "insights") && m === "POST") return usage(rt, what, body);
    if (what === "flush" && m === "POST") {
      world.flushAll();
      return json(200, { flushed: true });
    }
    return json(404, { error: `Unknown control route ${m} ${req.url.pathname}` });
  } catch (error) {
    return json(400, { error: (error as Error).message });
  }
}

function keys(
  rt: Runtime,
  m: string,
  id: string | undefined,
  sub: string | undefined,
  body: Record<string, unknown>,
): Reply {
  const world = rt.world;
  if (m === "POST" && !id) {
    const n = world.next.key++;
    const label = typeof body.label === "string" ? body.label : `control-${n}`;
    const key: ApiKey = {
      id: `key_${n}`,
      label,
      value: tokenFor("phx_", `${label}:${n}`, world.seed),
      userId: typeof body.userId === "number" ? body.userId : 1,
      scopes: body.scopes === undefined ? ["*"] : (body.scopes as string[] | null),
      scopedTeams: (body.scopedTeams as number[] | undefined) ?? null,
      scopedOrganizations: (body.scopedOrganizations as string[] | undefined) ?? null,
      revoked: false,
      remainingUses: null,
    };
    world.addKey(key);
    return json(201, { ...keyJson(key), key: key.value });
  }
  if (m === "POST" && id && sub === "revoke") {
    const key = world.keysById.get(id);
    if (!key) return json(404, { error: `No key ${id}` });
    const after = typeof body.afterRequests === "number" ? body.afterRequests : 0;
    if (after <= 0) key.revoked = true;
    else key.remainingUses = after;
    return json(200, keyJson(key));
  }
  return json(200, { keys: [...world.keysById.values()].map(keyJson) });
}

/** Adds a feature flag or an insight that uses cohorts (they keep a cohort from being deleted). */
function usage(rt: Runtime, what: "flags" | "insights", body: Record<string, unknown>): Reply {
  const data = rt.world.project(typeof body.project === "number" ? body.project : 1);
  if (!data) return json(404, { error: "No such project" });
  const cohortIds = Array.isArray(body.cohortIds) ? body.cohortIds.map(Number) : [];
  const name = typeof body.name === "string" ? body.name : "";
  const deleted = body.deleted === true;
  if (what === "insights") {
    data.insights.push({ name, deleted, cohortIds });
    return json(201, { insights: data.insights });
  }
  const key = typeof body.key === "string" ? body.key : `flag-${data.flags.length + 1}`;
  data.flags.push({ key, name, active: body.active !== false, deleted, cohortIds });
  return json(201, { flags: data.flags });
}

/** Reads one group from both sides: Postgres (what find sees) and ClickHouse (what the list and queries see). */
function readGroup(rt: Runtime, req: Incoming): Reply {
  const world = rt.world;
  world.tick();
  const q = req.url.searchParams;
  const data = world.project(Number(q.get("project") ?? 1));
  if (!data) return json(404, { error: "No such project" });
  const type = Number(q.get("type") ?? q.get("group_type_index") ?? 0);
  const key = q.get("key") ?? q.get("group_key") ?? "";
  const pg = data.group(type, key);
  const row = data.views.get(type)?.get(key);
  return json(200, {
    postgres: pg ? { ...groupJson(pg), notebook: pg.notebook } : null,
    clickhouse: row
      ? { group_key: row.key, group_properties: row.properties, properties_json: row.json }
      : null,
    pendingWrites: data.views.get(type)?.pendingCount ?? 0,
  });
}

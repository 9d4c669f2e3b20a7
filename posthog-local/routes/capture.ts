// /batch/ (and /e/, /capture/, /i/v0/e/): project-token capture; ingestion writes groups and the events table after a delay.

import { groupTypeFor, insertEvent } from "../event-ingestion";
import { insertGroup, publish, recordEvent, upsertPropertyDefinition } from "../group-writes";
import type { Incoming, Reply } from "../http-util";
import { groupId, type ProjectData, type World } from "../store";
import type { CapturedEvent, Json, Props } from "../types";

export const CAPTURE_PATHS = ["/batch", "/e", "/capture", "/track", "/i/v0/e", "/engage"];

const text = (status: number, body: string): Reply => ({
  status,
  text: body,
  contentType: "text/plain; charset=utf-8",
});

/** rust/capture `validate_token`. */
function tokenProblem(token: string): string | null {
  const t = token.trim();
  if (t === "") return "empty";
  if (t.length > 64) return "too_long";
  if ([...t].some((c) => c.charCodeAt(0) > 0x7f)) return "not_ascii";
  if (t.startsWith("phx_")) return "personal_api_key";
  if (t.includes("\0")) return "null_byte";
  return null;
}

function asObject(v: unknown): Record<string, unknown> | null {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

export function handleCapture(world: World, req: Incoming): Reply {
  if (req.method !== "POST") return { status: 405, empty: true };
  let body: unknown;
  try {
    body = JSON.parse(req.raw.toString("utf8"));
  } catch (error) {
    return text(400, `failed to parse request: ${(error as Error).message}`);
  }
  const top = asObject(body);
  const events: unknown[] = Array.isArray(body)
    ? body
    : top && Array.isArray(top.batch)
      ? top.batch
      : top && "event" in top
        ? [top]
        : [];
  if (events.length === 0) return text(400, "request holds no event");
  const tokens = new Set<string>();
  const topToken = top?.api_key ?? top?.token ?? top?.$token;
  if (typeof topToken === "string") tokens.add(topToken);
  else {
    for (const e of events) {
      const ev = asObject(e);
      const t = ev?.api_key ?? ev?.token ?? ev?.$token ?? asObject(ev?.properties)?.token;
      if (typeof t === "string") tokens.add(t);
    }
  }
  if (tokens.size === 0) return text(401, "event submitted without an api_key");
  if (tokens.size > 1) return text(401, "batch submitted with inconsistent api_key values");
  const token = ([...tokens][0] as string).trim();
  const problem = tokenProblem(token);
  if (problem) return text(401, `API key is not valid: ${problem}`);
  const parsed: {
    event: string;
    distinctId: string;
    properties: Props;
    timestamp: string | null;
    uuid?: string;
  }[] = [];
  for (const e of events) {
    const ev = asObject(e) ?? {};
    const props = (asObject(ev.properties) ?? {}) as Props;
    if (typeof ev.event !== "string" || ev.event === "")
      return text(400, "event submitted with an empty event name");
    const rawId = ev.distinct_id ?? ev.$distinct_id ?? props.distinct_id ?? props.$distinct_id;
    if (rawId === undefined || rawId === null)
      return text(400, "event submitted without a distinct_id");
    const distinctId = typeof rawId === "string" ? rawId : JSON.stringify(rawId);
    if (distinctId === "") return text(400, "event submitted with an empty distinct_id");
    parsed.push({
      event: ev.event,
      distinctId,
      properties: props,
      timestamp: typeof ev.timestamp === "string" ? ev.timestamp : null,
      ...(typeof ev.uuid === "string" ? { uuid: ev.uuid } : {}),
    });
  }
  const data = [...world.data.values()].find((d) => d.project.apiToken === token);
  const recorded = parsed.map((p) =>
    recordEvent(world, {
      projectId: data?.project.id ?? null,
      token,
      ...p,
      source: "capture",
      dropped: data ? null : "no project has this token",
      applied: false,
    }),
  );
  if (data) {
    world.schedule(world.now() + world.settings.captureDelayMs, (at) => {
      for (const e of recorded) ingest(world, data, e, at);
    });
  }
  return { status: 200, json: { status: "Ok" } };
}

/** The ingestion pipeline for one event: group writes first, then the row in `events` (visible after the lag). */
function ingest(world: World, data: ProjectData, event: CapturedEvent, at: number): void {
  if (event.event === "$groupidentify" || event.event === "$delete_group_property")
    ingestGroup(world, data, event, at);
  if (event.dropped) return;
  insertEvent(world, data, event, at);
  event.applied = true;
}

/** The plugin-server side: `$groupidentify` upserts (merging `$group_set`), `$delete_group_property` unsets. */
function ingestGroup(world: World, data: ProjectData, event: CapturedEvent, at: number): void {
  const p = event.properties;
  const typeName = p.$group_type;
  const key = p.$group_key;
  if (
    typeof typeName !== "string" ||
    typeName.length > 400 ||
    (typeof key !== "string" && typeof key !== "number")
  ) {
    event.dropped = "missing or invalid $group_type / $group_key";
    return;
  }
  const groupKey = String(key);
  if (groupKey.length > 400) {
    event.dropped = "$group_key longer than 400 characters";
    return;
  }
  const type = groupTypeFor(data, typeName, at);
  if (!type) {
    event.dropped = "the project already has 5 group types";
    return;
  }
  const set = (asObj(p.$group_set) ?? {}) as Props;
  const unset = Array.isArray(p.$group_unset) ? p.$group_unset.map(String) : [];
  let group = data.groups.get(groupId(type.index, groupKey));
  if (!group) {
    if (event.event === "$delete_group_property") return;
    const ts = event.timestamp ? Date.parse(event.timestamp) : Number.NaN;
    group = insertGroup(world, data, type.index, groupKey, {}, Number.isFinite(ts) ? ts : at);
  }
  const next: Props = { ...group.properties, ...set };
  for (const name of unset) delete next[name];
  group.properties = next;
  for (const [name, value] of Object.entries(set))
    upsertPropertyDefinition(world, data, type.index, name, value as Json, "ingestion");
  publish(world, data, group, at, "ingestion");
  event.applied = true;
}

function asObj(v: Json | undefined): Record<string, Json> | null {
  return v && typeof v === "object" && !Array.isArray(v) ? v : null;
}

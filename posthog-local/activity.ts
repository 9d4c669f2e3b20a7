// The activity log: entries written by group and cohort changes, served as page-based envelopes.
import { isoZ } from "./clock";
import { type Incoming, positiveInt, withParams } from "./http-util";
import { createRng, uuidFrom } from "./ids";
import type { ProjectData, World } from "./store";
import type { ActivityEntry, Json, Props } from "./types";

export interface Change {
  type: string;
  action: "created" | "changed" | "deleted" | "merged" | "split" | "exported";
  field?: string | null;
  before?: Json | undefined;
  after?: Json | undefined;
}

export function logActivity(
  world: World,
  data: ProjectData,
  entry: {
    scope: string;
    activity: string;
    itemId: string | number;
    userId: number;
    name?: string | null;
    changes: Change[];
  },
): void {
  const at = world.now();
  const seq = data.activity.length + 1;
  const detail: Props = {
    id: null,
    changes: entry.changes.map((c) => ({
      type: c.type,
      action: c.action,
      field: c.field ?? null,
      before: c.before === undefined ? null : c.before,
      after: c.after === undefined ? null : c.after,
    })),
    merge: null,
    trigger: null,
    name: entry.name ?? null,
    short_id: null,
    type: null,
  };
  data.activity.push({
    id: uuidFrom(createRng(world.seed * 7919 + data.project.id * 104729 + seq)),
    scope: entry.scope,
    activity: entry.activity,
    itemId: String(entry.itemId),
    detail,
    createdAt: isoZ(at),
    createdAtMs: at,
    userId: entry.userId,
  });
}

/** `activity_page_response`: `{results, next, previous, total_count}`, newest first, `limit` 10, `page` 1. */
export function activityPage(world: World, req: Incoming, entries: ActivityEntry[]): unknown {
  const limit = intParam(req.url.searchParams.get("limit"), 10);
  const page = intParam(req.url.searchParams.get("page"), 1);
  const sorted = [...entries].sort((a, b) => b.createdAtMs - a.createdAtMs);
  const start = (page - 1) * limit;
  const results = sorted.slice(Math.max(0, start), Math.max(0, start + limit)).map((e) => {
    const user = world.users.get(e.userId);
    return {
      id: e.id,
      user: user ? { first_name: user.firstName, email: user.email } : null,
      unread: false,
      is_system: false,
      activity: e.activity,
      scope: e.scope,
      item_id: e.itemId,
      detail: e.detail,
      created_at: e.createdAt,
    };
  });
  return {
    results,
    next: sorted.length > page * limit ? withParams(req, { page: page + 1, limit }) : null,
    previous: page > 1 ? withParams(req, { page: page - 1, limit }) : null,
    total_count: sorted.length,
  };
}

function intParam(raw: string | null, fallback: number): number {
  return positiveInt(raw, fallback);
}

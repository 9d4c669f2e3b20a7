// Group writes through ingestion: POST /batch/ with $groupidentify events, authenticated by the project token in the body.
import type { ApiContext } from "./context";
import { invalidInput, PostHogError } from "./errors";
import { utf8Length } from "./text";
import { checkGroupKey, checkObject } from "./validate";

/** One group to create or update; `properties` are merged into what PostHog has. */
export interface GroupIdentify {
  /** The group type's name (e.g. "company"), not its index. */
  groupType: string;
  groupKey: string;
  properties: Record<string, unknown>;
  /** ISO 8601; PostHog's receive time when absent. */
  timestamp?: string;
}

/** Options of a capture call. */
export interface CaptureOptions {
  /** The project API token (`phc_…`, the project's `api_token`), never the personal key. */
  projectToken: string;
  /**
   * distinct_id of the events (any non-empty text).
   * @default "posthog-sheets-addon"
   */
  distinctId?: string;
  /**
   * Events per request.
   * @default 1000
   */
  maxEventsPerRequest?: number;
  /**
   * Body size per request in bytes (PostHog accepts 20 MB).
   * @default 5000000
   */
  maxBodyBytes?: number;
}

/** Every batch accepted, or stopped at a failed one (not retried: it may have been ingested). */
export type CaptureResult =
  | { kind: "done"; sent: number; requests: number; quotaLimited: string[] }
  | {
      kind: "partial";
      sent: number;
      requests: number;
      quotaLimited: string[];
      error: PostHogError;
      remaining: GroupIdentify[];
    };

export function createCaptureApi(ctx: ApiContext) {
  const { requester } = ctx;

  function toEvent(group: GroupIdentify, distinctId: string): Record<string, unknown> {
    if (
      typeof group?.groupType !== "string" ||
      group.groupType === "" ||
      group.groupType.length > 400
    ) {
      throw invalidInput(
        "groupType must be the group type's name (1 to 400 characters).",
        "groupType",
      );
    }
    const event: Record<string, unknown> = {
      event: "$groupidentify",
      distinct_id: distinctId,
      properties: {
        $group_type: group.groupType,
        $group_key: checkGroupKey(group.groupKey),
        $group_set: checkObject(group.properties, "properties"),
      },
    };
    if (group.timestamp !== undefined) event.timestamp = group.timestamp;
    return event;
  }

  function checkToken(token: unknown): string {
    if (typeof token !== "string" || !/^[\x21-\x7e]+$/.test(token))
      throw invalidInput("Enter the project API token (phc_…).", "projectToken");
    if (/^ph[xs]_/.test(token))
      throw invalidInput(
        "That is a personal or secret key; capture takes the project API token (phc_…).",
        "projectToken",
      );
    return token;
  }

  function send(token: string, batch: Array<Record<string, unknown>>): string[] {
    try {
      const { data } = requester.send<{ quota_limited?: string[] } | null>({
        method: "POST",
        path: "/batch/",
        target: "capture",
        json: { api_key: token, historical_migration: false, batch },
        idempotent: false,
      });
      return Array.isArray(data?.quota_limited) ? data.quota_limited : [];
    } catch (error) {
      if (
        error instanceof PostHogError &&
        (error.code === "invalid_key" || error.code === "not_authenticated")
      ) {
        const message =
          "PostHog's ingestion rejected the project API token; copy it again from the project settings.";
        throw new PostHogError({ ...error.toJSON(), code: "invalid_key", message });
      }
      throw error;
    }
  }

  return {
    /** Sends `$groupidentify` events in batches to the ingestion host (us.i / eu.i for cloud). Reads lag behind. */
    groupIdentify(groups: readonly GroupIdentify[], options: CaptureOptions): CaptureResult {
      const token = checkToken(options?.projectToken);
      const distinctId = options.distinctId ?? "posthog-sheets-addon";
      if (distinctId === "") throw invalidInput("distinctId must not be empty.", "distinctId");
      const maxEvents = options.maxEventsPerRequest ?? 1000;
      const maxBytes = options.maxBodyBytes ?? 5_000_000;
      const events = groups.map((group) => toEvent(group, distinctId));
      const quotaLimited = new Set<string>();
      let sent = 0;
      let requests = 0;
      while (sent < events.length) {
        let end = sent;
        let bytes = 0;
        while (end < events.length && end - sent < maxEvents) {
          const size = utf8Length(JSON.stringify(events[end])) + 1;
          if (end > sent && bytes + size > maxBytes) break;
          bytes += size;
          end++;
        }
        try {
          for (const name of send(token, events.slice(sent, end))) quotaLimited.add(name);
        } catch (error) {
          if (!(error instanceof PostHogError)) throw error;
          return {
            kind: "partial",
            sent,
            requests,
            quotaLimited: [...quotaLimited],
            error,
            remaining: groups.slice(sent),
          };
        }
        requests++;
        sent = end;
      }
      return { kind: "done", sent, requests, quotaLimited: [...quotaLimited] };
    },
  };
}

/** The capture resource. */
export type CaptureApi = ReturnType<typeof createCaptureApi>;

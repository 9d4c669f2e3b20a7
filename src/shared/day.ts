// A day in milliseconds: PostHog's metric windows and the add-on's look-backs count UTC days, its quota window 24 h.

/** 24 hours; a UTC day always has them (no daylight-saving jumps, docs/posthog-query-api.md §15). */
export const DAY_MS = 86_400_000;

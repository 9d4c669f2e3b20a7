// A search or a group's related groups that found nothing: said plainly, with no empty sheet left behind.
import type { PostHogClient } from "../../api";
import { isPostHogError } from "../../api/posthog-error";
import type { GroupType } from "../../api/types";
import { UserFacingError } from "../../shared/failures";
import type { PullRequest } from "../../shared/rpc";

/**
 * What the groups list's `search` matches, as PostHog's GroupsViewSet.list filters it
 * (posthog/api/group.py: `group_properties__icontains` OR `group_key__iexact`): see docs/groups-search.md.
 */
export const SEARCH_MEANS = "Search finds the text in any property, or a key typed in full";

/** Pulls whose empty result means "nothing matched" rather than "PostHog holds nothing of this kind". */
export function isLookup(request: PullRequest): boolean {
  return (request.entity === "groups" && !!request.search) || request.entity === "related";
}

/** The failure to show for a lookup that found nothing (one `find` tells a missing key from nothing related). */
export function nothingMatched(
  client: PostHogClient,
  request: PullRequest,
  types: GroupType[],
): UserFacingError {
  const type = types.find(
    (t) => "groupTypeIndex" in request && t.group_type_index === request.groupTypeIndex,
  );
  if (request.entity === "groups") {
    const among = type ? ` among ${type.name_plural || `${type.group_type}s`}` : "";
    return new UserFacingError(
      "nothing_matched",
      `Nothing matched “${request.search}”${among}. ${SEARCH_MEANS} (capitals do not matter). Change the search and pull again; no sheet was made.`,
      "search",
    );
  }
  if (request.entity !== "related") throw new Error("nothingMatched: not a lookup");
  const singular = type ? type.name_singular || type.group_type : "group";
  let exists = true;
  try {
    client.groups.find({ groupTypeIndex: request.groupTypeIndex, groupKey: request.groupKey });
  } catch (error) {
    if (!isPostHogError(error) || error.code !== "not_found") throw error;
    exists = false;
  }
  return new UserFacingError(
    "nothing_matched",
    exists
      ? `Nothing is related to the ${singular} “${request.groupKey}” yet (PostHog looks at the last 90 days of events). No sheet was made.`
      : `No ${singular} has the key “${request.groupKey}” (keys match exactly). Check the key and pull again; no sheet was made.`,
    "groupKey",
  );
}

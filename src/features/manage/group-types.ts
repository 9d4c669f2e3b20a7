// Group types: delete after typing the name. Renaming happens only in PostHog's own interface (docs/posthog-api.md).
import type { PostHogClient } from "../../api";
import { UserFacingError } from "../../shared/failures";
import { argsOf } from "../../shared/respond";
import type { GroupTypeView } from "../../shared/rpc";
import { groupTypeView, int } from "./views";

/** Deletes the group type once its name is typed exactly; returns the group types left. */
export function deleteGroupType(client: PostHogClient, input: unknown): GroupTypeView[] {
  const args = argsOf(input);
  const index = int(args.groupTypeIndex, "groupTypeIndex", "group type");
  const api = client.groupTypes;
  const type = api.list().find((t) => t.group_type_index === index);
  if (!type)
    throw new UserFacingError("not_found", "This group type no longer exists.", "groupTypeIndex");
  if (String(args.confirmName ?? "").trim() !== type.group_type)
    throw new UserFacingError(
      "confirm_mismatch",
      `Type the group type's name, ${type.group_type}, to delete it.`,
      "confirmName",
    );
  api.delete(index);
  return api.list().map(groupTypeView);
}

import { isPostHogError } from "../api/posthog-error";
import { UserFacingError } from "../connection/failures";
import type { GroupTypeView, RpcResult } from "../shared/rpc";
import { answer, client, groupTypeView, int } from "./manage-common.gas";
import { argsOf } from "./rpc-handlers";

/** PostHog lets only legacy (unscoped) personal keys rename group types. */
const RENAME_REFUSED =
  "Your PostHog key cannot rename group types: PostHog allows it only with a personal API key created without scopes (a legacy key), or in PostHog itself. Nothing was changed.";

export const renameGroupTypeHandler = (input: unknown): RpcResult<GroupTypeView[]> =>
  answer(() => {
    const args = argsOf(input);
    const index = int(args.groupTypeIndex, "groupTypeIndex", "group type");
    const singular = String(args.name_singular ?? "").trim();
    const plural = String(args.name_plural ?? "").trim();
    if (!singular)
      throw new UserFacingError("invalid_input", "Enter the singular name.", "name_singular");
    if (!plural)
      throw new UserFacingError("invalid_input", "Enter the plural name.", "name_plural");
    if (singular.length > 400 || plural.length > 400)
      throw new UserFacingError(
        "invalid_input",
        "Names are at most 400 characters.",
        "name_singular",
      );
    try {
      return client()
        .groupTypes.updateMetadata([
          { groupTypeIndex: index, nameSingular: singular, namePlural: plural },
        ])
        .map(groupTypeView);
    } catch (error) {
      if (isPostHogError(error) && error.code === "forbidden")
        throw new UserFacingError("key_cannot_rename", RENAME_REFUSED);
      throw error;
    }
  });

export const deleteGroupTypeHandler = (input: unknown): RpcResult<GroupTypeView[]> =>
  answer(() => {
    const args = argsOf(input);
    const index = int(args.groupTypeIndex, "groupTypeIndex", "group type");
    const api = client().groupTypes;
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
  });

// Group types: delete after typing the name. Renaming happens only in PostHog's own interface (docs/posthog-api.md).
import { UserFacingError } from "../shared/failures";
import type { GroupTypeView, RpcResult } from "../shared/rpc";
import { answer, client, groupTypeView, int } from "./manage-common.gas";
import { argsOf } from "./rpc-handlers";

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

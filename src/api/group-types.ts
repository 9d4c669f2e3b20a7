// Group types: list (a bare array), delete, and renaming through update_metadata.
import type { ApiContext } from "./context";
import { invalidInput } from "./errors";
import type { GroupType } from "./types";
import { projectPath } from "./url";
import { checkGroupTypeIndex } from "./validate";

/** New display names for one group type. */
export interface GroupTypeNames {
  groupTypeIndex: number;
  nameSingular?: string | null;
  namePlural?: string | null;
}

export function createGroupTypesApi(ctx: ApiContext) {
  const { connection, requester } = ctx;
  const path = (...segments: Array<string | number>) =>
    projectPath(connection.projectId, "groups_types", ...segments);

  return {
    /** Every group type of the project (at most 5), ordered by index. Not paginated. */
    list(): GroupType[] {
      return requester.send<GroupType[]>({ method: "GET", path: path(), expect: "array" }).data;
    },

    /** Deletes a group type (`not_found` if it does not exist). Its data stays in events. */
    delete(groupTypeIndex: number): void {
      requester.send({ method: "DELETE", path: path(checkGroupTypeIndex(groupTypeIndex)) });
    },

    /**
     * Renames group types; returns the whole list. PostHog refuses this to scoped personal keys
     * (403 "This action does not support personal API key access", code `forbidden`); kept for old self-hosted
     * versions, where a key without scopes may (docs/posthog-api.md). The sidebar does not offer it.
     */
    updateMetadata(names: readonly GroupTypeNames[]): GroupType[] {
      if (!Array.isArray(names) || names.length === 0)
        throw invalidInput("Give at least one group type to rename.", "names");
      const body = names.map((entry) => {
        const item: Record<string, unknown> = {
          group_type_index: checkGroupTypeIndex(entry.groupTypeIndex),
        };
        if (entry.nameSingular !== undefined) item.name_singular = entry.nameSingular;
        if (entry.namePlural !== undefined) item.name_plural = entry.namePlural;
        return item;
      });
      return requester.send<GroupType[]>({
        method: "PATCH",
        path: path("update_metadata"),
        json: body,
        expect: "array",
      }).data;
    },
  };
}

/** The group types resource. */
export type GroupTypesApi = ReturnType<typeof createGroupTypesApi>;

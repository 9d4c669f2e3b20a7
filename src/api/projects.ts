// Who the key belongs to and which projects it can see: users/@me, the projects list, one project, @current.
import type { ApiContext } from "./context";
import {
  collectOffsetPages,
  type OffsetEnvelope,
  type OffsetOptions,
  type PageLimits,
  type PageResult,
} from "./paginate";
import type { CurrentUser, Project } from "./types";
import { apiPath, projectPath } from "./url";
import { checkOptionalInt } from "./validate";

export function createProjectsApi(ctx: ApiContext) {
  const { connection, requester } = ctx;

  function list(options: OffsetOptions = {}): OffsetEnvelope<Project> {
    const query = {
      limit: checkOptionalInt(options.limit, "limit", 1),
      offset: checkOptionalInt(options.offset, "offset", 0),
    };
    return requester.send<OffsetEnvelope<Project>>({
      method: "GET",
      path: apiPath("projects"),
      query,
      expect: "results",
    }).data;
  }

  return {
    /** The key's owner: a 200 means the key works (needs user:read). */
    me(): CurrentUser {
      return requester.send<CurrentUser>({
        method: "GET",
        path: apiPath("users", "@me"),
        expect: "object",
      }).data;
    },

    /** One page of the projects the key can see. */
    list,

    /** Collects every project page; `cursor` is the next offset. */
    listAll(
      options: PageLimits & { pageSize?: number; offset?: number } = {},
    ): PageResult<Project, number> {
      return collectOffsetPages((limit, offset) => list({ limit, offset }), options);
    },

    /** The connection's project. */
    get(): Project {
      return requester.send<Project>({
        method: "GET",
        path: projectPath(connection.projectId),
        expect: "object",
      }).data;
    },

    /** The project last selected in PostHog's UI (`not_found` if none); for discovery only, never for data calls. */
    current(): Project {
      return requester.send<Project>({
        method: "GET",
        path: apiPath("projects", "@current"),
        expect: "object",
      }).data;
    },
  };
}

/** The projects resource. */
export type ProjectsApi = ReturnType<typeof createProjectsApi>;
